package io.switchboard.engine;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.Cleaner;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where parked tickets' chunks live: off the Java heap (direct buffers) while this JVM's budget
 * lasts, in heap arrays after it.
 *
 * <p>Why off the heap: a parked chunk lives for days, so on the heap it is old-generation data
 * that only grows. With the default G1, every few seconds of resolved tickets took the old
 * generation over its marking threshold, so each new chunk started a concurrent cycle (a young
 * pause, marking on the collector's threads, a remark pause): at 3k tickets/s that was a cycle
 * every ~1.4 s (issue 12, docs/benchmarks-history.md#offheap-parked). Off the heap, the old
 * generation follows the open work.
 *
 * <p>The budget is half of the JVM's direct-memory limit ({@code -XX:MaxDirectMemorySize}, by
 * default the maximum heap size), so the network buffers, which count against the same limit,
 * keep the other half. It is shared by every engine of the JVM. Past it, chunks are heap arrays
 * again: parking goes on, only where the bytes live changes. Staying inside the budget also keeps
 * the JDK from its own answer to a full limit, a {@code System.gc()} and a wait, on the engine's
 * thread.
 *
 * <p>A direct chunk's memory is given back when its chunk is freed (through the JDK's unsupported
 * but stable {@code sun.misc.Unsafe.invokeCleaner}), or by the collector when that is not
 * available and when an engine is dropped with its chunks. Thread-safe.
 */
final class ChunkMemory {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final Method INVOKE_CLEANER;
    private static final Object UNSAFE;

    static {
        Object unsafe = null;
        Method invokeCleaner = null;
        try {
            Class<?> type = Class.forName("sun.misc.Unsafe");
            Field field = type.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            unsafe = field.get(null);
            invokeCleaner = type.getMethod("invokeCleaner", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unsafe = null; // the collector frees direct chunks instead
            invokeCleaner = null;
        }
        UNSAFE = unsafe;
        INVOKE_CLEANER = invokeCleaner;
    }

    /** The JVM's: half of its direct-memory limit (made after the statics its chunks use). */
    static final ChunkMemory JVM = new ChunkMemory(directLimit() / 2);

    private final long budget;
    private final AtomicLong reserved = new AtomicLong();

    /** Memory with {@code budget} bytes of direct chunks (0: heap arrays only). */
    ChunkMemory(long budget) {
        this.budget = Math.max(0, budget);
    }

    /** A chunk of {@code size} zeroed bytes: direct when the budget has room, else on the heap. */
    Chunk allocate(int size) {
        if (reserve(size)) {
            try {
                ByteBuffer bytes = ByteBuffer.allocateDirect(size);
                return new Chunk(bytes, CLEANER.register(bytes, new Release(reserved, size)));
            } catch (OutOfMemoryError e) {
                reserved.addAndGet(-size); // the limit is lower than we read, or others took it: the heap
            }
        }
        return new Chunk(ByteBuffer.allocate(size), null);
    }

    /** Bytes of direct chunks this memory may hold at once. */
    long budget() {
        return budget;
    }

    /** Bytes of direct chunks not yet given back, for tests and diagnostics. */
    long directBytes() {
        return reserved.get();
    }

    private boolean reserve(int size) {
        for (long now = reserved.get(); now + size <= budget; now = reserved.get()) {
            if (reserved.compareAndSet(now, now + size)) {
                return true;
            }
        }
        return false;
    }

    /** The direct-memory limit: {@code -XX:MaxDirectMemorySize}, or the maximum heap when it is unset (0). */
    static long directLimit() {
        try {
            HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            long set = Long.parseLong(hotSpot.getVMOption("MaxDirectMemorySize").getValue());
            return set > 0 ? set : Runtime.getRuntime().maxMemory();
        } catch (RuntimeException | LinkageError e) {
            return Runtime.getRuntime().maxMemory(); // not HotSpot, or a runtime without jdk.management: its default
        }
    }

    /** One chunk's bytes; {@link #free} once nothing reads it any more. */
    static final class Chunk {
        final ByteBuffer bytes;
        /** Gives the budget back; null for a heap chunk. */
        private final Cleaner.Cleanable release;

        private Chunk(ByteBuffer bytes, Cleaner.Cleanable release) {
            this.bytes = bytes;
            this.release = release;
        }

        boolean isDirect() {
            return release != null;
        }

        /** Gives a direct chunk's memory back now; the chunk must not be read again. */
        void free() {
            if (release == null) {
                return;
            }
            release.clean();
            if (INVOKE_CLEANER != null) {
                try {
                    INVOKE_CLEANER.invoke(UNSAFE, bytes);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // left to the collector
                }
            }
        }
    }

    /** The budget's share of one direct chunk, given back once (freed, or its buffer collected). */
    private record Release(AtomicLong reserved, int size) implements Runnable {
        @Override
        public void run() {
            reserved.addAndGet(-size);
        }
    }
}

package io.switchboard.api.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.switchboard.api.TicketJson;
import java.util.ArrayDeque;

/**
 * The bytes of a pre-encoded server message ({@link TicketJson.Message} plus its {@code seq}), in a
 * heap buffer whose array goes back to a small per-thread pool when Netty releases it.
 *
 * <p>Why: a push used to build the numbered message in a new array (head + the ~1.1 KB shared
 * ticket bytes + seq), which Netty then copies into a direct buffer for the socket and drops;
 * that array was about 1.2 KB of garbage per push, three pushes per ticket. Netty releases a heap
 * frame as soon as it has copied it (the WebSocket encoder for payloads up to 1 KiB, the
 * channel's heap-to-direct copy for larger ones), so the array can be written again.
 *
 * <p>Why a heap buffer of {@link UnpooledByteBufAllocator}'s and not a pooled one: Vert.x copies a
 * pooled, adaptive or composite buffer into a fresh heap buffer before it encodes a frame
 * ({@code VertxHandler.safeBuffer}, Vert.x 5.1.6), which would bring the copy back. An unpooled heap
 * buffer is passed on as is (as Vert.x does for its own text frames).
 *
 * <p>Arrays are {@link #ARRAY_BYTES} long; a longer message gets an array of its own that is not
 * kept. A buffer that is never released (a write Vert.x dropped without releasing) costs nothing but
 * its array, which the GC takes: the pool only ever holds arrays nobody references.
 *
 * <p>Threading: any thread; each thread takes from and returns to its own pool, at most
 * {@link #POOLED_PER_THREAD} arrays.
 */
final class RecycledFrames {
    /** Room for a typical ticket message (~1.2 KB) and its seq; most tickets fit. */
    static final int ARRAY_BYTES = 4096;
    static final int POOLED_PER_THREAD = 64;

    private static final ThreadLocal<ArrayDeque<byte[]>> POOL = ThreadLocal.withInitial(ArrayDeque::new);

    private RecycledFrames() {
    }

    /** {@code message.withSeq(seq)}'s bytes in a buffer of refCnt 1, whose release recycles its array. */
    static ByteBuf numbered(TicketJson.Message message, long seq) {
        int length = message.length(seq);
        byte[] array = length <= ARRAY_BYTES ? take() : new byte[length];
        message.writeWithSeq(seq, array);
        Recycled buf = new Recycled(array);
        buf.writerIndex(length);
        return buf;
    }

    /** Arrays held by the calling thread's pool (tests). */
    static int pooled() {
        return POOL.get().size();
    }

    private static byte[] take() {
        byte[] array = POOL.get().pollLast();
        return array == null ? new byte[ARRAY_BYTES] : array;
    }

    private static void recycle(byte[] array) {
        ArrayDeque<byte[]> pool = POOL.get();
        if (array.length == ARRAY_BYTES && pool.size() < POOLED_PER_THREAD) {
            pool.addLast(array);
        }
    }

    /** Its array goes back to the releasing thread's pool instead of to the GC. */
    private static final class Recycled extends UnpooledHeapByteBuf {
        Recycled(byte[] array) {
            super(UnpooledByteBufAllocator.DEFAULT, array, array.length);
        }

        @Override
        protected void freeArray(byte[] array) {
            if (array.length > 0) {
                recycle(array);
            }
        }
    }
}

package io.switchboard.api.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.switchboard.api.TicketJson;
import io.vertx.core.Completable;
import java.util.ArrayDeque;

/**
 * The bytes of a pre-encoded server message ({@link TicketJson.Message} plus its {@code seq}) in an
 * array that goes back to a small per-thread pool once the frame's write has completed.
 *
 * <p>Why: a push used to build the numbered message in a new array (head + the ~1.1 KB shared
 * ticket bytes + seq), which Netty copies into a direct buffer for the socket and then drops:
 * about 1.2 KB of garbage per push, three pushes and an ack per ticket.
 *
 * <p>When the array is free again: Vert.x 5.1.6 wraps a frame's buffer as unreleasable
 * ({@code WebSocketFrameImpl}), so Netty's release never reaches it; but the future of
 * {@code writeFrame} completes only after Netty has written (or dropped) the frame, and Netty has
 * stopped reading the array by then (it copies a heap payload when the write enters the channel).
 * So the caller hands the write's future a {@link Frame}, which recycles the array on completion.
 * The buffer is an unpooled heap one: Vert.x copies a pooled, adaptive or composite buffer before
 * it encodes a frame ({@code VertxHandler.safeBuffer}), which would bring the copy back.
 *
 * <p>Arrays are {@link #ARRAY_BYTES} long; a longer message gets an array of its own that is not
 * kept. A frame whose write never completes costs nothing but its array, which the GC takes: the
 * pool only ever holds arrays nobody references.
 *
 * <p>Threading: any thread; each thread takes from and returns to its own pool, at most
 * {@link #POOLED_PER_THREAD} arrays.
 */
final class RecycledFrames {
    /** Room for a typical ticket message (~1.2 KB) and its seq; most tickets fit. */
    static final int ARRAY_BYTES = 2048;
    /**
     * Enough for a burst of pushes whose writes complete only after the burst (a loop that pushes
     * a few hundred offers in one go): 512 KB per thread at most.
     */
    static final int POOLED_PER_THREAD = 256;

    private static final ThreadLocal<ArrayDeque<byte[]>> POOL = ThreadLocal.withInitial(ArrayDeque::new);

    private RecycledFrames() {
    }

    /**
     * One frame's bytes; pass it to the write's {@code onComplete} (it recycles its array then), and
     * use neither it nor {@link #buffer} afterwards.
     */
    static final class Frame implements Completable<Void> {
        private final byte[] array;
        private final ByteBuf buffer;

        private Frame(byte[] array, int length) {
            this.array = array;
            this.buffer = Unpooled.wrappedBuffer(array).writerIndex(length); // (array, 0, length) adds a slice
        }

        /** The message's bytes (readable from index 0). */
        ByteBuf buffer() {
            return buffer;
        }

        @Override
        public void complete(Void result, Throwable failure) {
            recycle(array);
        }
    }

    /** {@code message.withSeq(seq)}'s bytes, in a recycled array when they fit. */
    static Frame numbered(TicketJson.Message message, long seq) {
        int length = message.length(seq);
        byte[] array = length <= ARRAY_BYTES ? take() : new byte[length];
        message.writeWithSeq(seq, array);
        return new Frame(array, length);
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
}

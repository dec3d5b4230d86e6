package io.switchboard.api.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.switchboard.api.TicketJson;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RecycledFramesTest {
    private static byte[] randomBytes(SplittableRandom random, int max) {
        byte[] bytes = new byte[random.nextInt(max + 1)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    @Test
    void numbered_manyMessagesAndSeqs_sameBytesAsWithSeq() {
        SplittableRandom random = new SplittableRandom(12);
        long[] edges = {0, 1, 9, 10, 99, 100, 999_999, 1_000_000, Long.MAX_VALUE - 1, Long.MAX_VALUE};
        for (int i = 0; i < 5_000; i++) {
            TicketJson.Message message = new TicketJson.Message(randomBytes(random, 60),
                    randomBytes(random, i % 10 == 0 ? 9_000 : 3_000), randomBytes(random, 40));
            long seq = i < edges.length ? edges[i] : random.nextLong(Long.MAX_VALUE);
            ByteBuf frame = RecycledFrames.numbered(message, seq);
            try {
                assertThat(ByteBufUtil.getBytes(frame)).isEqualTo(message.withSeq(seq));
                assertThat(frame.readerIndex()).isZero();
            } finally {
                frame.release();
            }
        }
    }

    @Test
    void release_ofAFrameThatFits_nextFrameWritesTheSameArray() {
        TicketJson.Message message = TicketJson.idMessage("ack", "a-1");
        ByteBuf first = RecycledFrames.numbered(message, 7);
        byte[] array = first.array();
        first.release();
        ByteBuf second = RecycledFrames.numbered(message, 8);
        try {
            assertThat(second.array()).isSameAs(array);
            assertThat(second.toString(StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"ack\",\"id\":\"a-1\",\"seq\":8}");
        } finally {
            second.release();
        }
    }

    @Test
    void numbered_whileEarlierFramesAreUnreleased_neverSharesTheirArrays() {
        TicketJson.Message message = TicketJson.idMessage("ack", "x");
        ByteBuf first = RecycledFrames.numbered(message, 1);
        ByteBuf second = RecycledFrames.numbered(message, 2);
        try {
            assertThat(second.array()).isNotSameAs(first.array());
            assertThat(first.toString(StandardCharsets.UTF_8)).endsWith("\"seq\":1}");
        } finally {
            first.release();
            second.release();
        }
    }

    @Test
    void release_ofAFrameLongerThanThePooledArrays_leavesThePoolAsItWas() {
        TicketJson.Message large = new TicketJson.Message("{\"a\":\"".getBytes(StandardCharsets.UTF_8),
                new byte[RecycledFrames.ARRAY_BYTES], "\"".getBytes(StandardCharsets.UTF_8));
        ByteBuf frame = RecycledFrames.numbered(large, 3);
        int pooled = RecycledFrames.pooled();
        assertThat(frame.readableBytes()).isEqualTo(large.length(3));
        frame.release();
        assertThat(RecycledFrames.pooled()).isEqualTo(pooled);
    }

    @Test
    void release_manyFrames_poolStaysBounded() {
        TicketJson.Message message = TicketJson.idMessage("ack", "y");
        ByteBuf[] frames = new ByteBuf[RecycledFrames.POOLED_PER_THREAD * 2];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = RecycledFrames.numbered(message, i);
        }
        for (ByteBuf frame : frames) {
            frame.release();
        }
        assertThat(RecycledFrames.pooled()).isEqualTo(RecycledFrames.POOLED_PER_THREAD);
    }
}

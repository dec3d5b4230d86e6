package io.switchboard.api.ws;

import static org.assertj.core.api.Assertions.assertThat;

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
            RecycledFrames.Frame frame = RecycledFrames.numbered(message, seq);
            assertThat(ByteBufUtil.getBytes(frame.buffer())).isEqualTo(message.withSeq(seq));
            frame.succeed(); // recycled: the next frames write over an earlier one's array
        }
    }

    @Test
    void complete_ofAFrameThatFits_nextFrameWritesTheSameArray() {
        TicketJson.Message message = TicketJson.idMessage("ack", "a-1");
        RecycledFrames.Frame first = RecycledFrames.numbered(message, 7);
        byte[] array = first.buffer().array();
        first.fail(new IllegalStateException("WebSocket is closed")); // a failed write frees it too
        RecycledFrames.Frame second = RecycledFrames.numbered(message, 8);
        assertThat(second.buffer().array()).isSameAs(array);
        assertThat(second.buffer().toString(StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"ack\",\"id\":\"a-1\",\"seq\":8}");
        second.succeed();
    }

    @Test
    void numbered_whileEarlierWritesAreIncomplete_neverSharesTheirArrays() {
        TicketJson.Message message = TicketJson.idMessage("ack", "x");
        RecycledFrames.Frame first = RecycledFrames.numbered(message, 1);
        RecycledFrames.Frame second = RecycledFrames.numbered(message, 2);
        assertThat(second.buffer().array()).isNotSameAs(first.buffer().array());
        assertThat(first.buffer().toString(StandardCharsets.UTF_8)).endsWith("\"seq\":1}");
        first.succeed();
        second.succeed();
    }

    @Test
    void complete_ofAFrameLongerThanThePooledArrays_leavesThePoolAsItWas() {
        TicketJson.Message large = new TicketJson.Message("{\"a\":\"".getBytes(StandardCharsets.UTF_8),
                new byte[RecycledFrames.ARRAY_BYTES], "\"".getBytes(StandardCharsets.UTF_8));
        RecycledFrames.Frame frame = RecycledFrames.numbered(large, 3);
        int pooled = RecycledFrames.pooled();
        assertThat(frame.buffer().readableBytes()).isEqualTo(large.length(3));
        frame.succeed();
        assertThat(RecycledFrames.pooled()).isEqualTo(pooled);
    }

    @Test
    void complete_manyFrames_poolStaysBounded() {
        TicketJson.Message message = TicketJson.idMessage("ack", "y");
        RecycledFrames.Frame[] frames = new RecycledFrames.Frame[RecycledFrames.POOLED_PER_THREAD * 2];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = RecycledFrames.numbered(message, i);
        }
        for (RecycledFrames.Frame frame : frames) {
            frame.succeed();
        }
        assertThat(RecycledFrames.pooled()).isEqualTo(RecycledFrames.POOLED_PER_THREAD);
    }
}

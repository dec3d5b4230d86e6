package io.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.event.DomainEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A batch framed in place is byte for byte what the journal wrote before: the durable shape does not move. */
class FrameBufferTest {
    private final EventCodec codec = EventCodec.instance();

    /** The payload as a {@code DataOutputStream} writes it (strings through {@code getBytes(UTF_8)}): the durable reference. */
    private byte[] streamed(DomainEvent event) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            codec.encode(event, out);
        }
        return bytes.toByteArray();
    }

    private byte[] framedTheOldWay(List<DomainEvent> events) throws Exception {
        List<byte[]> payloads = new ArrayList<>();
        int size = 0;
        for (DomainEvent event : events) {
            byte[] payload = streamed(event);
            payloads.add(payload);
            size += Records.framedSize(payload);
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        payloads.forEach(p -> Records.frame(buffer, p));
        return buffer.array();
    }

    private static byte[] bytesOf(FrameBuffer frames) {
        ByteBuffer view = frames.buffer();
        byte[] out = new byte[view.remaining()];
        view.get(out);
        return out;
    }

    @Test
    void frame_everyEventType_sameBytesAsEncodeThenFrame() throws Exception {
        List<DomainEvent> events = EverySample.events();
        FrameBuffer frames = new FrameBuffer();
        frames.reset();
        for (DomainEvent event : events) {
            frames.frame(codec, event);
        }
        assertThat(bytesOf(frames)).isEqualTo(framedTheOldWay(events));
        assertThat(Records.scan(frames.buffer()).payloads()).hasSize(events.size());
    }

    @Test
    void frame_nonAsciiAndLongStrings_sameBytesAndDecodeBack() throws Exception {
        DomainEvent marker = new DomainEvent.StreamAppended(1L, "agent:张三", 7, "offer", "tkt_é" + "x".repeat(70_000),
                "off_😀", 9L, null, "原因 reason", null, 0);
        FrameBuffer frames = new FrameBuffer();
        frames.reset();
        frames.frame(codec, marker);
        frames.frame(codec, marker);
        assertThat(bytesOf(frames)).isEqualTo(framedTheOldWay(List.of(marker, marker)));
        assertThat(codec.decode(Records.scan(frames.buffer()).payloads().get(1))).isEqualTo(marker);
    }

    @Test
    void reset_nextBatch_startsEmptyAndHoldsOnlyItsOwnRecords() throws Exception {
        FrameBuffer frames = new FrameBuffer();
        frames.reset();
        frames.frame(codec, EverySample.events().get(0));
        frames.reset();
        assertThat(frames.size()).isZero();
        DomainEvent second = EverySample.events().get(1);
        frames.frame(codec, second);
        assertThat(bytesOf(frames)).isEqualTo(framedTheOldWay(List.of(second)));
    }

    @Test
    void frame_awkwardStrings_sameBytesAsThroughADataOutputStream() throws Exception {
        List<DomainEvent> events = new ArrayList<>();
        for (String awkward : List.of("lone high \uD800 end", "\uDC00 lone low", "ends high \uD83D", "\u00e9\u0800\uFFFF",
                "emoji \uD83D\uDE00 and 工单", "")) {
            events.add(new DomainEvent.StreamAppended(1L, "agent:" + awkward, 1, "offer", awkward, null, 0, null, awkward,
                    null, 0));
        }
        FrameBuffer frames = new FrameBuffer();
        for (DomainEvent event : events) {
            frames.reset();
            frames.frame(codec, event);
            assertThat(bytesOf(frames)).as(((DomainEvent.StreamAppended) event).reason())
                    .isEqualTo(framedTheOldWay(List.of(event)));
        }
    }

    @Test
    void writeUTF_modifiedUtf8_refusedRatherThanWrittenInAnotherShape() {
        assertThatThrownBy(() -> new FrameBuffer().writeUTF("x")).isInstanceOf(UnsupportedOperationException.class);
    }
}

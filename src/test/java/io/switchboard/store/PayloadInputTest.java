package io.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.event.DomainEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The decoder's input reads what {@code DataInputStream} read from the same bytes, and fails where it failed. */
class PayloadInputTest {
    private final EventCodec codec = EventCodec.instance();

    @Test
    void primitives_writtenByDataOutputStream_readBackAsDataInputStreamReadsThem() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeShort(0xfffe);
            out.writeInt(-123_456_789);
            out.writeLong(Long.MIN_VALUE + 7);
            out.writeBoolean(true);
            out.writeByte(-2);
            out.writeDouble(-0.1);
            out.writeFloat(3.5f);
            out.writeChar('é');
        }
        byte[] payload = bytes.toByteArray();
        PayloadInput fast = new PayloadInput(payload);
        DataInputStream reference = new DataInputStream(new ByteArrayInputStream(payload));

        assertThat(fast.readUnsignedShort()).isEqualTo(reference.readUnsignedShort());
        assertThat(fast.readInt()).isEqualTo(reference.readInt());
        assertThat(fast.readLong()).isEqualTo(reference.readLong());
        assertThat(fast.readBoolean()).isEqualTo(reference.readBoolean());
        assertThat(fast.readByte()).isEqualTo(reference.readByte());
        assertThat(fast.readDouble()).isEqualTo(reference.readDouble());
        assertThat(fast.readFloat()).isEqualTo(reference.readFloat());
        assertThat(fast.readChar()).isEqualTo(reference.readChar());
        assertThatThrownBy(fast::readByte).isInstanceOf(EOFException.class);
    }

    @Test
    void readUtf8_multibyteAndSurrogatePairs_sameStringAsDecodingACopy() throws Exception {
        String text = "工单 Ticket ✓ 😀 é";
        byte[] utf8 = ("xx" + text).getBytes(StandardCharsets.UTF_8);
        PayloadInput in = new PayloadInput(utf8);
        in.skipBytes(2);

        assertThat(in.readUtf8(utf8.length - 2)).isEqualTo(text);
        assertThatThrownBy(() -> in.readUtf8(1)).isInstanceOf(EOFException.class);
    }

    @Test
    void readInt_pastTheEnd_failsWithEofAsDataInputStreamDoes() {
        PayloadInput in = new PayloadInput(new byte[] {1, 2, 3});

        assertThatThrownBy(in::readInt).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> in.readFully(new byte[4])).isInstanceOf(EOFException.class);
    }

    @Test
    void decode_everySampleEvent_equalsTheEventEncoded() {
        for (DomainEvent event : EverySample.events()) {
            assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
        }
    }

    @Test
    void decode_truncatedPayload_isReportedAsCorruptNotAnotherException() {
        byte[] whole = codec.encode(EverySample.events().get(0));
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 3);

        assertThatThrownBy(() -> codec.decode(cut)).isInstanceOf(JournalCorruptException.class);
    }
}

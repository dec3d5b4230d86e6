package io.switchboard.store;

import io.switchboard.core.event.DomainEvent;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * One journal batch, encoded and framed in place ({@code [int length][int crc32c][payload]} per
 * event, as {@link Records#frame} writes it) in one array reused from batch to batch. Replaces, per
 * event, a {@code ByteArrayOutputStream} grown by copies, its {@code DataOutputStream}, the
 * {@code toByteArray} copy, a UTF-8 copy of every string and the copy of each payload into the
 * batch's {@code ByteBuffer}: the bytes written are the same (a {@link DataOutput} writes
 * big-endian as {@code DataOutputStream} does; {@link #writeUtf8} writes what {@code getBytes(UTF_8)}
 * gives, behind its length).
 *
 * <p>Threading: one batch at a time (a journal's appends run in order, one after the other).
 */
final class FrameBuffer implements DataOutput {
    private static final int INITIAL = 64 * 1024;
    /** A batch that needed more is not kept: the next one starts small again. */
    private static final int KEPT = 4 * 1024 * 1024;

    private final CRC32C crc = new CRC32C();
    private byte[] bytes = new byte[INITIAL];
    private int size;

    /** Starts a new batch. */
    void reset() {
        size = 0;
        if (bytes.length > KEPT) {
            bytes = new byte[INITIAL];
        }
    }

    /** Encodes {@code event} with {@code codec} as one framed record at the end of the batch. */
    void frame(EventCodec codec, DomainEvent event) throws IOException {
        int start = size;
        ensure(Records.HEADER);
        size += Records.HEADER;
        codec.encode(event, this);
        int length = size - start - Records.HEADER;
        crc.reset();
        crc.update(bytes, start + Records.HEADER, length);
        putInt(start, length);
        putInt(start + 4, (int) crc.getValue());
    }

    /**
     * Encodes {@code event} alone (a payload, no frame) in place of whatever the buffer held and
     * returns a copy of its bytes: what {@link EventCodec#encode(DomainEvent)} returns.
     */
    byte[] payload(EventCodec codec, DomainEvent event) throws IOException {
        reset();
        codec.encode(event, this);
        return Arrays.copyOf(bytes, size);
    }

    /** The batch so far, ready to write (a view of the array: valid until the next change). */
    ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes, 0, size);
    }

    int size() {
        return size;
    }

    /**
     * {@code [int length][UTF-8 bytes]} of {@code value}, the bytes {@code getBytes(UTF_8)} gives
     * (an unpaired surrogate becomes {@code '?'}, as there), encoded straight into the array
     * instead of into a worst-case array that is then copied to size.
     */
    void writeUtf8(String value) {
        int length = value.length();
        ensure(4 + 3 * length);
        int start = size;
        int at = start + 4;
        byte[] b = bytes;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                b[at++] = (byte) c;
            } else if (c < 0x800) {
                b[at++] = (byte) (0xc0 | (c >> 6));
                b[at++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isSurrogate(c)) {
                char low = i + 1 < length ? value.charAt(i + 1) : 0;
                if (Character.isHighSurrogate(c) && Character.isLowSurrogate(low)) {
                    int cp = Character.toCodePoint(c, low);
                    b[at++] = (byte) (0xf0 | (cp >> 18));
                    b[at++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                    b[at++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                    b[at++] = (byte) (0x80 | (cp & 0x3f));
                    i++;
                } else {
                    b[at++] = (byte) '?';
                }
            } else {
                b[at++] = (byte) (0xe0 | (c >> 12));
                b[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                b[at++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        putInt(start, at - start - 4);
        size = at;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    private void putInt(int at, int v) {
        bytes[at] = (byte) (v >>> 24);
        bytes[at + 1] = (byte) (v >>> 16);
        bytes[at + 2] = (byte) (v >>> 8);
        bytes[at + 3] = (byte) v;
    }

    @Override
    public void write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b) {
        write(b, 0, b.length);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
    }

    @Override
    public void writeBoolean(boolean v) {
        write(v ? 1 : 0);
    }

    @Override
    public void writeByte(int v) {
        write(v);
    }

    @Override
    public void writeShort(int v) {
        ensure(2);
        bytes[size++] = (byte) (v >>> 8);
        bytes[size++] = (byte) v;
    }

    @Override
    public void writeChar(int v) {
        writeShort(v);
    }

    @Override
    public void writeInt(int v) {
        ensure(4);
        putInt(size, v);
        size += 4;
    }

    @Override
    public void writeLong(long v) {
        writeInt((int) (v >>> 32));
        writeInt((int) v);
    }

    @Override
    public void writeFloat(float v) {
        writeInt(Float.floatToIntBits(v));
    }

    @Override
    public void writeDouble(double v) {
        writeLong(Double.doubleToLongBits(v));
    }

    @Override
    public void writeBytes(String s) {
        for (int i = 0; i < s.length(); i++) {
            write(s.charAt(i));
        }
    }

    @Override
    public void writeChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            writeChar(s.charAt(i));
        }
    }

    /** Not used by the codec (it writes strings as {@link #writeUtf8}); modified UTF-8 is not offered. */
    @Override
    public void writeUTF(String s) {
        throw new UnsupportedOperationException("the event codec writes strings as length + UTF-8");
    }
}

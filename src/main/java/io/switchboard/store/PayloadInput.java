package io.switchboard.store;

import java.io.DataInput;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;

/**
 * One event payload read as a {@link DataInput}: the values {@code DataInputStream} over a
 * {@code ByteArrayInputStream} reads (big-endian, {@link EOFException} past the end), without
 * their cost: that pair takes a lock per byte read ({@code ByteArrayInputStream.read} is
 * synchronized and {@code readInt} reads four times), and a string was copied out of the payload
 * before it was decoded. Decoding is what a snapshot, a restart and a follower reading the journal
 * back spend their time on.
 *
 * <p>Threading: one decode at a time (a new instance per payload).
 */
final class PayloadInput implements DataInput {
    private final byte[] bytes;
    private int at;

    PayloadInput(byte[] bytes) {
        this.bytes = bytes;
    }

    /** {@code length} bytes decoded as UTF-8, as {@code new String(copy, UTF_8)} would decode them. */
    String readUtf8(int length) throws EOFException {
        need(length);
        String text = new String(bytes, at, length, StandardCharsets.UTF_8);
        at += length;
        return text;
    }

    private void need(int n) throws EOFException {
        if (n < 0 || bytes.length - at < n) {
            throw new EOFException();
        }
    }

    @Override
    public void readFully(byte[] b) throws EOFException {
        readFully(b, 0, b.length);
    }

    @Override
    public void readFully(byte[] b, int off, int len) throws EOFException {
        need(len);
        System.arraycopy(bytes, at, b, off, len);
        at += len;
    }

    @Override
    public int skipBytes(int n) {
        int skipped = Math.max(0, Math.min(n, bytes.length - at));
        at += skipped;
        return skipped;
    }

    @Override
    public boolean readBoolean() throws EOFException {
        return readUnsignedByte() != 0;
    }

    @Override
    public byte readByte() throws EOFException {
        need(1);
        return bytes[at++];
    }

    @Override
    public int readUnsignedByte() throws EOFException {
        return readByte() & 0xff;
    }

    @Override
    public short readShort() throws EOFException {
        return (short) readUnsignedShort();
    }

    @Override
    public int readUnsignedShort() throws EOFException {
        need(2);
        int v = ((bytes[at] & 0xff) << 8) | (bytes[at + 1] & 0xff);
        at += 2;
        return v;
    }

    @Override
    public char readChar() throws EOFException {
        return (char) readUnsignedShort();
    }

    @Override
    public int readInt() throws EOFException {
        need(4);
        int v = ((bytes[at] & 0xff) << 24) | ((bytes[at + 1] & 0xff) << 16) | ((bytes[at + 2] & 0xff) << 8)
                | (bytes[at + 3] & 0xff);
        at += 4;
        return v;
    }

    @Override
    public long readLong() throws EOFException {
        long high = readInt() & 0xffffffffL;
        long low = readInt() & 0xffffffffL;
        return (high << 32) | low;
    }

    @Override
    public float readFloat() throws EOFException {
        return Float.intBitsToFloat(readInt());
    }

    @Override
    public double readDouble() throws EOFException {
        return Double.longBitsToDouble(readLong());
    }

    /** Not used by the codec (it reads strings as length + UTF-8). */
    @Override
    public String readLine() {
        throw new UnsupportedOperationException("the event codec reads strings as length + UTF-8");
    }

    /** Not used by the codec (it reads strings as length + UTF-8). */
    @Override
    public String readUTF() {
        throw new UnsupportedOperationException("the event codec reads strings as length + UTF-8");
    }
}

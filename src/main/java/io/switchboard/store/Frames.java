package io.switchboard.store;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Checked records of journal or snapshot files, left where they are in the files' bytes: a
 * compaction reads a million records and writes most of them back, so it neither copies each
 * payload out nor computes a kept record's checksum again ({@link #copyFrame} writes the record as
 * read, header and all, which is what {@link Records#frame} would write for its payload).
 *
 * <p>Threading: one thread (a compaction).
 */
final class Frames implements EncodedEvents {
    /** Per record, the bytes of its file (shared by the records of one file), where it starts and its payload length. */
    private byte[][] files = new byte[1024][];
    private int[] starts = new int[1024];
    private int[] lengths = new int[1024];
    private int size;
    private long framedBytes;
    private String damage;

    /**
     * The valid records of {@code file}, in order, up to the first it cannot read (as
     * {@link Records#scan}, but without telling a torn tail from damage: {@link #damage} describes
     * the first bad record, null when clean).
     */
    static Frames of(byte[] file) {
        Frames frames = new Frames();
        ByteBuffer view = ByteBuffer.wrap(file);
        CRC32C crc = new CRC32C();
        int offset = 0;
        while (offset < file.length) {
            int length = Records.checkedLength(view, offset, crc);
            if (length < 0) {
                frames.damage = Records.describe(view, offset);
                break;
            }
            frames.add(file, offset, length);
            offset += Records.HEADER + length;
        }
        return frames;
    }

    /** Adds every record of {@code other}. */
    void addAll(Frames other) {
        addRange(other, 0, other.size);
    }

    /** Adds the records {@code from} (inclusive) to {@code to} (exclusive) of {@code other}. */
    void addRange(Frames other, int from, int to) {
        int count = to - from;
        if (count <= 0) {
            return;
        }
        ensureRoom(count);
        System.arraycopy(other.files, from, files, size, count);
        System.arraycopy(other.starts, from, starts, size, count);
        System.arraycopy(other.lengths, from, lengths, size, count);
        for (int i = from; i < to; i++) {
            framedBytes += Records.HEADER + other.lengths[i];
        }
        size += count;
    }

    private void add(byte[] file, int start, int length) {
        ensureRoom(1);
        files[size] = file;
        starts[size] = start;
        lengths[size] = length;
        size++;
        framedBytes += Records.HEADER + length;
    }

    private void ensureRoom(int more) {
        if (size + more > starts.length) {
            int capacity = Math.max(size + more, 2 * starts.length);
            files = Arrays.copyOf(files, capacity);
            starts = Arrays.copyOf(starts, capacity);
            lengths = Arrays.copyOf(lengths, capacity);
        }
    }

    /** The first bad record of the file read by {@link #of}, or null when it is clean. */
    String damage() {
        return damage;
    }

    /** The size of all records, headers included. */
    long framedBytes() {
        return framedBytes;
    }

    /** Record {@code i}'s size with its header. */
    int framedSize(int i) {
        return Records.HEADER + length(i);
    }

    /** Puts record {@code i}, header and all, as it was read. */
    void copyFrame(int i, ByteBuffer into) {
        into.put(files[i], starts[i], framedSize(i));
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public byte[] bytes(int i) {
        return files[i];
    }

    @Override
    public int offset(int i) {
        return starts[i] + Records.HEADER;
    }

    @Override
    public int length(int i) {
        return lengths[i];
    }
}

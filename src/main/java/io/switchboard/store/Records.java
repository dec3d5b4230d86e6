package io.switchboard.store;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The framing of journal and snapshot files: each record is {@code [int length][int crc32c]
 * [payload]}, big-endian. A reader tells a torn tail (the last write of a crashed process,
 * incomplete or unreadable, with nothing valid after it) from corruption in the middle.
 */
final class Records {
    static final int HEADER = 8;
    static final int MAX_RECORD = 64 * 1024 * 1024;
    /** How far past a bad record to look for a valid one before calling the damage a torn tail. */
    private static final int RESYNC_WINDOW = 1024 * 1024;

    private Records() {
    }

    static void frame(ByteBuffer into, byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        into.putInt(payload.length).putInt((int) crc.getValue()).put(payload);
    }

    static int framedSize(byte[] payload) {
        return HEADER + payload.length;
    }

    /** The records of one file. {@code validBytes} ends the last good record; {@code damage} is null when clean. */
    record Scan(List<byte[]> payloads, long validBytes, String damage, boolean tornTail) {}

    static Scan scan(ByteBuffer file) {
        List<byte[]> payloads = new ArrayList<>();
        int offset = 0;
        int size = file.limit();
        while (offset < size) {
            byte[] payload = read(file, offset);
            if (payload == null) {
                String damage = describe(file, offset);
                boolean torn = !validRecordAfter(file, offset + 1);
                return new Scan(payloads, offset, damage, torn);
            }
            payloads.add(payload);
            offset += HEADER + payload.length;
        }
        return new Scan(payloads, offset, null, false);
    }

    /**
     * The payload of a valid record at {@code offset}, or null (none there, cut short or damaged):
     * for a reader that resumes at a known record boundary and stops at the first record it cannot
     * read, without the resync {@link #scan} does to tell a torn tail from damage.
     */
    static byte[] readAt(ByteBuffer file, int offset) {
        return read(file, offset);
    }

    /** The payload of a valid record at {@code offset}, or null. */
    private static byte[] read(ByteBuffer file, int offset) {
        int size = file.limit();
        if (size - offset < HEADER) {
            return null;
        }
        int length = file.getInt(offset);
        if (length < 4 || length > MAX_RECORD || length > size - offset - HEADER) {
            return null;
        }
        int expected = file.getInt(offset + 4);
        byte[] payload = new byte[length];
        file.get(offset + HEADER, payload);
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return (int) crc.getValue() == expected ? payload : null;
    }

    /**
     * The payload length of a valid record at {@code offset}, or -1 (none there, cut short or
     * damaged), checked as {@link #readAt} does but without copying the payload; {@code file} wraps
     * an array, {@code crc} is reset here.
     */
    static int checkedLength(ByteBuffer file, int offset, CRC32C crc) {
        int size = file.limit();
        if (size - offset < HEADER) {
            return -1;
        }
        int length = file.getInt(offset);
        if (length < 4 || length > MAX_RECORD || length > size - offset - HEADER) {
            return -1;
        }
        crc.reset();
        crc.update(file.array(), file.arrayOffset() + offset + HEADER, length);
        return (int) crc.getValue() == file.getInt(offset + 4) ? length : -1;
    }

    private static boolean validRecordAfter(ByteBuffer file, int from) {
        int end = (int) Math.min(file.limit(), (long) from + RESYNC_WINDOW);
        for (int offset = from; offset < end; offset++) {
            if (read(file, offset) != null) {
                return true;
            }
        }
        return false;
    }

    static String describe(ByteBuffer file, int offset) {
        int remaining = file.limit() - offset;
        if (remaining < HEADER) {
            return "incomplete record header (" + remaining + " bytes) at offset " + offset;
        }
        int length = file.getInt(offset);
        if (length < 4 || length > MAX_RECORD) {
            return "implausible record length " + length + " at offset " + offset;
        }
        if (length > remaining - HEADER) {
            return "record at offset " + offset + " needs " + length + " bytes, only " + (remaining - HEADER)
                    + " remain";
        }
        return "checksum mismatch in the record at offset " + offset;
    }
}

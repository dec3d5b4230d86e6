package io.switchboard.store;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A compaction's streams by name, looked up by the name's UTF-8 bytes where they lie in an
 * encoded event: a range holds a marker for most pushed messages, and a {@code String} per marker
 * only to find its stream was most of what the plan allocated. Open addressing, linear probing,
 * at most half full.
 *
 * <p>Threading: one thread (a compaction).
 */
final class StreamTable {
    private byte[][] names = new byte[64][];
    private int[] hashes = new int[64];
    private StreamMarkers[] streams = new StreamMarkers[64];
    private int size;

    /** The stream named by {@code length} UTF-8 bytes of {@code bytes} from {@code offset}; created on first use. */
    StreamMarkers get(byte[] bytes, int offset, int length) {
        int hash = 1;
        for (int i = offset; i < offset + length; i++) {
            hash = 31 * hash + bytes[i];
        }
        int mask = names.length - 1;
        for (int slot = mix(hash) & mask; ; slot = (slot + 1) & mask) {
            byte[] name = names[slot];
            if (name == null) {
                StreamMarkers stream = new StreamMarkers();
                names[slot] = Arrays.copyOfRange(bytes, offset, offset + length);
                hashes[slot] = hash;
                streams[slot] = stream;
                if (++size > names.length / 2) {
                    grow();
                }
                return stream;
            }
            if (hashes[slot] == hash && Arrays.equals(name, 0, name.length, bytes, offset, offset + length)) {
                return streams[slot];
            }
        }
    }

    void forEach(Consumer<StreamMarkers> action) {
        for (StreamMarkers stream : streams) {
            if (stream != null) {
                action.accept(stream);
            }
        }
    }

    private void grow() {
        byte[][] oldNames = names;
        int[] oldHashes = hashes;
        StreamMarkers[] oldStreams = streams;
        names = new byte[2 * oldNames.length][];
        hashes = new int[names.length];
        streams = new StreamMarkers[names.length];
        int mask = names.length - 1;
        for (int i = 0; i < oldNames.length; i++) {
            if (oldNames[i] != null) {
                int slot = mix(oldHashes[i]) & mask;
                while (names[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                names[slot] = oldNames[i];
                hashes[slot] = oldHashes[i];
                streams[slot] = oldStreams[i];
            }
        }
    }

    /** Spreads the high bits of a polynomial hash into the low bits the mask keeps. */
    private static int mix(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}

package io.switchboard.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Numbers names (streams, ticket ids) 0, 1, 2, ... in order of first appearance, looked up by the
 * name's UTF-8 bytes where they lie in an encoded event: a compaction reads a stream or ticket
 * name from most events of a range, and a {@code String} per event only to look it up was most of
 * what its plan allocated. Open addressing, linear probing, at most half full.
 *
 * <p>Threading: one thread (a compaction).
 */
final class NameNumbers {
    private byte[][] names = new byte[64][];
    private int[] hashes = new int[64];
    private int[] numbers = new int[64];
    private int size;

    /** The number of the name in {@code length} UTF-8 bytes of {@code bytes} from {@code offset}; the next free one if new. */
    int number(byte[] bytes, int offset, int length) {
        int hash = 1;
        for (int i = offset; i < offset + length; i++) {
            hash = 31 * hash + bytes[i];
        }
        int mask = names.length - 1;
        for (int slot = mix(hash) & mask; ; slot = (slot + 1) & mask) {
            byte[] name = names[slot];
            if (name == null) {
                int number = size++;
                names[slot] = Arrays.copyOfRange(bytes, offset, offset + length);
                hashes[slot] = hash;
                numbers[slot] = number;
                if (size > names.length / 2) {
                    grow();
                }
                return number;
            }
            if (hashes[slot] == hash && Arrays.equals(name, 0, name.length, bytes, offset, offset + length)) {
                return numbers[slot];
            }
        }
    }

    /** The number of {@code name} (for events that were decoded): the same as for its UTF-8 bytes. */
    int number(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        return number(bytes, 0, bytes.length);
    }

    /** How many names have a number. */
    int size() {
        return size;
    }

    private void grow() {
        byte[][] oldNames = names;
        int[] oldHashes = hashes;
        int[] oldNumbers = numbers;
        names = new byte[2 * oldNames.length][];
        hashes = new int[names.length];
        numbers = new int[names.length];
        int mask = names.length - 1;
        for (int i = 0; i < oldNames.length; i++) {
            if (oldNames[i] != null) {
                int slot = mix(oldHashes[i]) & mask;
                while (names[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                names[slot] = oldNames[i];
                hashes[slot] = oldHashes[i];
                numbers[slot] = oldNumbers[i];
            }
        }
    }

    /** Spreads the high bits of a polynomial hash into the low bits the mask keeps. */
    private static int mix(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}

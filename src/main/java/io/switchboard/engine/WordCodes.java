package io.switchboard.engine;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Small numbers for the few strings that stream markers repeat (a message's kind, a presence, a
 * revoke reason, an alert type, who must act): 0 stands for null, 1 and up for a word. A word is
 * never dropped, because windowed messages hold its code; instead the table stops growing at
 * {@code capacity} words and refuses words longer than {@code maxLength}, so strings that come from
 * requests cannot grow it without bound: {@link #code} is then -1 and the caller keeps the string
 * some other way. Capacity at most 65,535, so that a code fits 16 bits.
 *
 * <p>Threading: the engine's context only; not thread-safe.
 */
final class WordCodes {
    private final int capacity;
    private final int maxLength;
    private final Map<String, Integer> codes = new HashMap<>();
    /** Words by code; index 0 (null) unused. */
    private String[] words = new String[16];

    WordCodes(int capacity, int maxLength) {
        if (capacity < 0 || capacity > 0xFFFF) {
            throw new IllegalArgumentException("capacity must be 0 to 65535, was " + capacity);
        }
        this.capacity = capacity;
        this.maxLength = maxLength;
    }

    /** The code of {@code word} (0 for null), given it now if there is room; -1 when there is none. No allocation once known. */
    int code(String word) {
        if (word == null) {
            return 0;
        }
        Integer known = codes.get(word);
        if (known != null) {
            return known;
        }
        if (codes.size() >= capacity || word.length() > maxLength) {
            return -1;
        }
        int code = codes.size() + 1;
        if (code == words.length) {
            words = Arrays.copyOf(words, Math.min(2 * words.length, capacity + 1));
        }
        words[code] = word;
        codes.put(word, code);
        return code;
    }

    /** The word a {@link #code} stands for (null for 0). */
    String word(int code) {
        return code == 0 ? null : words[code];
    }

    /** Words held (for tests). */
    int size() {
        return codes.size();
    }
}

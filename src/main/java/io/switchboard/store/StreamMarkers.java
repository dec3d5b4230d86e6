package io.switchboard.store;

import java.util.BitSet;

/**
 * One stream's newest {@link Compaction#STREAM_KEEP_COUNT} markers, oldest first, as a ring of indexes
 * and their {@code at}; grown on demand, as most streams hold a few markers. Part of a
 * {@link Compaction}'s plan.
 *
 * <p>Threading: one thread (a compaction).
 */
final class StreamMarkers {
    private int[] indexes = new int[4];
    private long[] ats = new long[4];
    private int first;
    private int size;
    private int last;

    void add(int index, long at) {
        last = index;
        if (size == indexes.length && size < Compaction.STREAM_KEEP_COUNT) {
            grow();
        }
        if (size < indexes.length) {
            int slot = (first + size) % indexes.length;
            indexes[slot] = index;
            ats[slot] = at;
            size++;
        } else {
            // full at STREAM_KEEP_COUNT: the newest replaces the oldest
            indexes[first] = index;
            ats[first] = at;
            first = (first + 1) % indexes.length;
        }
    }

    private void grow() {
        int capacity = Math.min(Compaction.STREAM_KEEP_COUNT, 2 * indexes.length);
        int[] newIndexes = new int[capacity];
        long[] newAts = new long[capacity];
        for (int i = 0; i < size; i++) {
            int slot = (first + i) % indexes.length;
            newIndexes[i] = indexes[slot];
            newAts[i] = ats[slot];
        }
        indexes = newIndexes;
        ats = newAts;
        first = 0;
    }

    /** Marks the stream's last marker and those of its newest at or after {@code oldestAt}. */
    void keepInto(BitSet keep, long oldestAt) {
        keep.set(last);
        for (int i = 0; i < size; i++) {
            int slot = (first + i) % indexes.length;
            if (ats[slot] >= oldestAt) {
                keep.set(indexes[slot]);
            }
        }
    }
}

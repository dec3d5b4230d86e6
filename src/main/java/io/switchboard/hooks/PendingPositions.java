package io.switchboard.hooks;

import java.util.Arrays;

/**
 * The journal positions of a subscription's deliveries not done yet, each with its event's time:
 * what {@code TreeMap<Long, Long>} gave the worker (the oldest, the count, removal of any one)
 * without a boxed key, a boxed value and a tree entry per delivery.
 *
 * <p>How: positions arrive in increasing order (the worker reads the journal forwards), so they are
 * kept in that order in two arrays; removing one marks it done (found by binary search) and the
 * oldest not done is the first entry after the done ones at the front. Done entries behind an
 * older one still pending are squeezed out when the arrays fill, and the arrays grow only when
 * more than half their room is pending: memory stays within about twice the pending count, as
 * with the tree, whichever delivery is held up.
 *
 * <p>Threading: confined to the worker's context.
 */
final class PendingPositions {
    private long[] positions = new long[64];
    private long[] times = new long[64];
    private boolean[] done = new boolean[64];
    /** Entries in use are [first, end); those before {@code first} are free. */
    private int first;
    private int end;
    private int size;

    /** Adds {@code position} (greater than every position added before) and its event's time. */
    void add(long position, long time) {
        if (end > first && position <= positions[end - 1]) {
            throw new IllegalArgumentException("position " + position + " after " + positions[end - 1]);
        }
        if (end == positions.length) {
            makeRoom();
        }
        positions[end] = position;
        times[end] = time;
        done[end] = false;
        end++;
        size++;
    }

    /** Marks {@code position} done; false when it is not pending. */
    boolean remove(long position) {
        int at = Arrays.binarySearch(positions, first, end, position);
        if (at < 0 || done[at]) {
            return false;
        }
        done[at] = true;
        size--;
        while (first < end && done[first]) {
            first++;
        }
        if (first == end) {
            first = 0;
            end = 0;
        }
        return true;
    }

    /** How many positions are pending. */
    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The oldest pending position; only when not empty. */
    long oldest() {
        return positions[first];
    }

    /** The event time of the oldest pending position; only when not empty. */
    long oldestTime() {
        return times[first];
    }

    /** The entries the arrays have room for (for tests: the memory bound). */
    int capacity() {
        return positions.length;
    }

    void clear() {
        first = 0;
        end = 0;
        size = 0;
    }

    /** The arrays are full: squeeze out the done entries, and double them if more than half is pending. */
    private void makeRoom() {
        int kept = 0;
        for (int i = first; i < end; i++) {
            if (!done[i]) {
                positions[kept] = positions[i];
                times[kept] = times[i];
                done[kept] = false;
                kept++;
            }
        }
        first = 0;
        end = kept;
        if (kept > positions.length / 2) {
            positions = Arrays.copyOf(positions, positions.length * 2);
            times = Arrays.copyOf(times, times.length * 2);
            done = Arrays.copyOf(done, done.length * 2);
        }
    }
}

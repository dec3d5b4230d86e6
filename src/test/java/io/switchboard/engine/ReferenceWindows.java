package io.switchboard.engine;

import io.switchboard.core.event.DomainEvent.StreamAppended;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The replay windows as they were before issue 12 (an object per windowed message, linked), kept
 * verbatim as the reference model {@link StreamWindowsEquivalenceTest} checks {@link StreamWindows}
 * against: the straightforward reading of the bounds.
 */
final class ReferenceWindows {
    /**
     * One message of a stream: its marker, and what was sent ({@code message} null when restored).
     * Also a link of the list of every windowed entry, oldest first, so that an entry its stream's
     * count bound drops leaves that list at once instead of staying reachable until it is the oldest.
     */
    public static final class Entry {
        private final StreamAppended marker;
        private final Object message;
        private Entry older;
        private Entry newer;

        Entry(StreamAppended marker, Object message) {
            this.marker = marker;
            this.message = message;
        }

        public StreamAppended marker() {
            return marker;
        }

        public Object message() {
            return message;
        }

        public long seq() {
            return marker.seq();
        }
    }

    /** What a resume gets: the entries after the client's {@code seq}, or null entries when the gap is too old. */
    public record Range(long position, List<Entry> entries) {
        public boolean complete() {
            return entries != null;
        }
    }

    private static final class Stream {
        /** The last number handed out. */
        long last;
        /** The last number whose message is durable (appended). */
        long durable;
        final ArrayDeque<Entry> window = new ArrayDeque<>();
    }

    private final StreamWindows.Limits limits;
    private final Map<String, Stream> streams = new HashMap<>();
    /**
     * Every windowed entry in the order appended, a doubly linked list through the entries: the
     * oldest and the newest. Holds exactly the {@code total} entries of the streams' windows.
     */
    private Entry oldest;
    private Entry newest;
    private int total;

    ReferenceWindows(StreamWindows.Limits limits) {
        this.limits = limits;
    }

    /**
     * Hands out the next sequence number of {@code stream} (never reused); its message must be
     * {@link #append}ed, in the same order, once durable.
     */
    public long assign(String stream) {
        return ++streams.computeIfAbsent(stream, k -> new Stream()).last;
    }

    /**
     * Adds a durable message (called in sequence order per stream). Markers read back from the
     * journal come here too, with a null {@code message}.
     */
    public void append(StreamAppended marker, Object message, long now) {
        Stream s = streams.computeIfAbsent(marker.stream(), k -> new Stream());
        s.last = Math.max(s.last, marker.seq());
        s.durable = marker.seq();
        if (limits.maxMessages() == 0 || marker.at() < now - limits.maxAgeMillis()) {
            return;
        }
        Entry entry = new Entry(marker, message);
        s.window.addLast(entry);
        link(entry);
        if (s.window.size() > limits.maxMessages()) {
            unlink(s.window.removeFirst());
        }
        while (total > limits.maxTotal()) {
            evictOldest();
        }
        expire(now);
    }

    /** The last durable sequence number of {@code stream}; 0 for a new stream. */
    public long position(String stream) {
        Stream s = streams.get(stream);
        return s == null ? 0 : s.durable;
    }

    /**
     * The messages of {@code stream} after {@code after}, oldest first, if the window still holds
     * every one of them; entries null when it does not (the gap is older than the window, or
     * {@code after} is ahead of the stream: a client from another server's history).
     */
    public Range since(String stream, long after, long now) {
        expire(now);
        Stream s = streams.get(stream);
        if (s == null) {
            return new Range(0, after == 0 ? List.of() : null);
        }
        long durable = s.durable;
        if (after > durable || after < 0) {
            return new Range(durable, null);
        }
        long first = s.window.isEmpty() ? durable + 1 : s.window.peekFirst().seq();
        if (after + 1 < first) {
            return new Range(durable, null);
        }
        List<Entry> missed = new ArrayList<>();
        for (Entry e : s.window) {
            if (e.seq() > after && e.seq() <= durable) {
                missed.add(e);
            }
        }
        return new Range(durable, missed);
    }

    /** Messages windowed over all streams (for tests and the memory bound). */
    public int size() {
        return total;
    }

    /** Messages in {@code stream}'s window, as they are (nothing expired first): for the test's coverage. */
    int windowed(String stream) {
        Stream s = streams.get(stream);
        return s == null ? 0 : s.window.size();
    }

    private void expire(long now) {
        long cutoff = now - limits.maxAgeMillis();
        while (oldest != null && oldest.marker().at() < cutoff) {
            evictOldest();
        }
    }

    /**
     * Drops the oldest entry of all. Within a stream entries are appended in sequence order and
     * leave in that order (the count bound takes a window's head too), so it heads its stream's window.
     */
    private void evictOldest() {
        Entry first = oldest;
        if (first == null) {
            return;
        }
        streams.get(first.marker().stream()).window.removeFirstOccurrence(first);
        unlink(first);
    }

    private void link(Entry entry) {
        entry.older = newest;
        if (newest == null) {
            oldest = entry;
        } else {
            newest.newer = entry;
        }
        newest = entry;
        total++;
    }

    private void unlink(Entry entry) {
        if (entry.older == null) {
            oldest = entry.newer;
        } else {
            entry.older.newer = entry.newer;
        }
        if (entry.newer == null) {
            newest = entry.older;
        } else {
            entry.newer.older = entry.older;
        }
        entry.older = null;
        entry.newer = null;
        total--;
    }
}

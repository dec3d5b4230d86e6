package io.switchboard.engine;

import io.switchboard.core.event.DomainEvent.StreamAppended;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The replay windows of the resumable WebSocket streams (docs/websocket-protocol.md, "Resume"):
 * per stream ({@code agent:<id>}, {@code person:<id>}) the last sequence number handed out and the
 * most recent durable messages, bounded by count per stream, by age, and by a total over all streams
 * (the oldest message anywhere goes first). A stream's number survives its messages: a stream whose
 * window is empty still continues from its last {@code seq}.
 *
 * <p>Each entry keeps its journal marker and, for a notification, what the marker cannot say (the
 * alert event and who must act, without the ticket); the caller tells replayed messages again from
 * the current state.
 *
 * <p>Pure Java, time passed in (epoch millis). Not thread-safe: the engine's context owns it.
 */
public final class StreamWindows {
    /** The window bounds: messages per stream, their age in millis, messages over all streams. */
    public record Limits(int maxMessages, long maxAgeMillis, int maxTotal) {
        public static final Limits DEFAULT = new Limits(200, 600_000, 100_000);
    }

    /** One message of a stream: its marker, and what was sent ({@code message} null when restored). */
    public record Entry(StreamAppended marker, Object message) {
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

    private final Limits limits;
    private final Map<String, Stream> streams = new HashMap<>();
    /** Every windowed entry in the order appended (oldest first); entries already evicted are skipped. */
    private final ArrayDeque<Entry> all = new ArrayDeque<>();
    private int total;

    public StreamWindows(Limits limits) {
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
        all.addLast(entry);
        total++;
        if (s.window.size() > limits.maxMessages()) {
            s.window.removeFirst();
            total--;
        }
        // all also holds entries the count bound took; keep it within twice the total.
        while (total > limits.maxTotal() || all.size() > 2L * limits.maxTotal()) {
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

    private void expire(long now) {
        long oldest = now - limits.maxAgeMillis();
        while (!all.isEmpty() && all.peekFirst().marker().at() < oldest) {
            evictOldest();
        }
    }

    /** Drops the oldest entry of all; it is the head of its stream's window unless the count bound took it. */
    private void evictOldest() {
        Entry oldest = all.pollFirst();
        if (oldest == null) {
            return;
        }
        Stream s = streams.get(oldest.marker().stream());
        if (s.window.peekFirst() == oldest) {
            s.window.removeFirst();
            total--;
        }
    }
}

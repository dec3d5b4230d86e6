package io.switchboard.engine;

import io.switchboard.core.event.DomainEvent.StreamAppended;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The replay windows of the resumable WebSocket streams (docs/websocket-protocol.md, "Resume"):
 * per stream ({@code agent:<id>}, {@code person:<id>}) the last sequence number handed out and the
 * most recent durable messages, bounded by count per stream, by age, and by a total over all streams
 * (the oldest message anywhere goes first). A stream's number survives its messages: a stream whose
 * window is empty still continues from its last {@code seq}.
 *
 * <p>Each message keeps its journal marker and, for a notification, what the marker cannot say (the
 * alert event and who must act, without the ticket); the caller tells replayed messages again from
 * the current state.
 *
 * <p>Layout (issue 12): no object per windowed message. The messages live in {@link MarkerSlots},
 * primitive arrays indexed by slot, and two lists are threaded through the slots by int links: every
 * windowed message oldest first (doubly linked, so that one its stream's count bound drops leaves at
 * once), and each stream's window (singly linked: a window only loses its head, because the count
 * bound takes the head and the oldest message of all heads its own stream's window). Appending is
 * O(1) and allocates nothing once the stream and its words are known; {@link #since}, which is rare,
 * builds the {@link Entry}s and markers it returns.
 *
 * <p>Pure Java, time passed in (epoch millis). Not thread-safe: the engine's context owns it.
 */
public final class StreamWindows {
    private static final int NONE = MarkerSlots.NONE;

    /** The window bounds: messages per stream, their age in millis, messages over all streams. */
    public record Limits(int maxMessages, long maxAgeMillis, int maxTotal) {
        public static final Limits DEFAULT = new Limits(200, 600_000, 100_000);
    }

    /** One message of a stream, built for a resume: its marker, and what was sent ({@code message} null when restored). */
    public static final class Entry {
        private final StreamAppended marker;
        private final Object message;

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
        final String name;
        final int index;
        /** The last number handed out. */
        long last;
        /** The last number whose message is durable (appended). */
        long durable;
        /** The window: its oldest and newest slot ({@link #NONE} when empty), and how many. */
        int head = NONE;
        int tail = NONE;
        int count;

        Stream(String name, int index) {
            this.name = name;
            this.index = index;
        }
    }

    private final Limits limits;
    private final Map<String, Stream> streams = new HashMap<>();
    /** The streams by index, as slots name them. */
    private final List<Stream> byIndex = new ArrayList<>();
    /** Made once: a method reference made per call would be an allocation per call. */
    private final Function<String, Stream> newStream = this::created;
    /** Room for one more than the total: an append adds before it evicts. */
    private final MarkerSlots slots;
    /** Every windowed message in the order appended: the oldest and newest slot, and how many. */
    private int oldest = NONE;
    private int newest = NONE;
    private int total;

    public StreamWindows(Limits limits) {
        this.limits = limits;
        this.slots = new MarkerSlots((int) Math.min(Integer.MAX_VALUE - 8, limits.maxTotal() + 1L));
    }

    /**
     * Hands out the next sequence number of {@code stream} (never reused); its message must be
     * {@link #append}ed, in the same order, once durable.
     */
    public long assign(String stream) {
        return ++streams.computeIfAbsent(stream, newStream).last;
    }

    /**
     * Adds a durable message (called in sequence order per stream). Markers read back from the
     * journal come here too, with a null {@code message}.
     */
    public void append(StreamAppended marker, Object message, long now) {
        Stream s = streams.computeIfAbsent(marker.stream(), newStream);
        s.last = Math.max(s.last, marker.seq());
        s.durable = marker.seq();
        if (limits.maxMessages() == 0 || marker.at() < now - limits.maxAgeMillis()) {
            return;
        }
        int slot = slots.put(marker, s.index, message);
        slots.next(slot, NONE);
        if (s.tail == NONE) {
            s.head = slot;
        } else {
            slots.next(s.tail, slot);
        }
        s.tail = slot;
        s.count++;
        link(slot);
        if (s.count > limits.maxMessages()) {
            dropHead(s);
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
        long first = s.head == NONE ? durable + 1 : slots.seq(s.head);
        if (after + 1 < first) {
            return new Range(durable, null);
        }
        List<Entry> missed = new ArrayList<>();
        for (int slot = s.head; slot != NONE; slot = slots.next(slot)) {
            long seq = slots.seq(slot);
            if (seq > after && seq <= durable) {
                missed.add(new Entry(slots.marker(slot, s.name), slots.message(slot)));
            }
        }
        return new Range(durable, missed);
    }

    /** Messages windowed over all streams (for tests and the memory bound). */
    public int size() {
        return total;
    }

    /** Slots the storage has room for (for tests: within the total bound, plus one). */
    int capacity() {
        return slots.capacity();
    }

    private Stream created(String name) {
        Stream s = new Stream(name, byIndex.size());
        byIndex.add(s);
        return s;
    }

    private void expire(long now) {
        long cutoff = now - limits.maxAgeMillis();
        while (oldest != NONE && slots.at(oldest) < cutoff) {
            evictOldest();
        }
    }

    /** Drops the oldest message of all, which heads its stream's window (see the class comment). */
    private void evictOldest() {
        if (oldest != NONE) {
            dropHead(byIndex.get(slots.stream(oldest)));
        }
    }

    /** Drops the oldest message of {@code s}'s window, from both lists, and frees its slot. */
    private void dropHead(Stream s) {
        int slot = s.head;
        s.head = slots.next(slot);
        if (s.head == NONE) {
            s.tail = NONE;
        }
        s.count--;
        unlink(slot);
        slots.free(slot);
    }

    private void link(int slot) {
        slots.older(slot, newest);
        slots.newer(slot, NONE);
        if (newest == NONE) {
            oldest = slot;
        } else {
            slots.newer(newest, slot);
        }
        newest = slot;
        total++;
    }

    private void unlink(int slot) {
        int older = slots.older(slot);
        int newer = slots.newer(slot);
        if (older == NONE) {
            oldest = newer;
        } else {
            slots.newer(older, newer);
        }
        if (newer == NONE) {
            newest = older;
        } else {
            slots.older(newer, older);
        }
        total--;
    }
}

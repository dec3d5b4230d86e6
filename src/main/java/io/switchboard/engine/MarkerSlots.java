package io.switchboard.engine;

import io.switchboard.core.event.DomainEvent.StreamAppended;
import java.util.Arrays;

/**
 * The storage of {@link StreamWindows}: one slot per windowed message, its marker taken apart into
 * parallel primitive arrays, plus three int links that the windows thread their lists through. Why:
 * at 5k tickets/s the windows are replaced every few seconds, so an object per message (an entry, its
 * marker, the offer id) is young and alive at every G1 young pause and copied by each (issue 12);
 * arrays hold the same without an object per message, and a primitive array is never scanned.
 *
 * <p>The compact form: the seq of an id the engine minted ({@link Ids#ticket}, {@link Ids#offer};
 * -1 for null), small codes ({@link WordCodes}) for kind, status, reason and alert type, the
 * stream's index. A marker that does not fit (an id the engine did not mint, a word the codes refuse)
 * is kept as it came, in a reference array; so is the message an alert notification keeps. Both are
 * rare, and null otherwise. {@link #marker} builds the marker again, equal to the one put.
 *
 * <p>Slots are reused through a free list; the arrays grow by doubling up to {@code bound} slots
 * and never shrink. Threading: the engine's context only.
 */
final class MarkerSlots {
    static final int NONE = -1;
    private static final int FIRST_CAPACITY = 256;

    private final int bound;
    private final WordCodes words = new WordCodes(4096, 64);
    private long[] at;
    private long[] seq;
    private long[] ticket;
    private long[] offer;
    private long[] expiresAt;
    private long[] alertAt;
    /** kind, status, reason, alert type: 16 bits each, from the low end. */
    private long[] codes;
    private int[] stream;
    private int[] older;
    private int[] newer;
    /** The next slot of the same stream, or of the free list. */
    private int[] next;
    private StreamAppended[] whole;
    private Object[] message;
    private int used;
    private int free = NONE;

    /** Room for at most {@code bound} messages at once (at least 1). */
    MarkerSlots(int bound) {
        this.bound = Math.max(1, bound);
        allocate(Math.min(this.bound, FIRST_CAPACITY));
    }

    /** A slot holding {@code marker} of the stream at {@code streamIndex} and {@code message} (nullable); links unset. */
    int put(StreamAppended marker, int streamIndex, Object message) {
        int slot = take();
        at[slot] = marker.at();
        seq[slot] = marker.seq();
        stream[slot] = streamIndex;
        this.message[slot] = message;
        long t = marker.ticketId() == null ? NONE : Ids.mintedTicketSeq(marker.ticketId());
        long o = marker.offerId() == null ? NONE : Ids.mintedOfferSeq(marker.offerId());
        int kind = words.code(marker.kind());
        int status = words.code(marker.status());
        int reason = words.code(marker.reason());
        int alertType = words.code(marker.alertType());
        if (marker.ticketId() != null && t < 0 || marker.offerId() != null && o < 0
                || (kind | status | reason | alertType) < 0) {
            whole[slot] = marker;
            return slot;
        }
        ticket[slot] = t;
        offer[slot] = o;
        expiresAt[slot] = marker.expiresAt();
        alertAt[slot] = marker.alertAt();
        codes[slot] = kind | (long) status << 16 | (long) reason << 32 | (long) alertType << 48;
        return slot;
    }

    /** Gives {@code slot} back (its links are the caller's to have undone), dropping its references. */
    void free(int slot) {
        whole[slot] = null;
        message[slot] = null;
        next[slot] = free;
        free = slot;
    }

    /** The marker put in {@code slot}, built again unless kept whole; {@code streamName} is its stream's. */
    StreamAppended marker(int slot, String streamName) {
        if (whole[slot] != null) {
            return whole[slot];
        }
        long c = codes[slot];
        return new StreamAppended(at[slot], streamName, seq[slot], words.word((int) (c & 0xFFFF)),
                ticket[slot] < 0 ? null : Ids.ticket(ticket[slot]), offer[slot] < 0 ? null : Ids.offer(offer[slot]),
                expiresAt[slot], words.word((int) (c >>> 16 & 0xFFFF)), words.word((int) (c >>> 32 & 0xFFFF)),
                words.word((int) (c >>> 48)), alertAt[slot]);
    }

    Object message(int slot) {
        return message[slot];
    }

    long at(int slot) {
        return at[slot];
    }

    long seq(int slot) {
        return seq[slot];
    }

    int stream(int slot) {
        return stream[slot];
    }

    int older(int slot) {
        return older[slot];
    }

    void older(int slot, int link) {
        older[slot] = link;
    }

    int newer(int slot) {
        return newer[slot];
    }

    void newer(int slot, int link) {
        newer[slot] = link;
    }

    int next(int slot) {
        return next[slot];
    }

    void next(int slot, int link) {
        next[slot] = link;
    }

    /** Slots the arrays have room for (for tests: it stays within the bound). */
    int capacity() {
        return at.length;
    }

    /** Markers kept whole because the compact form could not say them (for tests). */
    int kept() {
        int n = 0;
        for (int i = 0; i < used; i++) {
            n += whole[i] != null ? 1 : 0;
        }
        return n;
    }

    private int take() {
        if (free != NONE) {
            int slot = free;
            free = next[slot];
            return slot;
        }
        if (used == at.length) {
            if (used >= bound) {
                throw new IllegalStateException("more than " + bound + " messages windowed");
            }
            allocate((int) Math.min(bound, 2L * used));
        }
        return used++;
    }

    private void allocate(int capacity) {
        at = grown(at, capacity);
        seq = grown(seq, capacity);
        ticket = grown(ticket, capacity);
        offer = grown(offer, capacity);
        expiresAt = grown(expiresAt, capacity);
        alertAt = grown(alertAt, capacity);
        codes = grown(codes, capacity);
        stream = grown(stream, capacity);
        older = grown(older, capacity);
        newer = grown(newer, capacity);
        next = grown(next, capacity);
        whole = whole == null ? new StreamAppended[capacity] : Arrays.copyOf(whole, capacity);
        message = message == null ? new Object[capacity] : Arrays.copyOf(message, capacity);
    }

    private static long[] grown(long[] a, int capacity) {
        return a == null ? new long[capacity] : Arrays.copyOf(a, capacity);
    }

    private static int[] grown(int[] a, int capacity) {
        return a == null ? new int[capacity] : Arrays.copyOf(a, capacity);
    }
}

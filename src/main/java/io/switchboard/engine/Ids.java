package io.switchboard.engine;

/**
 * Ids the engine mints: a prefix and a sequence number. Clients treat them as opaque; the engine
 * reads the number back to restore its counters when events are replayed and to find a parked
 * ticket, and the engine's observer (metrics) to key what it keeps per resolved ticket the same way.
 */
public final class Ids {
    static final String TICKET = "tkt_";
    static final String OFFER = "ofr_";

    private Ids() {
    }

    static String ticket(long seq) {
        return TICKET + seq;
    }

    static String offer(long seq) {
        return OFFER + seq;
    }

    /**
     * The seq of a ticket id exactly as {@link #ticket} writes it, or -1 for any other string
     * (so "tkt_07" or "tkt_+7" never find ticket 7). Public for the adapters that key per-ticket
     * caches by the number instead of the string (the history store's ticket keys, the metrics' resolved tickets).
     */
    public static long mintedTicketSeq(String id) {
        return minted(TICKET, id);
    }

    /** The seq of an offer id exactly as {@link #offer} writes it, or -1 for any other string (as {@link #mintedTicketSeq}). */
    static long mintedOfferSeq(String id) {
        return minted(OFFER, id);
    }

    private static long minted(String prefix, String id) {
        int digits = id.length() - prefix.length();
        if (!id.startsWith(prefix) || digits < 1 || digits > 18 || digits > 1 && id.charAt(prefix.length()) == '0') {
            return -1;
        }
        long seq = 0;
        for (int i = prefix.length(); i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            seq = seq * 10 + (c - '0');
        }
        return seq;
    }

    static long sequenceOf(String id) {
        int underscore = id.indexOf('_');
        return Long.parseLong(id.substring(underscore + 1));
    }
}

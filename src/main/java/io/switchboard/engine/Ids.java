package io.switchboard.engine;

/**
 * Ids the engine mints: a prefix and a sequence number. Clients treat them as opaque; the engine
 * reads the number back only to restore its counters when events are replayed.
 */
final class Ids {
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

    static long sequenceOf(String id) {
        int underscore = id.indexOf('_');
        return Long.parseLong(id.substring(underscore + 1));
    }
}

package io.switchboard.store;

/**
 * Redis refused a write because it carried a stale fencing token: another node took the lease
 * (and a higher token) since this one acquired it. Nothing of the refused write was applied; the
 * node that gets this must stop deciding and step down ({@link RedisLease}).
 */
public final class FencedOutException extends RuntimeException {
    public FencedOutException(String message) {
        super(message, null, false, false);
    }

    /** True when {@code failure} (or a cause of it) is Redis's refusal of a stale token. */
    public static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof FencedOutException || (t.getMessage() != null && t.getMessage().contains(RedisLease.FENCED))) {
                return true;
            }
        }
        return false;
    }
}

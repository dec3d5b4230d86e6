package io.switchboard.engine;

/**
 * How long a closed ticket stays in the engine before it is archived (a journaled
 * {@code TicketArchived} event drops it from memory; reads go to the history store from then on).
 * {@code archiveAfterMillis} 0 archives at once; negative never archives (engines in tests that
 * keep every ticket, and deployments without a history store).
 */
public record Retention(long archiveAfterMillis) {
    public static final Retention NEVER = new Retention(-1);
    public static final long DEFAULT_ARCHIVE_AFTER_MILLIS = 7L * 24 * 3600 * 1000;

    public boolean archives() {
        return archiveAfterMillis >= 0;
    }
}

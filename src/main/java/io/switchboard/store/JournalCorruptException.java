package io.switchboard.store;

/**
 * The journal or a snapshot holds bytes that are not a valid event where one must be: start-up
 * stops with this message rather than replaying garbage or silently skipping history.
 */
public final class JournalCorruptException extends RuntimeException {
    public JournalCorruptException(String message) {
        super(message);
    }

    public JournalCorruptException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.switchboard.history;

/**
 * The history store cannot be opened at start-up; the message names the file or the setting and
 * says what to do. Start-up stops on it (nothing is retried: the operator has to act).
 */
public final class HistoryOpenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HistoryOpenException(String message, Throwable cause) {
        super(message, cause);
    }
}

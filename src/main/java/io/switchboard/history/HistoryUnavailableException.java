package io.switchboard.history;

/**
 * The history store cannot answer now (down, full, refused the statement). Reads of archived
 * tickets map it to 503 with Retry-After; the projection retries. Unchecked because every caller
 * sits behind a Future that carries it.
 */
public final class HistoryUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HistoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

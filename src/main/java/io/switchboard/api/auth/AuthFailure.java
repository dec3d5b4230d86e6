package io.switchboard.api.auth;

/**
 * Why a request was not authenticated; the message is safe to send to the client (it never
 * contains the credential). {@code missing} = none sent (RFC 6750 says: no error code).
 */
public final class AuthFailure extends RuntimeException {
    private final boolean missing;

    public AuthFailure(boolean missing, String message) {
        super(message, null, false, false);
        this.missing = missing;
    }

    public boolean missing() {
        return missing;
    }
}

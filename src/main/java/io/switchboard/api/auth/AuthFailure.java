package io.switchboard.api.auth;

/**
 * Why a request was not authenticated; the message is safe to send to the client (it never
 * contains the credential). {@code missing} = none sent (RFC 6750 says: no error code).
 * {@link #reason()} is the bounded label of {@code switchboard_http_rejections_total}.
 */
public final class AuthFailure extends RuntimeException {
    public static final String MISSING_CREDENTIALS = "missing_credentials";
    public static final String INVALID_API_KEY = "invalid_api_key";
    public static final String EXPIRED_TOKEN = "expired_token";
    public static final String INVALID_TOKEN = "invalid_token";
    public static final String INVALID_TICKET = "invalid_ticket";

    private final String reason;

    /** {@code reason} is one of the constants above. */
    public AuthFailure(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** A failure without a more precise reason: missing credentials, or an invalid token. */
    public AuthFailure(boolean missing, String message) {
        this(missing ? MISSING_CREDENTIALS : INVALID_TOKEN, message);
    }

    public boolean missing() {
        return MISSING_CREDENTIALS.equals(reason);
    }

    public String reason() {
        return reason;
    }
}

package io.switchboard.channels.email;

import java.util.Objects;

/**
 * The {@code email.outbound} section (docs/configuration.md): the SMTP server agent replies on
 * e-mail tickets are sent through, the address they come from, and how failures are retried
 * ({@code maxAttempts} tries in all, the wait doubling from {@code firstRetryMillis} up to
 * {@code maxRetryMillis}). {@code username}/{@code password} are null for a server without
 * authentication; {@code fromName} is nullable.
 */
public record OutboundMail(String host, int port, StartTls starttls, String username, String password,
        String fromAddress, String fromName, int maxAttempts, long firstRetryMillis, long maxRetryMillis) {
    public static final int DEFAULT_PORT = 587;
    public static final int DEFAULT_MAX_ATTEMPTS = 10;
    public static final long DEFAULT_FIRST_RETRY_MILLIS = 5_000;
    public static final long DEFAULT_MAX_RETRY_MILLIS = 600_000;

    /** When the connection is upgraded to TLS with STARTTLS. */
    public enum StartTls { DISABLED, OPTIONAL, REQUIRED }

    public OutboundMail {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(starttls, "starttls");
        Objects.requireNonNull(fromAddress, "fromAddress");
        if (maxAttempts < 1 || firstRetryMillis < 1 || maxRetryMillis < firstRetryMillis) {
            throw new IllegalArgumentException("retries: maxAttempts >= 1, 0 < firstRetry <= maxRetry");
        }
    }

    /** The wait before try {@code attempt + 1} after try {@code attempt} (1-based) failed. */
    public long retryDelayMillis(int attempt) {
        long delay = firstRetryMillis;
        for (int i = 1; i < attempt && delay < maxRetryMillis; i++) {
            delay *= 2;
        }
        return Math.min(delay, maxRetryMillis);
    }

    /** The domain of {@code fromAddress}: the right-hand side of the replies' Message-IDs. */
    public String fromDomain() {
        return fromAddress.substring(fromAddress.lastIndexOf('@') + 1);
    }
}

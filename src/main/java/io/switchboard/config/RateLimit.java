package io.switchboard.config;

/** A token bucket: {@code burst} requests at once, refilled at {@code perSecond}. Both at least 1. */
public record RateLimit(long perSecond, long burst) {
    public static final RateLimit DEFAULT = new RateLimit(50, 100);

    public RateLimit {
        if (perSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("rate limits must be positive");
        }
    }
}

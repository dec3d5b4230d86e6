package io.switchboard.hooks;

import java.time.Duration;
import java.util.List;

/**
 * The {@code webhooks} section (docs/configuration.md, "Webhooks"). {@code requestTimeout}: one
 * attempt, connect to last byte; retries back off from {@code initialBackoff} doubling up to
 * {@code maxBackoff} (each with up to 50 % jitter) until {@code retryHorizon} after the event
 * happened (one attempt at least), then the delivery is dead-lettered.
 * {@code connectionsPerEndpoint} bounds the pool and the deliveries in flight per subscription
 * (tickets are spread over that many ordered lanes).
 * {@code allowPrivateNetworks} lets URLs resolve to loopback, private and link-local addresses
 * (refused by default: SSRF). {@code trustedCertificates}: PEM certificates that HTTPS endpoints
 * may chain to besides the JVM's default authorities ({@link WebhookTrust}); null: the defaults only.
 */
public record WebhookSettings(boolean allowPrivateNetworks, Duration requestTimeout, Duration retryHorizon,
        Duration initialBackoff, Duration maxBackoff, int connectionsPerEndpoint, List<Subscription> subscriptions,
        String trustedCertificates) {
    /**
     * Lanes (connections, deliveries in flight) per subscription by default. A lane waits for each
     * answer, so a subscription delivers at most this many messages per round trip: at 2k tickets/s
     * (about 6,000 messages/s to a subscriber of every type) four lanes must each finish a message
     * every 0.67 ms, and whenever the machine slowed the round trips they queued: healthy lag p99
     * 193-1,294 ms over six 60 s runs with four lanes, 52-312 ms over nine with sixteen
     * (docs/BENCHMARKS.md, issue 14). Endpoints see more parallel requests, each ticket's messages
     * still in order.
     */
    public static final int DEFAULT_CONNECTIONS_PER_ENDPOINT = 16;
    public static final WebhookSettings DEFAULTS = new WebhookSettings(false, Duration.ofSeconds(10),
            Duration.ofHours(24), Duration.ofSeconds(5), Duration.ofHours(1), DEFAULT_CONNECTIONS_PER_ENDPOINT,
            List.of());

    public WebhookSettings {
        subscriptions = List.copyOf(subscriptions);
    }

    /** Trusting the JVM's default authorities only. */
    public WebhookSettings(boolean allowPrivateNetworks, Duration requestTimeout, Duration retryHorizon,
            Duration initialBackoff, Duration maxBackoff, int connectionsPerEndpoint, List<Subscription> subscriptions) {
        this(allowPrivateNetworks, requestTimeout, retryHorizon, initialBackoff, maxBackoff, connectionsPerEndpoint,
                subscriptions, null);
    }

    public WebhookSettings withSubscriptions(List<Subscription> replaced) {
        return new WebhookSettings(allowPrivateNetworks, requestTimeout, retryHorizon, initialBackoff, maxBackoff,
                connectionsPerEndpoint, replaced, trustedCertificates);
    }

    public WebhookSettings withTrustedCertificates(String pem) {
        return new WebhookSettings(allowPrivateNetworks, requestTimeout, retryHorizon, initialBackoff, maxBackoff,
                connectionsPerEndpoint, subscriptions, pem);
    }
}

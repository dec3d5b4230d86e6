package io.switchboard.app.config;

import java.time.Duration;

/**
 * Server-side limits from the {@code server} section of the YAML file.
 *
 * @param maxBodyBytes     largest accepted request body; larger ones get 413
 * @param wsPingInterval   how often the server pings each agent WebSocket
 * @param wsIdleTimeout    a socket silent (no pong, no message) this long is treated as disconnected;
 *                         checked at each ping, so detection takes at most idle + ping interval
 * @param requestTimeout   an HTTP request not answered within this gets 503 (slug {@code timeout})
 */
public record ServerSettings(int maxBodyBytes, Duration wsPingInterval, Duration wsIdleTimeout,
        Duration requestTimeout) {
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
}

package io.switchboard.config;

import io.switchboard.engine.StreamWindows;
import java.time.Duration;

/**
 * Server-side limits from the {@code server} section of the YAML file.
 *
 * @param maxBodyBytes     largest accepted request body; larger ones get 413
 * @param wsPingInterval   how often the server pings each agent WebSocket
 * @param wsIdleTimeout    a socket silent (no pong, no message) this long is treated as disconnected;
 *                         checked at each ping, so detection takes at most idle + ping interval
 * @param requestTimeout   an HTTP request not answered within this gets 503 (slug {@code timeout})
 * @param headerTimeout    an HTTP connection that has not sent a complete request line and headers
 *                         within this of opening, or of its previous response, is closed (slowloris;
 *                         also how long an idle kept-alive connection stays open)
 * @param idleTimeout      an HTTP connection with no byte read or written for this long is closed;
 *                         longer than {@code wsIdleTimeout}, so a WebSocket (pinged every
 *                         {@code wsPingInterval}) is only ever closed by its own heartbeat
 */
public record ServerSettings(int maxBodyBytes, Duration wsPingInterval, Duration wsIdleTimeout,
        Duration requestTimeout, Duration headerTimeout, Duration idleTimeout, StreamWindows.Limits wsResume) {
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    /** The WebSocket resume windows at their defaults ({@code server.websocket.resume}). */
    public ServerSettings(int maxBodyBytes, Duration wsPingInterval, Duration wsIdleTimeout, Duration requestTimeout,
            Duration headerTimeout, Duration idleTimeout) {
        this(maxBodyBytes, wsPingInterval, wsIdleTimeout, requestTimeout, headerTimeout, idleTimeout,
                StreamWindows.Limits.DEFAULT);
    }

    /** The connection timeouts at their defaults. */
    public ServerSettings(int maxBodyBytes, Duration wsPingInterval, Duration wsIdleTimeout, Duration requestTimeout) {
        this(maxBodyBytes, wsPingInterval, wsIdleTimeout, requestTimeout, DEFAULT_HEADER_TIMEOUT,
                defaultIdleTimeout(wsPingInterval, wsIdleTimeout));
    }

    /** 60 s, or the WebSocket idle timeout plus a ping interval when that is longer. */
    public static Duration defaultIdleTimeout(Duration wsPingInterval, Duration wsIdleTimeout) {
        return DEFAULT_IDLE_TIMEOUT.compareTo(wsIdleTimeout) > 0 ? DEFAULT_IDLE_TIMEOUT
                : wsIdleTimeout.plus(wsPingInterval);
    }
}

package io.switchboard.api.ws;

import io.switchboard.app.config.ServerSettings;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * What every server WebSocket here shares: messages numbered with a per-connection {@code seq},
 * nothing sent before the {@code welcome} (messages that arrive earlier wait, so the welcome is
 * always seq 1), and a heartbeat that pings the client and closes a socket silent for longer
 * than the idle timeout (1001). A socket whose credential expires is closed with
 * {@link #CLOSE_EXPIRED}. {@code onClosed} runs exactly once, however the socket ends.
 *
 * <p>Threading: every method runs on the event loop that accepted the socket.
 */
final class NumberedSocket {
    static final short CLOSE_IDLE = 1001;
    /** The credential the socket was opened with expired: get a new one and reconnect. */
    static final short CLOSE_EXPIRED = 4401;

    /** An accepted socket and when its credential expires (epoch millis; Long.MAX_VALUE = never). */
    record Upgraded(ServerWebSocket ws, long expiresAt) {}

    private final Vertx vertx;
    private final ServerWebSocket ws;
    private final long expiresAt;
    private final ServerSettings settings;
    private final Runnable onClosed;
    private long seq;
    private long lastHeard = System.nanoTime();
    private long pingTimer = -1;
    private long expiryTimer = -1;
    private boolean closed;
    private List<JsonObject> beforeWelcome = new ArrayList<>();

    NumberedSocket(Vertx vertx, Upgraded upgraded, ServerSettings settings, Runnable onClosed) {
        this.vertx = vertx;
        this.ws = upgraded.ws();
        this.expiresAt = upgraded.expiresAt();
        this.settings = settings;
        this.onClosed = onClosed;
    }

    ServerWebSocket ws() {
        return ws;
    }

    /** Starts the heartbeat and close detection; call once, before the first message. */
    void start() {
        ws.closeHandler(v -> closed());
        ws.pongHandler(b -> heard());
        pingTimer = vertx.setPeriodic(settings.wsPingInterval().toMillis(), id -> ping());
        if (expiresAt != Long.MAX_VALUE) {
            expiryTimer = vertx.setTimer(Math.max(1, expiresAt - System.currentTimeMillis()),
                    id -> close(CLOSE_EXPIRED, "credential expired"));
        }
    }

    /** Records a sign of life (any message from the client). */
    void heard() {
        lastHeard = System.nanoTime();
    }

    /** Sends the welcome as seq 1, then whatever arrived before it. */
    void welcome(JsonObject welcome) {
        List<JsonObject> waiting = beforeWelcome;
        beforeWelcome = null;
        send(welcome);
        waiting.forEach(this::send);
    }

    void send(JsonObject message) {
        if (beforeWelcome != null) {
            beforeWelcome.add(message);
        } else if (!ws.isClosed()) {
            ws.writeTextMessage(message.put("seq", ++seq).encode());
        }
    }

    void close(short code, String reason) {
        ws.close(code, reason);
        closed();
    }

    private void ping() {
        if (System.nanoTime() - lastHeard > settings.wsIdleTimeout().toNanos()) {
            close(CLOSE_IDLE, "no pong within idle timeout");
        } else if (!ws.isClosed()) {
            ws.writePing(Buffer.buffer("hb"));
        }
    }

    private void closed() {
        if (!closed) {
            closed = true;
            vertx.cancelTimer(pingTimer);
            vertx.cancelTimer(expiryTimer);
            onClosed.run();
        }
    }
}

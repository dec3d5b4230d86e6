package io.switchboard.api.ws;

import io.switchboard.app.config.ServerSettings;
import io.switchboard.metrics.SocketMeter;
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
 * than the idle timeout (1001). {@code onClosed} runs exactly once, however the socket ends.
 *
 * <p>Threading: every method runs on the event loop that accepted the socket.
 */
final class NumberedSocket {
    static final short CLOSE_IDLE = 1001;

    private final Vertx vertx;
    private final ServerWebSocket ws;
    private final ServerSettings settings;
    private final Runnable onClosed;
    private final SocketMeter meter;
    private long seq;
    private long lastHeard = System.nanoTime();
    private long pingTimer = -1;
    private boolean closed;
    private List<JsonObject> beforeWelcome = new ArrayList<>();

    /** {@code meter} counts the open sockets and the messages dropped because the socket had closed. */
    NumberedSocket(Vertx vertx, ServerWebSocket ws, ServerSettings settings, Runnable onClosed, SocketMeter meter) {
        this.vertx = vertx;
        this.ws = ws;
        this.settings = settings;
        this.onClosed = onClosed;
        this.meter = meter;
    }

    ServerWebSocket ws() {
        return ws;
    }

    /** Starts the heartbeat and close detection; call once, before the first message. */
    void start() {
        meter.opened();
        ws.closeHandler(v -> closed());
        ws.pongHandler(b -> heard());
        pingTimer = vertx.setPeriodic(settings.wsPingInterval().toMillis(), id -> ping());
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
        } else {
            meter.dropped();
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
            meter.closed();
            onClosed.run();
        }
    }
}

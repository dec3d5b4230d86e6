package io.switchboard.api.ws;

import io.switchboard.api.TicketJson;
import io.switchboard.config.ServerSettings;
import io.switchboard.metrics.SocketMeter;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.websocket.WebSocketFrameImpl;
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
 * <p>Slow clients: while Vert.x's write queue for the socket is full, messages wait in an
 * {@link Outbox} (informational updates coalesced, offers and assignments kept) and are written
 * when it drains. A client with more than {@link #MAX_CRITICAL_BACKLOG} uncoalescable messages
 * waiting, or with messages waiting longer than the idle timeout, is closed with
 * {@link #CLOSE_TOO_SLOW}; closing disconnects the agent, which re-queues its open offers.
 *
 * <p>Resumable sockets ({@link #resumable}) number differently: a stream message carries the
 * number the engine gave it in the agent's or person's stream ({@link #sendNumbered}), one the client
 * already has (a replayed message that also arrived live) is not written again, and every other
 * message (welcome, ack, error, an offer sent again) carries the stream position at the time it is
 * written. Nothing is coalesced there: a seq must never go missing.
 *
 * <p>Threading: every method runs on the event loop that accepted the socket.
 */
final class NumberedSocket {
    static final short CLOSE_IDLE = 1001;
    /** The credential the socket was opened with expired: get a new one and reconnect. */
    static final short CLOSE_EXPIRED = 4401;
    /** RFC 6455 "try again later": the client did not read its messages fast enough. */
    static final short CLOSE_TOO_SLOW = 1013;
    /** This node stopped owning the engine (high availability): reconnect, through the load balancer. */
    static final short CLOSE_NOT_LEADER = 4503;
    static final String NOT_LEADER_REASON = "this node is no longer the leader; reconnect";
    /** RFC 6455 "going away", as {@link #CLOSE_IDLE}: the server stops (SIGTERM); reconnect once it is back. */
    static final short CLOSE_GOING_AWAY = CLOSE_IDLE;
    static final String GOING_AWAY_REASON = "server going away, reconnect";
    static final int MAX_CRITICAL_BACKLOG = 256;
    /** Bytes Vert.x may buffer for one socket before {@code writeQueueFull()}. */
    static final int WRITE_QUEUE_BYTES = 256 * 1024;

    /**
     * A server message already encoded, its closing brace left off ({@code seq} is appended when
     * it is written); {@code coalesceKey} as {@link Outbox#coalesceKey}, null = never coalesced.
     */
    record Prepared(TicketJson.Message open, String coalesceKey) {}

    /** A stream message with its number in the stream (resumable sockets). */
    private record Numbered(Object message, long seq) {}

    /** An accepted socket and when its credential expires (epoch millis; Long.MAX_VALUE = never). */
    record Upgraded(ServerWebSocket ws, long expiresAt) {}

    private final Vertx vertx;
    private final ServerWebSocket ws;
    private final long expiresAt;
    private final ServerSettings settings;
    private final Runnable onClosed;
    private final SocketMeter meter;
    private long seq;
    private boolean resumable;
    private long lastHeard = System.nanoTime();
    private long pingTimer = -1;
    private long expiryTimer = -1;
    private boolean closed;
    private List<Object> beforeWelcome = new ArrayList<>();
    /** Holds {@link JsonObject}s and {@link Prepared}s. */
    private final Outbox<Object> outbox = new Outbox<>();

    /** {@code meter} counts the open sockets and the messages dropped because the socket had closed. */
    NumberedSocket(Vertx vertx, Upgraded upgraded, ServerSettings settings, Runnable onClosed, SocketMeter meter) {
        this.vertx = vertx;
        this.ws = upgraded.ws();
        this.expiresAt = upgraded.expiresAt();
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
        ws.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
        ws.drainHandler(v -> flush());
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
        List<Object> waiting = beforeWelcome;
        beforeWelcome = null;
        send(welcome);
        waiting.forEach(this::sendAny);
    }

    /** Makes this a resumable socket (see the class comment); call before anything is sent. */
    void resumable() {
        resumable = true;
    }

    /**
     * Resumable sockets: sends the welcome at stream position {@code position} (the last seq the
     * client has), then {@code replay} (each {@code [message, seq]}: a {@link JsonObject} or
     * {@link Prepared} and its stream seq), then whatever arrived meanwhile that the client lacks.
     */
    void welcome(JsonObject welcome, long position, List<Object[]> replay) {
        List<Object> waiting = beforeWelcome;
        beforeWelcome = null;
        seq = position;
        send(welcome);
        for (Object[] message : replay) {
            sendAny(new Numbered(message[0], (Long) message[1]));
        }
        waiting.forEach(this::sendAny);
    }

    /** A stream message numbered {@code streamSeq} in its stream (resumable sockets only). */
    void sendNumbered(Object message, long streamSeq) {
        sendAny(new Numbered(message, streamSeq));
    }

    void send(JsonObject message) {
        sendAny(message);
    }

    /** A pre-encoded message: the same ordering, numbering and slow-client rules as a JSON object. */
    void send(Prepared message) {
        sendAny(message);
    }

    private void sendAny(Object message) {
        if (beforeWelcome != null) {
            beforeWelcome.add(message);
        } else if (ws.isClosed() || closed) {
            meter.dropped();
        } else if (outbox.isEmpty() && !ws.writeQueueFull()) {
            write(message);
        } else {
            outbox.add(message, resumable ? null
                    : message instanceof Prepared p ? p.coalesceKey() : Outbox.coalesceKey((JsonObject) message),
                    System.currentTimeMillis());
            if (outbox.critical() > MAX_CRITICAL_BACKLOG) {
                meter.closedTooSlow(SocketMeter.SlowConsumer.BACKLOG);
                close(CLOSE_TOO_SLOW, "client too slow");
            }
        }
    }

    /** Numbers at write time, so the seq a client sees has no gaps even when updates were coalesced. */
    private void write(Object message) {
        long number;
        if (message instanceof Numbered n) {
            if (n.seq() <= seq) {
                return; // the client has it (replayed, and also delivered live)
            }
            seq = n.seq();
            number = seq;
            message = n.message();
        } else {
            number = resumable ? seq : ++seq;
        }
        if (message instanceof Prepared p) {
            // UTF-8 bytes straight into a text frame: no String, no re-encoding, and an array reused
            // once the write has completed (see RecycledFrames).
            RecycledFrames.Frame frame = RecycledFrames.numbered(p.open(), number);
            ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, frame.buffer(), true)).onComplete(frame);
        } else {
            ws.writeTextMessage(((JsonObject) message).put("seq", number).encode());
        }
    }

    private void flush() {
        while (!outbox.isEmpty() && !ws.writeQueueFull() && !ws.isClosed()) {
            write(outbox.poll());
        }
    }

    void close(short code, String reason) {
        ws.close(code, reason);
        closed();
    }

    private void ping() {
        long since = outbox.backlogSince();
        if (since >= 0 && System.currentTimeMillis() - since > settings.wsIdleTimeout().toMillis()) {
            meter.closedTooSlow(SocketMeter.SlowConsumer.STALLED);
            close(CLOSE_TOO_SLOW, "client too slow");
        } else if (System.nanoTime() - lastHeard > settings.wsIdleTimeout().toNanos()) {
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
            meter.closed();
            onClosed.run();
        }
    }
}

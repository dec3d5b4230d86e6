package io.switchboard.app;

import io.switchboard.engine.AgentPush;
import io.switchboard.engine.Command;
import io.switchboard.engine.Notification;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.Sequenced;
import io.switchboard.engine.StreamReplay;
import io.switchboard.engine.StreamResume;
import io.switchboard.port.EngineOverloaded;
import io.switchboard.port.EnginePort;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;

/**
 * How adapters talk to the engine: commands handed to its {@link EngineInbox} (not the event bus:
 * see there why). Safe to use from any verticle; replies arrive on the caller's context.
 *
 * <p>The engine's inbox is bounded: every client of one Vert.x instance shares one count of
 * commands sent and not yet answered. {@link #trySend} (intake over HTTP) refuses with
 * {@link EngineOverloaded} once {@link #MAX_IN_FLIGHT} are waiting, so a flood turns into 503s instead
 * of a growing queue; {@link #send} (sessions, disconnects, timers) is never refused,
 * because dropping a disconnect would strand an agent's offers.
 */
public final class EngineClient implements EnginePort {
    /** Where resuming WebSockets ask the engine's context for the messages they missed. */
    public static final String STREAMS_ADDRESS = "switchboard.engine.streams";
    /** Commands in flight at which {@link #trySend} refuses, unless {@code -Dswitchboard.engine.maxInFlight} says otherwise. */
    public static final int MAX_IN_FLIGHT = 10_000;
    private static final String SESSION_PREFIX = "switchboard.session.";

    private final Vertx vertx;
    private final EngineInbox inbox;
    private final SessionPushes pushes;
    private final int maxInFlight;

    /** The limit is read when the client is made (each HTTP verticle makes one at start). */
    public EngineClient(Vertx vertx) {
        this(vertx, Integer.getInteger("switchboard.engine.maxInFlight", MAX_IN_FLIGHT));
    }

    /** A client whose {@link #trySend} refuses at {@code maxInFlight} (the count is still shared). */
    public EngineClient(Vertx vertx, int maxInFlight) {
        this.vertx = vertx;
        this.maxInFlight = maxInFlight;
        this.inbox = EngineInbox.of(vertx);
        this.pushes = SessionPushes.of(vertx);
    }

    /** Registers the local codecs once per Vert.x instance. */
    public static void registerCodecs(Vertx vertx) {
        vertx.eventBus().registerDefaultCodec(Outcome.class, new LocalCodec<>(Outcome.class));
        vertx.eventBus().registerDefaultCodec(AgentPush.class, new LocalCodec<>(AgentPush.class));
        vertx.eventBus().registerDefaultCodec(Notification.class, new LocalCodec<>(Notification.class));
        vertx.eventBus().registerDefaultCodec(Sequenced.class, new LocalCodec<>(Sequenced.class));
        vertx.eventBus().registerDefaultCodec(StreamResume.class, new LocalCodec<>(StreamResume.class));
        vertx.eventBus().registerDefaultCodec(StreamReplay.class, new LocalCodec<>(StreamReplay.class));
    }

    /**
     * How long a caller waits for the engine's answer. A command whose events the journal cannot
     * take (an outage that began while it ran) times out here: its outcome is then unknown, and
     * the adapters say so (retry with the same Idempotency-Key).
     */
    static final long REPLY_TIMEOUT_MILLIS = 5_000;

    /**
     * The engine's outcome; fails with a {@link io.vertx.core.eventbus.ReplyException} when the
     * engine refused (its failure code), did not answer in time, or is not running.
     */
    @Override
    public Future<Outcome> send(Command command) {
        return inbox.send(vertx, command);
    }

    /** Like {@link #send}, but fails at once with {@link EngineOverloaded} when the engine's inbox is full. */
    @Override
    public Future<Outcome> trySend(Command command) {
        if (inbox.inFlight() >= maxInFlight) {
            return Future.failedFuture(new EngineOverloaded());
        }
        return send(command);
    }

    /**
     * The messages of {@code stream} ({@code agent:<id>} or {@code person:<id>}) after {@code after},
     * if the replay window still holds them all (docs/websocket-protocol.md, "Resume").
     */
    @Override
    public Future<StreamReplay> resume(String stream, long after) {
        // rare (once per reconnect): an event-bus request is fine here, unlike for every command
        DeliveryOptions delivery = new DeliveryOptions().setSendTimeout(REPLY_TIMEOUT_MILLIS);
        return vertx.eventBus().<StreamReplay>request(STREAMS_ADDRESS, new StreamResume(stream, after), delivery)
                .map(Message::body);
    }

    /** Commands sent and not yet answered, over every client of this Vert.x instance. */
    @Override
    public int inFlight() {
        return inbox.inFlight();
    }

    /**
     * The address every session of one person (an agent's desktop, a supervisor's stream) listens
     * on for notifications; published to, so each of them gets a copy.
     */
    public static String personAddress(String personId) {
        return EnginePort.personAddress(personId);
    }

    /**
     * Subscribes the calling context to {@code sessionId}'s pushes (in order, on that context; see
     * {@link SessionPushes}); run the returned action to unsubscribe.
     */
    @Override
    public Runnable onPushes(String sessionId, io.vertx.core.Handler<Sequenced> handler) {
        return pushes.register(sessionId, vertx.getOrCreateContext(), handler);
    }

    /** The address a WebSocket session once listened on for its pushes (now {@link #onPushes}). */
    public static String sessionAddress(String sessionId) {
        return SESSION_PREFIX + sessionId;
    }
}

package io.switchboard.app;

import io.switchboard.engine.AgentPush;
import io.switchboard.engine.Command;
import io.switchboard.engine.Notification;
import io.switchboard.engine.Outcome;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;

/**
 * How adapters talk to the engine: typed messages over the local event bus. Safe to use from
 * any verticle; replies arrive on the caller's context.
 */
public final class EngineClient {
    public static final String ENGINE_ADDRESS = "switchboard.engine";
    private static final String SESSION_PREFIX = "switchboard.session.";
    private static final String PERSON_PREFIX = "switchboard.person.";

    private final Vertx vertx;

    public EngineClient(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Registers the local codecs once per Vert.x instance. */
    public static void registerCodecs(Vertx vertx) {
        vertx.eventBus().registerDefaultCodec(EngineRequest.class, new LocalCodec<>(EngineRequest.class));
        vertx.eventBus().registerDefaultCodec(Outcome.class, new LocalCodec<>(Outcome.class));
        vertx.eventBus().registerDefaultCodec(AgentPush.class, new LocalCodec<>(AgentPush.class));
        vertx.eventBus().registerDefaultCodec(Notification.class, new LocalCodec<>(Notification.class));
    }

    /**
     * How long a caller waits for the engine's answer. A command whose events the journal cannot
     * take (an outage that began while it ran) times out here: its outcome is then unknown, and
     * the adapters say so (retry with the same Idempotency-Key).
     */
    static final long REPLY_TIMEOUT_MILLIS = 5_000;
    private static final DeliveryOptions DELIVERY = new DeliveryOptions().setSendTimeout(REPLY_TIMEOUT_MILLIS);

    public Future<Outcome> send(Command command) {
        return vertx.eventBus().<Outcome>request(ENGINE_ADDRESS, new EngineRequest(command), DELIVERY)
                .map(Message::body);
    }

    /**
     * The address every session of one person (an agent's desktop, a supervisor's stream) listens
     * on for notifications; published to, so each of them gets a copy.
     */
    public static String personAddress(String personId) {
        return PERSON_PREFIX + personId;
    }

    /** The address a WebSocket session listens on for its pushes. */
    public static String sessionAddress(String sessionId) {
        return SESSION_PREFIX + sessionId;
    }
}

package io.switchboard.app;

import io.switchboard.engine.AgentPush;
import io.switchboard.engine.Command;
import io.switchboard.engine.Outcome;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;

/**
 * How adapters talk to the engine: typed messages over the local event bus. Safe to use from
 * any verticle; replies arrive on the caller's context.
 */
public final class EngineClient {
    public static final String ENGINE_ADDRESS = "switchboard.engine";
    private static final String SESSION_PREFIX = "switchboard.session.";

    private final Vertx vertx;

    public EngineClient(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Registers the local codecs once per Vert.x instance. */
    public static void registerCodecs(Vertx vertx) {
        vertx.eventBus().registerDefaultCodec(EngineRequest.class, new LocalCodec<>(EngineRequest.class));
        vertx.eventBus().registerDefaultCodec(Outcome.class, new LocalCodec<>(Outcome.class));
        vertx.eventBus().registerDefaultCodec(AgentPush.class, new LocalCodec<>(AgentPush.class));
    }

    public Future<Outcome> send(Command command) {
        return vertx.eventBus().<Outcome>request(ENGINE_ADDRESS, new EngineRequest(command)).map(Message::body);
    }

    /** The address a WebSocket session listens on for its pushes. */
    public static String sessionAddress(String sessionId) {
        return SESSION_PREFIX + sessionId;
    }
}

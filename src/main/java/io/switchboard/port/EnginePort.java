package io.switchboard.port;

import io.switchboard.engine.Command;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.Sequenced;
import io.switchboard.engine.StreamReplay;
import io.vertx.core.Future;
import io.vertx.core.Handler;

/**
 * How adapters (HTTP, WebSocket, channels) reach the routing engine. The wiring in {@code app/}
 * decides what stands behind it (today the local single-writer engine); adapters never import the
 * wiring, so a node can put something else here (for example "not the leader") without them
 * knowing.
 *
 * <p>Answers arrive on the caller's context. A refusal by the engine fails the future with a
 * {@link io.vertx.core.eventbus.ReplyException} whose failure code is one of
 * {@link EngineRefusals}; {@link #trySend} may also fail with {@link EngineOverloaded}.
 */
public interface EnginePort {
    /** The engine's outcome for {@code command}; never refused for load (sessions, disconnects, timers). */
    Future<Outcome> send(Command command);

    /** Like {@link #send}, but fails at once with {@link EngineOverloaded} when the engine's inbox is full. */
    Future<Outcome> trySend(Command command);

    /**
     * The messages of {@code stream} ({@code agent:<id>} or {@code person:<id>}) after {@code after},
     * if the replay window still holds them all (docs/websocket-protocol.md, "Resume").
     */
    Future<StreamReplay> resume(String stream, long after);

    /** Commands sent and not yet answered. */
    int inFlight();

    /**
     * Subscribes the calling context to {@code sessionId}'s pushes, in order, on that context;
     * run the returned action to unsubscribe.
     */
    Runnable onPushes(String sessionId, Handler<Sequenced> handler);

    /**
     * Runs {@code action} on the calling context if this node stops owning the engine (high
     * availability: its lease was lost); sockets close then, so their clients reconnect to the new
     * active node. Run the returned action to unsubscribe. A single node never loses it.
     */
    default Runnable onLeadershipLost(Runnable action) {
        return () -> { };
    }

    /**
     * Runs {@code action} on the calling context when this node starts a graceful stop (SIGTERM
     * on a single node): new commands are refused from then on with
     * {@link EngineRefusals#SHUTTING_DOWN}; sockets close with 1001, so their clients reconnect
     * once the server is back. Run the returned action to unsubscribe.
     */
    default Runnable onStopping(Runnable action) {
        return () -> { };
    }

    /**
     * The event-bus address every session of one person (an agent's desktop, a supervisor's
     * stream) listens on for notifications; published to, so each of them gets a copy.
     */
    static String personAddress(String personId) {
        return "switchboard.person." + personId;
    }
}

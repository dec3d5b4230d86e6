package io.switchboard.app;

import io.switchboard.engine.Command;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.Sequenced;
import io.switchboard.engine.StreamReplay;
import io.switchboard.port.EnginePort;
import io.switchboard.port.EngineRefusals;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * The engine's port on a single node: the local engine until the node's graceful stop begins
 * ({@link Switchboard#stop}), then every new command is refused with
 * {@link EngineRefusals#SHUTTING_DOWN} (nothing changed; the adapters answer 503
 * {@code shutting-down}), and sockets hear through {@link #onStopping}. Commands sent before are
 * answered as usual.
 */
final class StoppingPort implements EnginePort {
    private final Vertx vertx;
    private final EngineClient local;
    /** Leads from start to stop; {@code lose()} is the stop's beginning. */
    private final Leadership serving;

    StoppingPort(Vertx vertx, Leadership serving) {
        this.vertx = vertx;
        this.local = new EngineClient(vertx);
        this.serving = serving;
    }

    @Override
    public Future<Outcome> send(Command command) {
        return serving.leading() ? local.send(command) : shuttingDown();
    }

    @Override
    public Future<Outcome> trySend(Command command) {
        return serving.leading() ? local.trySend(command) : shuttingDown();
    }

    @Override
    public Future<StreamReplay> resume(String stream, long after) {
        return serving.leading() ? local.resume(stream, after) : shuttingDown();
    }

    @Override
    public int inFlight() {
        return local.inFlight();
    }

    @Override
    public Runnable onPushes(String sessionId, Handler<Sequenced> handler) {
        return local.onPushes(sessionId, handler);
    }

    @Override
    public Runnable onStopping(Runnable action) {
        return serving.onLost(vertx, action);
    }

    private static <T> Future<T> shuttingDown() {
        return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, EngineRefusals.SHUTTING_DOWN,
                "this node is stopping"));
    }
}

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
 * The engine's port on a node: the local engine while {@code serving} leads, every new command
 * refused otherwise (nothing changed; commands sent before are answered as usual). What the
 * refusal says, and which loss sockets hear of, depends on why a node stops serving ({@link Gate}):
 * on a node of a highly available group, because it does not hold the lease; on a single node,
 * because its graceful stop began ({@link Switchboard#stop}).
 */
final class NodePort implements EnginePort {
    /** Why the node stops serving: the refusal its adapters turn into a 503, and the loss sockets hear of. */
    enum Gate {
        /** High availability: the lease is another node's ({@link EngineRefusals#NOT_LEADER}, {@link #onLeadershipLost}). */
        LEASE(EngineRefusals.NOT_LEADER, "this node is a standby: another node owns the engine"),
        /** A single node's graceful stop ({@link EngineRefusals#SHUTTING_DOWN}, {@link #onStopping}). */
        STOP(EngineRefusals.SHUTTING_DOWN, "this node is stopping");

        private final int refusal;
        private final String message;

        Gate(int refusal, String message) {
            this.refusal = refusal;
            this.message = message;
        }
    }

    private final Vertx vertx;
    private final EngineClient local;
    private final Leadership serving;
    private final Gate gate;

    NodePort(Vertx vertx, Leadership serving, Gate gate) {
        this.vertx = vertx;
        this.local = new EngineClient(vertx);
        this.serving = serving;
        this.gate = gate;
    }

    @Override
    public Future<Outcome> send(Command command) {
        return serving.leading() ? local.send(command) : refused();
    }

    @Override
    public Future<Outcome> trySend(Command command) {
        return serving.leading() ? local.trySend(command) : refused();
    }

    @Override
    public Future<StreamReplay> resume(String stream, long after) {
        return serving.leading() ? local.resume(stream, after) : refused();
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
    public Runnable onLeadershipLost(Runnable action) {
        return gate == Gate.LEASE ? serving.onLost(vertx, action) : EnginePort.super.onLeadershipLost(action);
    }

    @Override
    public Runnable onStopping(Runnable action) {
        return gate == Gate.STOP ? serving.onLost(vertx, action) : EnginePort.super.onStopping(action);
    }

    private <T> Future<T> refused() {
        return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, gate.refusal, gate.message));
    }
}

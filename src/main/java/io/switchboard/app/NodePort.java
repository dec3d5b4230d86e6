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
 * The engine's port on a node of a highly available group: the local engine while this node
 * holds the lease, "not the leader" otherwise (every command refused with
 * {@link EngineRefusals#NOT_LEADER}, nothing changed; the adapters answer 503 {@code not-leader}).
 * Sockets hear through {@link #onLeadershipLost} when the node steps down.
 */
final class NodePort implements EnginePort {
    private final Vertx vertx;
    private final EngineClient local;
    private final Leadership leadership;

    NodePort(Vertx vertx, Leadership leadership) {
        this.vertx = vertx;
        this.local = new EngineClient(vertx);
        this.leadership = leadership;
    }

    @Override
    public Future<Outcome> send(Command command) {
        return leadership.leading() ? local.send(command) : notLeader();
    }

    @Override
    public Future<Outcome> trySend(Command command) {
        return leadership.leading() ? local.trySend(command) : notLeader();
    }

    @Override
    public Future<StreamReplay> resume(String stream, long after) {
        return leadership.leading() ? local.resume(stream, after) : notLeader();
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
        return leadership.onLost(vertx, action);
    }

    static <T> Future<T> notLeader() {
        return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, EngineRefusals.NOT_LEADER,
                "this node is a standby: another node owns the engine"));
    }
}

package io.switchboard.app;

import io.switchboard.hooks.WebhookAdmin;
import io.switchboard.hooks.WebhookRejection;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The {@code /v1/webhooks} operations of the dispatcher that runs now ({@link SideEffects}); with
 * none (a standby, or between a step-down and the next takeover) every operation is refused with
 * 503 {@code not-leader}, nothing changed.
 *
 * <p>Threading: any thread (the current dispatcher is a volatile reference).
 */
final class LeaderWebhookAdmin implements WebhookAdmin {
    private static final WebhookAdmin STANDBY = new WebhookAdmin() {
        private <T> Future<T> notLeader() {
            return Future.failedFuture(new WebhookRejection(503, "not-leader", "this node is a standby: webhooks"
                    + " run on the active node; retry through the load balancer", null));
        }

        @Override
        public Future<List<JsonObject>> list(String owner) {
            return notLeader();
        }

        @Override
        public Future<JsonObject> get(String id, String owner) {
            return notLeader();
        }

        @Override
        public Future<JsonObject> create(JsonObject body, String owner) {
            return notLeader();
        }

        @Override
        public Future<JsonObject> update(String id, JsonObject body, String owner) {
            return notLeader();
        }

        @Override
        public Future<Void> delete(String id, String owner) {
            return notLeader();
        }

        @Override
        public Future<JsonObject> rotate(String id, boolean keepPrevious, String owner) {
            return notLeader();
        }

        @Override
        public Future<JsonObject> deliveries(String id, String owner, long before, int limit) {
            return notLeader();
        }

        @Override
        public Future<JsonArray> deadLetters(String id, String owner) {
            return notLeader();
        }

        @Override
        public Future<Void> replay(String id, String webhookId, String owner) {
            return notLeader();
        }
    };

    private volatile WebhookAdmin current = STANDBY;

    /** {@code dispatcher}: the running one, or null between terms. */
    void serve(WebhookAdmin dispatcher) {
        current = dispatcher == null ? STANDBY : dispatcher;
    }

    @Override
    public Future<List<JsonObject>> list(String owner) {
        return current.list(owner);
    }

    @Override
    public Future<JsonObject> get(String id, String owner) {
        return current.get(id, owner);
    }

    @Override
    public Future<JsonObject> create(JsonObject body, String owner) {
        return current.create(body, owner);
    }

    @Override
    public Future<JsonObject> update(String id, JsonObject body, String owner) {
        return current.update(id, body, owner);
    }

    @Override
    public Future<Void> delete(String id, String owner) {
        return current.delete(id, owner);
    }

    @Override
    public Future<JsonObject> rotate(String id, boolean keepPrevious, String owner) {
        return current.rotate(id, keepPrevious, owner);
    }

    @Override
    public Future<JsonObject> deliveries(String id, String owner, long before, int limit) {
        return current.deliveries(id, owner, before, limit);
    }

    @Override
    public Future<JsonArray> deadLetters(String id, String owner) {
        return current.deadLetters(id, owner);
    }

    @Override
    public Future<Void> replay(String id, String webhookId, String owner) {
        return current.replay(id, webhookId, owner);
    }
}

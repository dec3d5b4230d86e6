package io.switchboard.hooks;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The {@code /v1/webhooks} operations, for the HTTP layer. {@code owner} is null for an admin (every
 * subscription) or an integration's actor ({@code key:NAME}: only the subscriptions it made, which
 * only ever get its own tickets). Futures fail with {@link WebhookRejection} for a refused request;
 * they may be called from any thread. Subscriptions are shown without secrets, except the new
 * secret in {@code create}'s and {@code rotate}'s answers ({@code secret}).
 */
public interface WebhookAdmin {
    Future<List<JsonObject>> list(String owner);

    Future<JsonObject> get(String id, String owner);

    Future<JsonObject> create(JsonObject body, String owner);

    Future<JsonObject> update(String id, JsonObject body, String owner);

    Future<Void> delete(String id, String owner);

    /** A new current secret; the previous one stays valid (messages carry both signatures) unless not {@code keepPrevious}. */
    Future<JsonObject> rotate(String id, boolean keepPrevious, String owner);

    /** Most attempts a page of the delivery log holds. */
    int MAX_DELIVERIES_PAGE = 1_000;

    /**
     * A page of the delivery log, newest first: up to {@code limit} attempts whose {@code seq} is
     * below {@code before} (0: from the newest), as {@code {"deliveries": [...], "olderThan": seq}}
     * where {@code olderThan} (null when nothing older is kept) is the next page's {@code before}.
     */
    Future<JsonObject> deliveries(String id, String owner, long before, int limit);

    Future<JsonArray> deadLetters(String id, String owner);

    /** Sends a dead letter again with its {@code webhook-id}; it leaves the list once delivered. */
    Future<Void> replay(String id, String webhookId, String owner);

    /** No webhooks (servers built without them): every operation is refused with 503. */
    WebhookAdmin NONE = new WebhookAdmin() {
        private <T> Future<T> off() {
            return Future.failedFuture(new WebhookRejection(503, "webhooks-starting", "webhooks are not running", null));
        }

        public Future<List<JsonObject>> list(String owner) {
            return off();
        }

        public Future<JsonObject> get(String id, String owner) {
            return off();
        }

        public Future<JsonObject> create(JsonObject body, String owner) {
            return off();
        }

        public Future<JsonObject> update(String id, JsonObject body, String owner) {
            return off();
        }

        public Future<Void> delete(String id, String owner) {
            return off();
        }

        public Future<JsonObject> rotate(String id, boolean keepPrevious, String owner) {
            return off();
        }

        public Future<JsonObject> deliveries(String id, String owner, long before, int limit) {
            return off();
        }

        public Future<JsonArray> deadLetters(String id, String owner) {
            return off();
        }

        public Future<Void> replay(String id, String webhookId, String owner) {
            return off();
        }
    };
}

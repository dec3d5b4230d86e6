package io.switchboard.hooks;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link WebhookAdmin} over the dispatcher's workers, on the dispatcher's context. API
 * subscriptions are written to {@code subscriptions.json} before the answer, so an acknowledged
 * change survives a crash; configuration subscriptions are read-only here (change the YAML) except
 * for their deliveries, dead letters and replays.
 */
final class WebhookAdmins {
    private final WebhookDispatcher d;

    WebhookAdmins(WebhookDispatcher dispatcher) {
        this.d = dispatcher;
    }

    Future<List<JsonObject>> list(String owner) {
        return d.onContext(() -> {
            List<JsonObject> out = new ArrayList<>();
            d.workers().values().stream().map(SubscriptionWorker::subscription)
                    .filter(s -> owner == null || owner.equals(s.owner()))
                    .forEach(s -> out.add(WebhookRequests.view(s)));
            return Future.succeededFuture(out);
        });
    }

    Future<JsonObject> get(String id, String owner) {
        return d.onContext(() -> Future.succeededFuture(WebhookRequests.view(worker(id, owner).subscription())));
    }

    Future<JsonObject> create(JsonObject body, String owner) {
        return d.onContext(() -> {
            String secret = WebhookSigner.newSecret();
            Subscription s = WebhookRequests.create(body, owner, secret, System.currentTimeMillis());
            if (d.workers().containsKey(s.id())) {
                return Future.failedFuture(new WebhookRejection(409, "webhook-exists",
                        "a webhook subscription " + s.id() + " exists", "/id"));
            }
            return d.guard().check(s.url(), System.currentTimeMillis()).compose(refusal -> {
                if (refusal != null) {
                    return Future.failedFuture(new WebhookRejection(422, "webhook-url-refused", "url " + refusal, "/url"));
                }
                if (d.workers().containsKey(s.id())) {
                    return Future.failedFuture(new WebhookRejection(409, "webhook-exists",
                            "a webhook subscription " + s.id() + " exists", "/id"));
                }
                d.apiSubscriptions().add(s);
                return saveApi().compose(v -> d.open(s))
                        .map(w -> WebhookRequests.view(s).put("secret", secret));
            });
        });
    }

    Future<JsonObject> update(String id, JsonObject body, String owner) {
        return d.onContext(() -> {
            SubscriptionWorker worker = editable(id, owner);
            Subscription updated = WebhookRequests.update(worker.subscription(), body);
            Future<String> check = updated.url().equals(worker.subscription().url()) ? Future.succeededFuture(null)
                    : d.guard().check(updated.url(), System.currentTimeMillis());
            return check.compose(refusal -> {
                if (refusal != null) {
                    return Future.failedFuture(new WebhookRejection(422, "webhook-url-refused", "url " + refusal, "/url"));
                }
                return replaceApi(updated).map(v -> {
                    worker.replace(updated);
                    return WebhookRequests.view(updated);
                });
            });
        });
    }

    Future<Void> delete(String id, String owner) {
        return d.onContext(() -> {
            SubscriptionWorker worker = editable(id, owner);
            d.apiSubscriptions().removeIf(s -> s.id().equals(id));
            d.close(id);
            // After the log's last append (one may be running): else it could recreate the file after the delete.
            return saveApi().compose(v -> worker.flushLog().otherwiseEmpty()).compose(v -> d.vertx().executeBlocking(() -> {
                d.files().delete(id);
                return null;
            }, false)).compose(v -> d.files().deleteCursor(id)).mapEmpty();
        });
    }

    Future<JsonObject> rotate(String id, boolean keepPrevious, String owner) {
        return d.onContext(() -> {
            SubscriptionWorker worker = editable(id, owner);
            String secret = WebhookSigner.newSecret();
            List<String> secrets = keepPrevious ? List.of(secret, worker.subscription().secrets().get(0)) : List.of(secret);
            Subscription updated = worker.subscription().withSecrets(secrets);
            return replaceApi(updated).map(v -> {
                worker.replace(updated);
                return WebhookRequests.view(updated).put("secret", secret);
            });
        });
    }

    Future<JsonObject> deliveries(String id, String owner, long before, int limit) {
        return d.onContext(() -> worker(id, owner).deliveryLog(before, limit));
    }

    Future<JsonArray> deadLetters(String id, String owner) {
        return d.onContext(() -> Future.succeededFuture(worker(id, owner).deadLetters()));
    }

    Future<Void> replay(String id, String webhookId, String owner) {
        return d.onContext(() -> worker(id, owner).replay(webhookId) ? Future.succeededFuture()
                : Future.failedFuture(new WebhookRejection(404, "not-found", "subscription " + id
                        + " has no dead letter " + webhookId, null)));
    }

    private SubscriptionWorker worker(String id, String owner) {
        SubscriptionWorker worker = d.workers().get(id);
        if (worker == null || (owner != null && !owner.equals(worker.subscription().owner()))) {
            throw WebhookRejection.notFound(id); // another integration's subscription does not exist for the caller
        }
        return worker;
    }

    private SubscriptionWorker editable(String id, String owner) {
        SubscriptionWorker worker = worker(id, owner);
        if (!"api".equals(worker.subscription().source())) {
            throw new WebhookRejection(409, "webhook-read-only", "subscription " + id
                    + " comes from the configuration file; change it there", null);
        }
        return worker;
    }

    private Future<Void> replaceApi(Subscription updated) {
        d.apiSubscriptions().replaceAll(s -> s.id().equals(updated.id()) ? updated : s);
        return saveApi();
    }

    private Future<Void> saveApi() {
        List<JsonObject> stored = new ArrayList<>();
        d.apiSubscriptions().forEach(s -> stored.add(WebhookRequests.stored(s)));
        return d.vertx().executeBlocking(() -> {
            d.files().saveSubscriptions(stored);
            return null;
        }, false).mapEmpty();
    }
}

package io.switchboard.hooks;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Logger;

/**
 * One subscription's dead letters: messages that failed for the whole retry horizon, kept with
 * their bodies (exactly as signed) until a replay delivers them. Every change is written to
 * {@code <id>.dead.json} in order, off the event loop. Threading: confined to the dispatcher's
 * context, except {@link #count()}.
 */
final class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class.getName());

    private final Vertx vertx;
    private final WebhookFiles files;
    private final String subscriptionId;
    private final JsonArray letters;
    private volatile int count;

    DeadLetters(Vertx vertx, WebhookFiles files, String subscriptionId, JsonArray saved) {
        this.vertx = vertx;
        this.files = files;
        this.subscriptionId = subscriptionId;
        this.letters = saved;
        this.count = saved.size();
    }

    /** Adds (or, for a replay that failed again, updates) the dead letter of message {@code webhookId}. */
    void add(String webhookId, String type, long position, String key, String body, int attempts, long firstAttemptAt,
            long now, Integer status, String error) {
        JsonObject letter = find(webhookId);
        if (letter == null) {
            letter = new JsonObject().put("webhookId", webhookId).put("type", type).put("position", position)
                    .put("key", key).put("body", body);
            letters.add(letter);
        }
        letter.put("attempts", attempts).put("firstAttemptAt", Instant.ofEpochMilli(firstAttemptAt).toString())
                .put("deadLetteredAt", Instant.ofEpochMilli(now).toString()).put("lastStatus", status)
                .put("lastError", error);
        changed();
    }

    void remove(String webhookId) {
        letters.getList().removeIf(o -> webhookId.equals(o instanceof JsonObject j ? j.getString("webhookId")
                : ((Map<?, ?>) o).get("webhookId")));
        changed();
    }

    /** The dead letter of message {@code webhookId}, or null. */
    JsonObject find(String webhookId) {
        for (Object o : letters) {
            if (((JsonObject) o).getString("webhookId").equals(webhookId)) {
                return (JsonObject) o;
            }
        }
        return null;
    }

    JsonArray all() {
        return letters.copy();
    }

    long count() {
        return count;
    }

    private void changed() {
        count = letters.size();
        JsonArray copy = letters.copy();
        vertx.executeBlocking(() -> {
            files.saveDeadLetters(subscriptionId, copy);
            return null;
        }).onFailure(e -> LOG.severe("cannot save dead letters of webhook subscription " + subscriptionId + ": " + e));
    }
}

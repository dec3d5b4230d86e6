package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.Role;
import io.switchboard.api.handoff.Fixtures;
import io.switchboard.app.DurabilitySettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bot relays the customer's next message after a handoff with its own message id as
 * Idempotency-Key; the key is journaled with the ticket, so a retry after a restart (with or
 * without a snapshot in between) still records the message once.
 */
class DurableActionKeysTest {
    @TempDir
    Path dir;

    @Test
    void customerMessage_retriedAfterARestart_isRecordedOnce() {
        assertRetryAfterRestartRecordsOnce(() -> DurabilitySettings.file(dir));
    }

    @Test
    void customerMessage_retriedAfterSnapshotsAndARestart_isRecordedOnce() {
        assertRetryAfterRestartRecordsOnce(() -> DurabilitySettings.file(dir).withSnapshots(3, 0));
    }

    private boolean snapshotWritten() {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .anyMatch(name -> (name.startsWith("snapshot-") || name.startsWith("base-")) && name.endsWith(".snap"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void assertRetryAfterRestartRecordsOnce(Supplier<DurabilitySettings> durability) {
        JsonObject body = new JsonObject().put("message", "It was order A-10023, did you find it?");
        String id;
        TestServer.Reply first;
        Vertx vertx = Vertx.vertx();
        try {
            TestServer server = TestServer.start(vertx, TestServer.CONFIG, durability.get());
            String bot = server.bearer("helpbot", Role.INTEGRATION);
            id = server.send("POST", "/v1/handoff/dialogflow-cx", Fixtures.text(Fixtures.DIALOGFLOW),
                    "Authorization", bot).header("Location").substring("/v1/tickets/".length());
            first = server.send("POST", "/v1/tickets/" + id + "/messages", body.encode(), "Authorization", bot,
                    "Idempotency-Key", "\"df-msg-42\"");
            assertThat(first.status()).as(first.body()).isEqualTo(200);
            boolean snapshots = durability.get().snapshotEvents() < DurabilitySettings.DEFAULT_SNAPSHOT_EVENTS;
            // More journal traffic, so that snapshots are taken past the keyed message. A snapshot
            // compacts only what every follower has saved a cursor past, and followers save theirs
            // on their own schedule: with snapshots on, keep the traffic going until one is written.
            for (int i = 0; i < 5 || (snapshots && !snapshotWritten() && i < 400); i++) {
                server.send("POST", "/v1/tickets/" + id + "/messages", new JsonObject().put("message", "m" + i).encode(),
                        "Authorization", bot);
            }
            if (snapshots) {
                assertThat(snapshotWritten()).as("a snapshot was written before the restart").isTrue();
            }
        } finally {
            TestServer.await(vertx.close());
        }
        Vertx again = Vertx.vertx();
        try {
            TestServer restarted = TestServer.start(again, TestServer.CONFIG, durability.get());
            String bot = restarted.bearer("helpbot", Role.INTEGRATION);

            TestServer.Reply retry = restarted.send("POST", "/v1/tickets/" + id + "/messages", body.encode(),
                    "Authorization", bot, "Idempotency-Key", "\"df-msg-42\"");
            TestServer.Reply reused = restarted.send("POST", "/v1/tickets/" + id + "/messages",
                    new JsonObject().put("message", "something else").encode(), "Authorization", bot,
                    "Idempotency-Key", "\"df-msg-42\"");

            assertThat(retry.status()).as(retry.body()).isEqualTo(200);
            assertThat(reused.status()).isEqualTo(422);
            assertThat(reused.json().getString("type")).endsWith("/idempotency-key-reused");
            long recorded = restarted.get("/v1/tickets/" + id + "/timeline").json().getJsonArray("timeline").stream()
                    .map(JsonObject.class::cast)
                    .filter(e -> e.getString("type").equals("customer_messaged"))
                    .filter(e -> e.getJsonObject("details").getString("message").equals(body.getString("message")))
                    .count();
            assertThat(recorded).isEqualTo(1);
            assertThat(restarted.get("/v1/tickets/" + id + "/timeline").json().getJsonArray("timeline").stream()
                    .map(e -> ((JsonObject) e).getString("type"))).as("the key is no history").doesNotContain(
                            "action_key_used");
        } finally {
            TestServer.await(again.close());
        }
    }
}

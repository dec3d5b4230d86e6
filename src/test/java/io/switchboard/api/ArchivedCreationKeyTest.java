package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.app.DurabilitySettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A POST /v1/tickets retried with its Idempotency-Key after the ticket it created was archived: the
 * engine no longer holds the ticket but still knows the key, so the answer comes from the history store.
 */
class ArchivedCreationKeyTest {
    @TempDir
    Path dir;

    @Test
    void createRetried_afterItsTicketWasArchived_answersTheSameTicket() throws InterruptedException {
        Vertx vertx = Vertx.vertx();
        try {
            TestServer server = TestServer.start(vertx, TestServer.CONFIG + "retention:\n  archiveAfter: 0s\n",
                    DurabilitySettings.file(dir));
            server.putAgent("alice", "support", new JsonObject().put("general", 3), new JsonObject().put("chat", 5));
            AgentClient alice = server.connect("alice");
            alice.await("welcome");
            alice.goAvailable();
            JsonObject body = TestServer.ticket("chat", "question", "c-1");
            TestServer.Reply created = server.post("/v1/tickets", body, "Idempotency-Key", "\"order-1\"");
            String id = created.json().getString("id");
            JsonObject offer = alice.await("offer");
            alice.replyTo(alice.send(new JsonObject().put("type", "accept").put("offerId", offer.getString("offerId"))));
            server.post("/v1/tickets/" + id + "/resolve", new JsonObject());
            assertThat(server.post("/v1/tickets/" + id + "/close", new JsonObject()).status()).isEqualTo(200);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (server.send("PATCH", "/v1/tickets/" + id, new JsonObject().put("priority", "high").encode())
                    .status() != 404) {
                assertThat(System.nanoTime()).as("archived in time").isLessThan(deadline);
                Thread.sleep(20);
            }

            TestServer.Reply retried = server.post("/v1/tickets", body, "Idempotency-Key", "\"order-1\"");

            assertThat(retried.status()).as(retried.body()).isEqualTo(200);
            assertThat(retried.json().getString("id")).isEqualTo(id);
        } finally {
            TestServer.await(vertx.close());
        }
    }
}

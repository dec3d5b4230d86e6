package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A chatbot retry with the same Idempotency-Key never creates a second ticket. */
@ExtendWith(VertxExtension.class)
class IdempotencyTest {
    private TestServer server;

    @BeforeEach
    void start(Vertx vertx) {
        server = TestServer.start(vertx);
    }

    @Test
    void retry_sameKeySameBody_returnsSameTicketWith200() {
        JsonObject body = TestServer.ticket("chat", "billing", "c1");
        TestServer.Reply first = server.post("/v1/tickets", body, "Idempotency-Key", "k-1");
        TestServer.Reply retry = server.post("/v1/tickets", body, "Idempotency-Key", "k-1");
        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().getString("id")).isEqualTo(first.json().getString("id"));
        assertThat(retry.header("Location")).isEqualTo("/v1/tickets/" + first.json().getString("id"));
        assertThat(ticketCount()).isEqualTo(1);
    }

    @Test
    void retry_sameKeyEquivalentBodyReordered_returnsSameTicket() {
        String one = "{\"channel\":\"chat\",\"type\":\"billing\",\"tags\":[\"a\",\"b\"],"
                + "\"customer\":{\"id\":\"c1\"}}";
        String two = "{ \"customer\": {\"id\": \"c1\"}, \"tags\": [\"b\", \"a\"], \"type\": \"billing\","
                + " \"channel\": \"chat\" }";
        TestServer.Reply first = server.send("POST", "/v1/tickets", one, "Idempotency-Key", "k-2");
        TestServer.Reply retry = server.send("POST", "/v1/tickets", two, "Idempotency-Key", "k-2");
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().getString("id")).isEqualTo(first.json().getString("id"));
    }

    @Test
    void retry_sameKeyDifferentBody_422AndNoNewTicket() {
        server.post("/v1/tickets", TestServer.ticket("chat", "billing", "c1"), "Idempotency-Key", "k-3");
        TestServer.Reply reused = server.post("/v1/tickets", TestServer.ticket("email", "billing", "c1"),
                "Idempotency-Key", "k-3");
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.contentType()).startsWith("application/problem+json");
        assertThat(reused.json().getString("type")).endsWith("/idempotency-key-reused");
        assertThat(ticketCount()).isEqualTo(1);
    }

    @Test
    void concurrentRetries_sameKey_exactlyOneTicket() {
        JsonObject body = TestServer.ticket("chat", "billing", "c9");
        List<CompletableFuture<TestServer.Reply>> calls = IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> server.post("/v1/tickets", body,
                        "Idempotency-Key", "k-race")))
                .toList();
        List<TestServer.Reply> replies = calls.stream().map(CompletableFuture::join).toList();
        assertThat(replies).extracting(TestServer.Reply::status).containsOnly(200, 201);
        assertThat(replies).filteredOn(r -> r.status() == 201).hasSize(1);
        assertThat(replies).extracting(r -> r.json().getString("id")).containsOnly(replies.get(0).json()
                .getString("id"));
        assertThat(ticketCount()).isEqualTo(1);
    }

    @Test
    void noKey_sameBodyTwice_twoTickets() {
        JsonObject body = TestServer.ticket("chat", "billing", "c1");
        server.createTicket(body);
        server.createTicket(body);
        assertThat(ticketCount()).isEqualTo(2);
    }

    private int ticketCount() {
        return server.get("/v1/tickets?limit=200").json().getJsonArray("tickets").size();
    }
}

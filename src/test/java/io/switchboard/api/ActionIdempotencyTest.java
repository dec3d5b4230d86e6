package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every POST that changes a ticket honours Idempotency-Key (draft-ietf-httpapi-idempotency-key-header):
 * a retry answers as the first call did without acting twice, the same key on another request is 422,
 * and the header is read as a structured-field string ({@code "k1"} and {@code k1} are one key).
 */
@ExtendWith(VertxExtension.class)
class ActionIdempotencyTest {
    private TestServer server;
    private AgentClient alice;
    private int keys;

    @BeforeEach
    void start(Vertx vertx) {
        server = TestServer.start(vertx);
        server.putAgent("alice", "support", new JsonObject().put("billing", 4).put("general", 3),
                new JsonObject().put("chat", 2));
        alice = server.connect("alice");
        alice.await("welcome");
    }

    @AfterEach
    void stop() {
        alice.close();
    }

    @Test
    void messages_retriedWithSameKey_oneMessageAndTheSameAnswer() {
        String id = server.createTicket(TestServer.ticket("chat", "billing", "c1")).getString("id");
        JsonObject body = new JsonObject().put("message", "is anyone there?");
        TestServer.Reply first = server.post("/v1/tickets/" + id + "/messages", body, "Idempotency-Key", "\"m-1\"");
        TestServer.Reply retry = server.post("/v1/tickets/" + id + "/messages", body, "Idempotency-Key", "\"m-1\"");
        assertThat(first.status()).isEqualTo(200);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(count(id, "customer_messaged")).isEqualTo(1);

        server.post("/v1/tickets/" + id + "/messages", body);
        assertThat(count(id, "customer_messaged")).as("without a key a second message is a new one").isEqualTo(2);
    }

    @Test
    void key_quotedAndBareForms_areTheSameKey() {
        String id = server.createTicket(TestServer.ticket("chat", "billing", "c1")).getString("id");
        JsonObject body = new JsonObject().put("message", "hello");
        assertThat(server.post("/v1/tickets/" + id + "/messages", body, "Idempotency-Key", "\"k1\"").status())
                .isEqualTo(200);
        assertThat(server.post("/v1/tickets/" + id + "/messages", body, "Idempotency-Key", "k1").status())
                .isEqualTo(200);
        assertThat(server.post("/v1/tickets/" + id + "/messages", body, "Idempotency-Key", "\"k1\";x=1").status())
                .isEqualTo(200);
        assertThat(count(id, "customer_messaged")).isEqualTo(1);

        JsonObject ticket = TestServer.ticket("chat", "billing", "c2");
        TestServer.Reply quoted = server.post("/v1/tickets", ticket, "Idempotency-Key", "\"t-1\"");
        TestServer.Reply bare = server.post("/v1/tickets", ticket, "Idempotency-Key", "t-1");
        assertThat(quoted.status()).isEqualTo(201);
        assertThat(bare.status()).isEqualTo(200);
        assertThat(bare.json().getString("id")).isEqualTo(quoted.json().getString("id"));
    }

    @Test
    void key_reusedWithAnotherBodyOrAction_422AndNothingDone() {
        String id = server.createTicket(TestServer.ticket("chat", "billing", "c1")).getString("id");
        server.post("/v1/tickets/" + id + "/messages", new JsonObject().put("message", "one"), "Idempotency-Key", "k");
        TestServer.Reply otherBody = server.post("/v1/tickets/" + id + "/messages",
                new JsonObject().put("message", "two"), "Idempotency-Key", "k");
        TestServer.Reply otherAction = server.post("/v1/tickets/" + id + "/close", new JsonObject(),
                "Idempotency-Key", "k");
        for (TestServer.Reply reused : List.of(otherBody, otherAction)) {
            assertThat(reused.status()).isEqualTo(422);
            assertThat(reused.contentType()).startsWith("application/problem+json");
            assertThat(reused.json().getString("type")).endsWith("/idempotency-key-reused");
        }
        assertThat(count(id, "customer_messaged")).isEqualTo(1);
        assertThat(server.get("/v1/tickets/" + id).json().getString("status")).isNotEqualTo("closed");
    }

    @Test
    void everyTicketAction_retriedWithSameKey_answersTheSameAndActsOnce() {
        alice.goAvailable();
        String id = server.createTicket(TestServer.ticket("chat", "billing", "c1")).getString("id");
        alice.send(new JsonObject().put("type", "accept").put("offerId", alice.await("offer").getString("offerId")));
        alice.await("assigned");
        retryEach(id, List.<String[]>of(
                new String[] {"reply", "{\"message\":\"on it\"}"},
                new String[] {"pending", "{\"on\":\"customer\"}"},
                new String[] {"messages", "{\"message\":\"still broken\"}"},
                new String[] {"resolve", "{\"reason\":\"fixed\"}"},
                new String[] {"reopen", "{\"reason\":\"broken again\"}"}));
        alice.send(new JsonObject().put("type", "accept").put("offerId", alice.await("offer").getString("offerId")));
        alice.await("assigned");
        retryEach(id, List.<String[]>of(
                new String[] {"resolve", "{\"reason\":\"fixed now\"}"},
                new String[] {"confirm", "{}"}));
        String other = server.createTicket(TestServer.ticket("chat", "general", "c2")).getString("id");
        retryEach(other, List.<String[]>of(
                new String[] {"transfer", "{\"queue\":\"billing\",\"reason\":\"billing question\"}"}));
        alice.await("offer"); // made at intake in general, revoked by the transfer
        alice.send(new JsonObject().put("type", "accept").put("offerId", alice.await("offer").getString("offerId")));
        alice.await("assigned");
        retryEach(other, List.<String[]>of(
                new String[] {"resolve", "{}"},
                new String[] {"close", "{\"reason\":\"duplicate\"}"}));
    }

    /** Sends each {action, body} twice with its own key: both 200, the same status, no new event. */
    private void retryEach(String id, List<String[]> steps) {
        for (String[] step : steps) {
            String key = "step-" + keys++;
            String path = "/v1/tickets/" + id + "/" + step[0];
            TestServer.Reply first = server.send("POST", path, step[1], "Idempotency-Key", key);
            assertThat(first.status()).as(step[0] + ": " + first.body()).isEqualTo(200);
            int events = timeline(id).size();
            TestServer.Reply retry = server.send("POST", path, step[1], "Idempotency-Key", key);
            assertThat(retry.status()).as(step[0] + " retried").isEqualTo(200);
            assertThat(retry.json().getString("status")).as(step[0] + " retried")
                    .isEqualTo(first.json().getString("status"));
            assertThat(timeline(id).size()).as(step[0] + " retried adds nothing").isEqualTo(events);
        }
    }

    @Test
    void rejectedAction_retriedWithSameKey_isRunAgain() {
        String id = server.createTicket(TestServer.ticket("chat", "billing", "c1")).getString("id");
        // a queued ticket cannot be confirmed: the rejection is not remembered against the key
        assertThat(server.post("/v1/tickets/" + id + "/confirm", new JsonObject(), "Idempotency-Key", "c").status())
                .isEqualTo(409);
        assertThat(server.post("/v1/tickets/" + id + "/confirm", new JsonObject(), "Idempotency-Key", "c").status())
                .isEqualTo(409);
    }

    /**
     * A key holding a non-ASCII byte. Sent on a raw socket: the JDK client writes HTTP/1.1 header
     * values as US-ASCII and would turn {@code é} into {@code ?}, a valid key.
     */
    @Test
    void malformedKey_nonAsciiBytes_400ProblemAndNothingDone() throws Exception {
        String id = server.createTicket(TestServer.ticket("chat", "billing", "c1")).getString("id");
        byte[] body = "{\"message\":\"hi\"}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream();
        request.write(("POST /v1/tickets/" + id + "/messages HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + TestServer.ADMIN_KEY + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\nIdempotency-Key: \"")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        request.write(new byte[] {(byte) 0xC3, (byte) 0xA9}); // é in UTF-8
        request.write("\"\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        request.write(body);
        String answer;
        try (java.net.Socket socket = new java.net.Socket("localhost", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.toByteArray());
            answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json").contains("/bad-idempotency-key");
        assertThat(count(id, "customer_messaged")).isZero();
    }

    @Test
    void malformedKey_400ProblemAndNothingDone() {
        String id = server.createTicket(TestServer.ticket("chat", "billing", "c1")).getString("id");
        for (String bad : List.of("\"open", "\"bad\\escape\"", "\"\"", "a b", "(k)", "k1, k2", "x".repeat(256))) {
            TestServer.Reply onAction = server.post("/v1/tickets/" + id + "/messages",
                    new JsonObject().put("message", "hi"), "Idempotency-Key", bad);
            TestServer.Reply onCreate = server.post("/v1/tickets", TestServer.ticket("chat", "billing", "c9"),
                    "Idempotency-Key", bad);
            for (TestServer.Reply reply : List.of(onAction, onCreate)) {
                assertThat(reply.status()).as(bad).isEqualTo(400);
                assertThat(reply.contentType()).startsWith("application/problem+json");
                assertThat(reply.json().getString("type")).endsWith("/bad-idempotency-key");
            }
        }
        assertThat(count(id, "customer_messaged")).isZero();
        assertThat(server.get("/v1/tickets?customer=c9").json().getJsonArray("tickets")).isEmpty();
    }

    private JsonArray timeline(String id) {
        return server.get("/v1/tickets/" + id + "/timeline").json().getJsonArray("timeline");
    }

    private long count(String id, String type) {
        return timeline(id).stream().filter(e -> type.equals(((JsonObject) e).getString("type"))).count();
    }
}

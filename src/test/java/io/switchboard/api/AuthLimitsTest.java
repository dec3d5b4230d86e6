package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.Role;
import io.switchboard.api.auth.Secrets;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Limits over a real server: per-caller rate limits, credential expiry on open sockets, the
 * request timeout, long transcripts.
 */
class AuthLimitsTest {
    static final String SLOW_KEY = "sbk_slow-key-0123456789abcdefghijklmnopq";
    static final String OTHER_KEY = "sbk_other-key-0123456789abcdefghijklmnop";
    private static Vertx vertx;
    private static TestServer server;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        server = TestServer.start(vertx, TestServer.CONFIG.replace("  maxBodyBytes: 65536",
                "  maxBodyBytes: 65536\n  requestTimeout: 500ms") + String.join("\n",
                "agents:",
                "  - {id: alice, team: support, tier: L2, skills: {general: 3}, languages: [en], capacity: {chat: 1}}",
                "security:",
                "  jwt: {leeway: 0s}",
                "  apiKeys:",
                "    - {name: slow, role: integration, sha256: " + Secrets.sha256(SLOW_KEY)
                        + ", rateLimit: {perSecond: 1, burst: 2}}",
                "    - {name: other, role: integration, sha256: " + Secrets.sha256(OTHER_KEY) + "}",
                ""));
    }

    @AfterAll
    static void stop() {
        TestServer.await(vertx.close());
    }

    @Test
    void rateLimit_burstExhausted_429WithRetryAfterAndOtherCallersUnaffected() {
        JsonObject ticket = TestServer.ticket("chat", "technical", "c1");
        assertThat(server.post("/v1/tickets", ticket, "X-Api-Key", SLOW_KEY).status()).isEqualTo(201);
        assertThat(server.post("/v1/tickets", ticket, "X-Api-Key", SLOW_KEY).status()).isEqualTo(201);
        TestServer.Reply limited = server.post("/v1/tickets", ticket, "X-Api-Key", SLOW_KEY);

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json().getString("type")).isEqualTo("https://switchboard.dev/problems/rate-limited");
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 2);
        assertThat(server.post("/v1/tickets", ticket, "X-Api-Key", OTHER_KEY).status()).isEqualTo(201);
    }

    @Test
    void engineInbox_full_503OverloadedWithRetryAfter() {
        Vertx other = Vertx.vertx();
        TestServer full;
        System.setProperty("switchboard.engine.maxInFlight", "0");
        try {
            full = TestServer.start(other);
        } finally {
            System.clearProperty("switchboard.engine.maxInFlight");
        }
        try {
            TestServer.Reply refused = full.post("/v1/tickets", TestServer.ticket("chat", "technical", "c3"));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().getString("type")).isEqualTo("https://switchboard.dev/problems/overloaded");
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(full.get("/openapi.yaml").status()).as("what needs no engine still works").isEqualTo(200);
        } finally {
            TestServer.await(other.close());
        }
    }

    @Test
    void requestTimeout_bodyNeverFinishes_503TimeoutProblem() throws java.io.IOException {
        try (java.net.Socket raw = new java.net.Socket("localhost", server.port())) {
            raw.setSoTimeout(5000);
            raw.getOutputStream().write(("POST /v1/tickets HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + TestServer.ADMIN_KEY + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] buffer = new byte[4096];
            int n = raw.getInputStream().read(buffer);
            String response = new String(buffer, 0, Math.max(0, n), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 503").contains("/problems/timeout").contains("Retry-After: 1");
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("no answer within 5 s", e);
        }
    }

    @Test
    void transcript_longerThanLimit_keptTruncatedWithMarker() {
        JsonObject created = server.createTicket(TestServer.ticket("chat", "technical", "c2")
                .put("description", "é".repeat(25_000)));
        String description = created.getString("description");

        assertThat(description).startsWith("é".repeat(20_000))
                .endsWith("\n[truncated by Switchboard, 5000 characters]");
        String id = created.getString("id");
        TestServer.Reply message = server.post("/v1/tickets/" + id + "/messages", new JsonObject()
                .put("message", "m".repeat(30_000)));
        assertThat(message.status()).isEqualTo(200);
    }

    @Test
    void socket_tokenExpires_closedWith4401() {
        String token = server.token("alice", Role.AGENT);
        AgentClient longLived = server.openSocket("/v1/agents/alice/ws", "Authorization", "Bearer " + token);
        longLived.await("welcome");
        longLived.close();
        // 2 s, not 1: exp has whole seconds, so a 1 s token minted late in a second is already expired
        String shortLived = server.mint("alice", Role.AGENT, 2);
        AgentClient alice = server.openSocket("/v1/agents/alice/ws", "Authorization", "Bearer " + shortLived);
        alice.await("welcome");

        assertThat(alice.awaitClose()).isEqualTo((short) 4401);
    }
}

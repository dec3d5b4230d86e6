package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.api.auth.Role;
import io.switchboard.api.auth.Secrets;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Per-caller rate limits and credential expiry on open sockets, over a real server. */
class AuthLimitsTest {
    static final String SLOW_KEY = "sbk_slow-key-0123456789abcdefghijklmnopq";
    static final String OTHER_KEY = "sbk_other-key-0123456789abcdefghijklmnop";
    private static Vertx vertx;
    private static TestServer server;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        server = TestServer.start(vertx, TestServer.CONFIG + String.join("\n",
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
    void socket_tokenExpires_closedWith4401() {
        String token = server.token("alice", Role.AGENT);
        AgentClient longLived = server.openSocket("/v1/agents/alice/ws", "Authorization", "Bearer " + token);
        longLived.await("welcome");
        longLived.close();
        String shortLived = server.mint("alice", Role.AGENT, 1);
        AgentClient alice = server.openSocket("/v1/agents/alice/ws", "Authorization", "Bearer " + shortLived);
        alice.await("welcome");

        assertThat(alice.awaitClose()).isEqualTo((short) 4401);
    }
}

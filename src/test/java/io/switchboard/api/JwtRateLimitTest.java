package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.Role;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The default {@code security.rateLimit} applied to JWT callers (every other server test lifts it):
 * on REST requests and on WebSocket upgrades, one bucket per caller.
 */
class JwtRateLimitTest {
    private static Vertx vertx;
    private static TestServer server;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        server = TestServer.start(vertx, TestServer.CONFIG + String.join("\n",
                "agents:",
                "  - {id: alice, team: support, tier: L2, skills: {general: 3}, languages: [en], capacity: {chat: 1}}",
                "  - {id: bob, team: support, tier: L2, skills: {general: 3}, languages: [en], capacity: {chat: 1}}",
                "  - {id: carol, team: support, tier: L2, skills: {general: 3}, languages: [en], capacity: {chat: 1}}",
                "security:",
                "  rateLimit: {perSecond: 1, burst: 2}",
                ""));
    }

    @AfterAll
    static void stop() {
        TestServer.await(vertx.close());
    }

    @Test
    void rateLimit_jwtCallerExhaustsBurst_429WithRetryAfterAndOtherSubjectUnaffected() {
        String alice = server.bearer("alice", Role.AGENT);
        assertThat(server.send("GET", "/v1/queues", null, "Authorization", alice).status()).isEqualTo(200);
        assertThat(server.send("GET", "/v1/queues", null, "Authorization", alice).status()).isEqualTo(200);

        TestServer.Reply limited = server.send("GET", "/v1/queues", null, "Authorization", alice);

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json().getString("type")).isEqualTo("https://switchboard.dev/problems/rate-limited");
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 2);
        assertThat(server.send("GET", "/v1/queues", null, "Authorization", server.bearer("bob", Role.AGENT))
                .status()).as("bob has his own bucket").isEqualTo(200);
    }

    @Test
    void rateLimit_webSocketUpgradesPastBurst_429WithRetryAfterBeforeUpgrading() {
        String carol = "Authorization: " + server.bearer("carol", Role.AGENT) + "\r\n";
        assertThat(rawHandshake("/v1/agents/carol/ws", carol)).startsWith("HTTP/1.1 101");
        assertThat(rawHandshake("/v1/agents/carol/ws", carol)).startsWith("HTTP/1.1 101");

        String limited = rawHandshake("/v1/agents/carol/ws", carol);

        assertThat(limited).startsWith("HTTP/1.1 429");
        assertThat(limited).contains("\"type\":\"https://switchboard.dev/problems/rate-limited\"");
        assertThat(limited).containsPattern("(?i)retry-after: [12]\r\n");
    }

    private static String rawHandshake(String path, String headers) {
        try (Socket raw = new Socket("localhost", server.port())) {
            raw.setSoTimeout(5000);
            raw.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost:" + server.port()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n" + headers + "\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] buffer = new byte[8192];
            int n = raw.getInputStream().read(buffer);
            return new String(buffer, 0, Math.max(0, n), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}

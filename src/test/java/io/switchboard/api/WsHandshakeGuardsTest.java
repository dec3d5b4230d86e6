package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.Role;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What guards a WebSocket before it opens: a connection ticket lives no longer than the credential
 * it was traded for, and {@code security.allowedOrigins} decides which browser origins may connect.
 */
class WsHandshakeGuardsTest {
    static final String ALLOWED = "https://desk.example.com";
    private static Vertx vertx;
    private static TestServer server;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        server = TestServer.start(vertx, TestServer.CONFIG + String.join("\n",
                "agents:",
                "  - {id: alice, team: support, tier: L2, skills: {general: 3}, languages: [en], capacity: {chat: 1}}",
                "  - {id: bob, team: support, tier: L2, skills: {general: 3}, languages: [en], capacity: {chat: 1}}",
                "security:",
                "  jwt: {leeway: 0s}",
                "  wsTicketTtl: 5m",
                "  allowedOrigins: [" + ALLOWED + "]",
                ""));
    }

    @AfterAll
    static void stop() {
        TestServer.await(vertx.close());
    }

    @Test
    void wsTicket_credentialExpiresBeforeTicketTtl_expiresAtCappedAtTheTokensExp() {
        String token = server.mint("alice", Role.AGENT, 20); // 20 s, well under the 5 min ticket TTL
        Instant exp = Instant.ofEpochSecond(claims(token).getLong("exp"));

        TestServer.Reply issued = server.send("POST", "/v1/ws-tickets", null, "Authorization", "Bearer " + token);

        assertThat(issued.status()).isEqualTo(201);
        assertThat(Instant.parse(issued.json().getString("expiresAt"))).isBeforeOrEqualTo(exp);
    }

    @Test
    void wsTicket_shortLivedToken_socketOpenedWithTicketClosedWith4401AtTheTokensExpiry() {
        // 2 s, not 1: exp has whole seconds, so a 1 s token minted late in a second is already expired
        String token = server.mint("bob", Role.AGENT, 2);
        String ticket = server.send("POST", "/v1/ws-tickets", null, "Authorization", "Bearer " + token).json()
                .getString("ticket");

        AgentClient bob = server.openSocket("/v1/agents/bob/ws?ticket=" + ticket, "Origin", ALLOWED);
        bob.await("welcome");

        assertThat(bob.awaitClose()).as("the ticket carries the token's expiry, not its own 5 min").isEqualTo((short) 4401);
    }

    @Test
    void allowedOrigins_foreignOrigin_refused403BeforeAuthentication() {
        String response = rawHandshake("/v1/agents/alice/ws", "Authorization: " + server.bearer("alice", Role.AGENT)
                + "\r\nOrigin: https://evil.example\r\n");

        assertThat(response).startsWith("HTTP/1.1 403");
        assertThat(response).contains("\"type\":\"https://switchboard.dev/problems/forbidden-origin\"");
    }

    @Test
    void allowedOrigins_listedOrigin_upgraded() {
        String response = rawHandshake("/v1/agents/alice/ws", "Authorization: " + server.bearer("alice", Role.AGENT)
                + "\r\nOrigin: " + ALLOWED + "\r\n");

        assertThat(response).startsWith("HTTP/1.1 101");
    }

    @Test
    void allowedOrigins_listed_serversOwnOriginNoLongerImplied() {
        String response = rawHandshake("/v1/agents/alice/ws", "Authorization: " + server.bearer("alice", Role.AGENT)
                + "\r\nOrigin: http://localhost:" + server.port() + "\r\n");

        assertThat(response).as("with a list, only the list counts").startsWith("HTTP/1.1 403");
    }

    private static JsonObject claims(String jwt) {
        return new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
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

package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The agent WebSocket protocol (docs/websocket-protocol.md) against a real server. */
@ExtendWith(VertxExtension.class)
class AgentSocketTest {
    private TestServer server;

    @BeforeEach
    void start(Vertx vertx) {
        server = TestServer.start(vertx);
        server.putAgent("alice", "support", new JsonObject().put("billing", 4).put("general", 3),
                new JsonObject().put("chat", 2).put("voice", 1));
        server.putAgent("bob", "support", new JsonObject().put("billing", 3).put("general", 3),
                new JsonObject().put("chat", 2).put("voice", 1));
    }

    @Test
    void handshake_unknownAgent_refusedWith404Problem() {
        String response = rawHandshake("/v1/agents/ghost/ws");
        assertThat(response).startsWith("HTTP/1.1 404");
        assertThat(response).containsIgnoringCase("content-type: application/problem+json");
    }

    @Test
    void handshake_plainGet_refusedWith400Problem() {
        TestServer.Reply reply = server.get("/v1/agents/alice/ws");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().getString("type")).endsWith("/websocket-required");
    }

    @Test
    void connect_knownAgent_welcomeIsSeqOneAndAgentStaysOffline() {
        AgentClient alice = server.connect("alice");
        JsonObject welcome = alice.await("welcome");
        assertThat(welcome.getLong("seq")).isEqualTo(1);
        assertThat(welcome.getJsonObject("agent").getString("presence")).isEqualTo("offline");
        assertThat(welcome.getJsonObject("agent").getBoolean("connected")).isTrue();
        server.createTicket(TestServer.ticket("chat", "billing", "c1"));
        String id = alice.send(new JsonObject().put("type", "presence").put("status", "away"));
        assertThat(alice.replyTo(id).getString("type")).isEqualTo("ack");
        assertThat(alice.received()).extracting(m -> m.getString("type")).doesNotContain("offer");
        alice.close();
    }

    @Test
    void pushes_everyServerMessage_carriesIncreasingSeq() {
        AgentClient alice = server.connect("alice");
        alice.await("welcome");
        alice.goAvailable();
        server.createTicket(TestServer.ticket("chat", "billing", "c1"));
        alice.await("offer");
        alice.send(new JsonObject().put("type", "nonsense"));
        alice.await("error");
        long expected = 1;
        for (JsonObject message : alice.received()) {
            assertThat(message.getLong("seq")).isEqualTo(expected++);
        }
        alice.close();
    }

    @Test
    void accept_repeated_secondIsAcknowledgedAndTicketAssignedOnce() {
        AgentClient alice = server.connect("alice");
        alice.await("welcome");
        alice.goAvailable();
        String ticketId = server.createTicket(TestServer.ticket("chat", "billing", "c1")).getString("id");
        String offerId = alice.await("offer").getString("offerId");
        String first = alice.send(new JsonObject().put("type", "accept").put("offerId", offerId));
        String second = alice.send(new JsonObject().put("type", "accept").put("offerId", offerId));
        assertThat(alice.replyTo(first).getString("type")).isEqualTo("ack");
        assertThat(alice.replyTo(second).getString("type")).isEqualTo("ack");
        long assignedEvents = server.get("/v1/tickets/" + ticketId + "/timeline").json().getJsonArray("timeline")
                .stream().filter(e -> ((JsonObject) e).getString("type").equals("ticket_assigned")).count();
        assertThat(assignedEvents).isEqualTo(1);
        alice.close();
    }

    @Test
    void accept_afterOfferExpired_errorOfferExpiredAndAgentSetAway() {
        AgentClient alice = server.connect("alice");
        alice.await("welcome");
        alice.goAvailable();
        String ticketId = server.createTicket(TestServer.ticket("voice", "billing", "c1")).getString("id");
        String offerId = alice.await("offer").getString("offerId");
        JsonObject revoked = alice.await("offer_revoked");
        assertThat(revoked.getString("offerId")).isEqualTo(offerId);
        assertThat(revoked.getString("reason")).isEqualTo("expired");
        String late = alice.send(new JsonObject().put("type", "accept").put("offerId", offerId));
        JsonObject error = alice.replyTo(late);
        assertThat(error.getString("type")).isEqualTo("error");
        assertThat(error.getString("code")).isEqualTo("offer_expired");
        JsonObject away = alice.await("presence_changed");
        assertThat(away.getString("status")).isEqualTo("away");
        assertThat(away.getString("reason")).isEqualTo("offer_timeout");
        assertThat(server.get("/v1/agents/alice").json().getString("presence")).isEqualTo("away");
        assertThat(server.get("/v1/tickets/" + ticketId).json().getString("assignee")).isNull();
        alice.close();
    }

    @Test
    void secondConnection_sameAgent_firstClosedWith4409AndOffersGoToSecond() {
        AgentClient first = server.connect("alice");
        first.await("welcome");
        AgentClient second = server.connect("alice");
        second.await("welcome");
        assertThat(first.awaitClose()).isEqualTo((short) 4409);
        second.goAvailable();
        server.createTicket(TestServer.ticket("chat", "billing", "c1"));
        assertThat(second.await("offer").getString("offerId")).isNotBlank();
        assertThat(server.get("/v1/agents/alice").json().getBoolean("connected")).isTrue();
        second.close();
    }

    @Test
    void reconnect_withOpenOffer_newSessionGetsTheOfferAfterWelcome() {
        AgentClient first = server.connect("alice");
        first.await("welcome");
        first.goAvailable();
        server.createTicket(TestServer.ticket("chat", "billing", "c1"));
        String offerId = first.await("offer").getString("offerId");
        AgentClient second = server.connect("alice");
        assertThat(second.await("welcome").getLong("seq")).isEqualTo(1);
        JsonObject again = second.await("offer");
        assertThat(again.getString("offerId")).isEqualTo(offerId);
        assertThat(again.getLong("seq")).isEqualTo(2);
        String accepted = second.send(new JsonObject().put("type", "accept").put("offerId", offerId));
        assertThat(second.replyTo(accepted).getString("type")).isEqualTo("ack");
        second.close();
    }

    @Test
    void messageId_numberOrString_echoedWithItsJsonType() {
        AgentClient alice = server.connect("alice");
        alice.await("welcome");
        alice.sendRaw("{\"type\":\"presence\",\"status\":\"away\",\"id\":7}");
        JsonObject ack = alice.await("ack");
        assertThat(ack.getValue("id")).isEqualTo(7);
        alice.sendRaw("{\"type\":\"presence\",\"status\":\"away\",\"id\":\"x-1\"}");
        assertThat(alice.await("ack").getValue("id")).isEqualTo("x-1");
        alice.close();
    }

    @Test
    void disconnect_withPendingOffer_offerRevokedAndTicketOfferedToAnotherAgent() {
        AgentClient alice = server.connect("alice");
        alice.await("welcome");
        AgentClient bob = server.connect("bob");
        bob.await("welcome");
        alice.goAvailable();
        String ticketId = server.createTicket(TestServer.ticket("chat", "billing", "c1")).getString("id");
        alice.await("offer");
        bob.goAvailable();
        alice.close();
        assertThat(bob.await("offer").getJsonObject("ticket").getString("id")).isEqualTo(ticketId);
        assertThat(server.get("/v1/agents/alice").json().getString("presence")).isEqualTo("offline");
        bob.close();
    }

    @Test
    void badMessages_eachAnsweredWithErrorAndSessionKeepsWorking() {
        AgentClient alice = server.connect("alice");
        alice.await("welcome");
        alice.sendRaw("{not json");
        assertThat(alice.await("error").getString("code")).isEqualTo("bad_message");
        alice.sendRaw("[1,2,3]");
        assertThat(alice.await("error").getString("code")).isEqualTo("bad_message");
        String unknown = alice.send(new JsonObject().put("type", "dance"));
        assertThat(alice.replyTo(unknown).getString("code")).isEqualTo("bad_message");
        String badStatus = alice.send(new JsonObject().put("type", "presence").put("status", "sleeping"));
        assertThat(alice.replyTo(badStatus).getString("code")).isEqualTo("bad_message");
        String noOffer = alice.send(new JsonObject().put("type", "accept"));
        assertThat(alice.replyTo(noOffer).getString("code")).isEqualTo("bad_message");
        String ghostOffer = alice.send(new JsonObject().put("type", "reject").put("offerId", "ofr_999"));
        assertThat(alice.replyTo(ghostOffer).getString("code")).isEqualTo("offer_expired");
        alice.goAvailable();
        server.createTicket(TestServer.ticket("chat", "billing", "c1"));
        assertThat(alice.await("offer").getString("offerId")).isNotBlank();
        alice.close();
    }

    @Test
    void heartbeat_responsiveIdleClient_staysConnectedPastIdleTimeout() throws InterruptedException {
        AgentClient alice = server.connect("alice");
        alice.await("welcome");
        // idleTimeout is 1.5 s and pings come every 300 ms: after 8 pings answered (2.4 s of
        // heartbeat, past the idle timeout) the socket must still be there. Awaited, not slept.
        alice.awaitPings(8);
        assertThat(server.get("/v1/agents/alice").json().getBoolean("connected")).isTrue();
        alice.close();
    }

    @Test
    void heartbeat_deadSocketThatNeverAnswersPings_isDisconnectedWithinIdleTimeout() throws Exception {
        try (Socket raw = new Socket("localhost", server.port())) {
            raw.setSoTimeout(5000);
            OutputStream out = raw.getOutputStream();
            out.write(("GET /v1/agents/alice/ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                    + "Authorization: " + server.bearer("alice", io.switchboard.config.Role.AGENT) + "\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = raw.getInputStream();
            byte[] head = new byte[12];
            assertThat(in.readNBytes(head, 0, 12)).isEqualTo(12);
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 101");
            awaitConnected(true);
            // The raw socket never reads or answers pings: a half-open peer.
            awaitConnected(false);
        }
    }

    /** Sends a WebSocket upgrade by hand and returns what the server answered (headers and body). */
    private String rawHandshake(String path) {
        try (Socket raw = new Socket("localhost", server.port())) {
            raw.setSoTimeout(5000);
            raw.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                    + "Authorization: Bearer " + TestServer.ADMIN_KEY + "\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] buffer = new byte[4096];
            int n = raw.getInputStream().read(buffer);
            return new String(buffer, 0, Math.max(0, n), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private void awaitConnected(boolean expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
        while (System.nanoTime() < deadline) {
            if (server.get("/v1/agents/alice").json().getBoolean("connected") == expected) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError("agent connected never became " + expected);
    }
}

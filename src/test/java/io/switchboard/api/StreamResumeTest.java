package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.Role;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15 §1 over real sockets: a resumable agent socket or supervisor stream ({@code ?resume=<seq>})
 * that drops (the client closes it, or the network is cut under the server) and comes back with the
 * last seq it processed gets exactly what it missed, so the union of what it saw equals what an
 * uninterrupted session saw, by seq, with no duplicate and no gap; an offer that expired meanwhile is
 * not replayed as live; an alert sent meanwhile is; a gap older than the window gets a welcome with
 * {@code resumed: false}. The kill -9 case is {@code io.switchboard.StreamResumeProcessIT}.
 */
@ExtendWith(VertxExtension.class)
class StreamResumeTest {
    static final String CONFIG = String.join("\n",
            "server:",
            "  websocket: {pingInterval: 500ms, idleTimeout: 5s}",
            "skills: [general, billing]",
            "teams: [support]",
            "routing:",
            "  unroutableAfter: 1s",
            "  offerTimeout: {default: 30s, voice: 1s}",
            "queues:",
            "  - name: general",
            "  - name: billing",
            "    requiredSkills: {billing: 5}",
            "    supervisors: [sup-li, alice]",
            "rules:",
            "  - match: {types: [refund]}",
            "    queue: billing",
            "agents:",
            "  - {id: alice, team: support, tier: L2, skills: {general: 3, billing: 3}, languages: [en],"
                    + " capacity: {chat: 2, voice: 1}}",
            "");
    private static final Set<String> NOT_STREAM = Set.of("welcome", "ack", "error");

    private enum Drop { NONE, CLIENT_CLOSE, NETWORK_CUT }

    @Test
    void resume_afterClientClose_unionEqualsUninterruptedSessionBySeq() {
        Map<Long, String> uninterrupted = script(Drop.NONE);
        Map<Long, String> resumed = script(Drop.CLIENT_CLOSE);

        assertThat(resumed).isEqualTo(uninterrupted);
        assertThat(uninterrupted.keySet()).as("gap-free from 1").containsExactlyElementsOf(range(uninterrupted.size()));
        assertThat(uninterrupted.values()).as("the alert sent while away is in the stream")
                .anyMatch(m -> m.startsWith("ticket_unroutable"));
    }

    @Test
    void resume_afterNetworkCutUnderTheServer_unionEqualsUninterruptedSessionBySeq() {
        Map<Long, String> uninterrupted = script(Drop.NONE);
        Map<Long, String> resumed = script(Drop.NETWORK_CUT);

        assertThat(resumed).isEqualTo(uninterrupted);
    }

    /**
     * The same session, with the drop after the fifth stream message: two tickets offered and
     * accepted and a reply; while away a reply, a pending and an unroutable refund ticket (an alert
     * for alice, who supervises its queue); back, a customer message. Returns every stream message
     * seen, by seq ({@code type ticket offerId reason}); fails on a duplicate seq. Each run has its
     * own Vert.x and server.
     */
    private Map<Long, String> script(Drop drop) {
        Vertx vertx = Vertx.vertx();
        try {
            return script(vertx, drop);
        } finally {
            TestServer.await(vertx.close());
        }
    }

    private Map<Long, String> script(Vertx vertx, Drop drop) {
        TestServer server = TestServer.start(vertx, CONFIG);
        CutProxy proxy = CutProxy.start(vertx, server.port());
        Map<Long, String> seen = new TreeMap<>();
        AgentClient first = resumable(server, drop == Drop.NETWORK_CUT ? proxy.port() : server.port(), 0);
        JsonObject welcome = first.await("welcome");
        assertThat(welcome.getLong("seq")).isZero();
        first.goAvailable();
        String a = take(server, first);
        String b = take(server, first);
        server.post("/v1/tickets/" + a + "/reply", new JsonObject().put("message", "on it"));
        awaitSeq(first, 5);
        long last = drop == Drop.NONE ? 0 : collect(first, seen);

        AgentClient second = first;
        if (drop == Drop.CLIENT_CLOSE) {
            first.close();
        } else if (drop == Drop.NETWORK_CUT) {
            proxy.cut();
            first.awaitClose();
        }
        server.post("/v1/tickets/" + b + "/reply", new JsonObject().put("message", "checking"));
        server.post("/v1/tickets/" + a + "/pending", new JsonObject().put("on", "customer"));
        String refund = server.createTicket(TestServer.ticket("chat", "refund", "c-9")).getString("id");
        await(() -> !server.get("/v1/tickets/" + refund).json().getJsonArray("alerts").isEmpty(), "the alert");
        if (drop != Drop.NONE) {
            second = resumable(server, server.port(), last);
            JsonObject again = second.await("welcome");
            assertThat(again.getBoolean("resumed")).isTrue();
            assertThat(again.getLong("seq")).isEqualTo(last);
            assertThat(again.getLong("upTo")).as("the three messages sent while away are the replay").isEqualTo(last + 3);
        }
        server.post("/v1/tickets/" + a + "/messages", new JsonObject().put("message", "here it is"));
        awaitSeq(second, 9);
        collect(second, seen);
        second.close();
        return seen;
    }

    @Test
    void resume_offerExpiredWhileAway_notReplayedAsLiveAndItsRevocationIs(Vertx vertx) {
        TestServer server = TestServer.start(vertx, CONFIG);
        CutProxy proxy = CutProxy.start(vertx, server.port());
        AgentClient first = resumable(server, proxy.port(), 0);
        first.await("welcome");
        first.goAvailable();
        proxy.freeze();
        String call = server.createTicket(TestServer.ticket("voice", "general", "c-1")).getString("id");
        await(() -> !"offered".equals(server.get("/v1/tickets/" + call).json().getString("status")), "the expiry");

        AgentClient back = resumable(server, server.port(), 0);
        JsonObject welcome = back.await("welcome");
        JsonObject revoked = back.await("offer_revoked");
        JsonObject away = back.await("presence_changed");

        assertThat(welcome.getBoolean("resumed")).isTrue();
        assertThat(revoked.getString("reason")).isEqualTo("expired");
        assertThat(revoked.getLong("seq")).as("seq 1 was the offer, left out").isEqualTo(2);
        assertThat(away.getString("status")).isEqualTo("away");
        assertThat(back.received()).noneMatch(m -> "offer".equals(m.getString("type")));
        back.close();
    }

    @Test
    void resume_supervisorStreamAway_alertReplayedAsTheLiveStreamGotIt(Vertx vertx) {
        TestServer server = TestServer.start(vertx, CONFIG);
        AgentClient live = open(server, "/v1/supervisors/sup-li/ws?resume=0", "sup-li", Role.SUPERVISOR);
        AgentClient away = open(server, "/v1/supervisors/sup-li/ws?resume=0", "sup-li", Role.SUPERVISOR);
        assertThat(away.await("welcome").getLong("seq")).isZero();
        away.close();

        server.createTicket(TestServer.ticket("chat", "refund", "c-9"));
        JsonObject alert = live.await("ticket_unroutable");
        AgentClient back = open(server, "/v1/supervisors/sup-li/ws?resume=0", "sup-li", Role.SUPERVISOR);
        JsonObject welcome = back.await("welcome");
        JsonObject replayed = back.await("ticket_unroutable");

        assertThat(welcome.getBoolean("resumed")).isTrue();
        assertThat(replayed.getLong("seq")).isEqualTo(alert.getLong("seq")).isEqualTo(1);
        assertThat(welcome.getLong("upTo")).as("the alert is the replay").isEqualTo(1);
        assertThat(replayed.getJsonObject("event")).isEqualTo(alert.getJsonObject("event"));
        assertThat(replayed.getJsonObject("ticket").getString("id")).isEqualTo(alert.getJsonObject("ticket").getString("id"));
        live.close();
        back.close();
    }

    @Test
    void resume_gapOlderThanTheWindow_welcomeNotResumedWithTheFullStateAtTheStreamPosition(Vertx vertx) {
        TestServer server = TestServer.start(vertx, CONFIG.replace("idleTimeout: 5s}",
                "idleTimeout: 5s, resume: {maxMessages: 2}}"));
        AgentClient first = resumable(server, server.port(), 0);
        first.await("welcome");
        first.goAvailable();
        String a = take(server, first);
        first.close();
        for (int i = 0; i < 3; i++) {
            server.post("/v1/tickets/" + a + "/reply", new JsonObject().put("message", "update " + i));
        }

        AgentClient back = resumable(server, server.port(), 2);
        JsonObject welcome = back.await("welcome");

        assertThat(welcome.getBoolean("resumed")).isFalse();
        assertThat(welcome.containsKey("upTo")).as("no replay follows").isFalse();
        assertThat(welcome.getLong("seq")).as("the stream's position: 2 before, 3 replies").isEqualTo(5);
        assertThat(welcome.getJsonObject("agent").getJsonArray("tickets").getList()).containsExactly(a);
        back.close();
    }

    @Test
    void replaced_gapOlderThanTheWindow_openOfferSentAgainAfterTheNotResumedWelcome(Vertx vertx) {
        TestServer server = TestServer.start(vertx, CONFIG.replace("idleTimeout: 5s}",
                "idleTimeout: 5s, resume: {maxMessages: 2}}"));
        AgentClient first = resumable(server, server.port(), 0);
        first.await("welcome");
        first.goAvailable();
        String a = take(server, first);
        String b = server.createTicket(TestServer.ticket("chat", "general", "c-open")).getString("id");
        JsonObject open = first.await("offer");
        assertThat(open.getJsonObject("ticket").getString("id")).isEqualTo(b);
        for (int i = 0; i < 2; i++) {
            server.post("/v1/tickets/" + a + "/reply", new JsonObject().put("message", "update " + i));
        }
        awaitSeq(first, 5);

        // a second window of the same agent takes the session over, from seq 1: older than the window
        AgentClient second = resumable(server, server.port(), 1);
        JsonObject welcome = second.await("welcome");
        JsonObject again = second.await("offer");

        assertThat(first.awaitClose()).as("the first connection is replaced").isEqualTo((short) 4409);
        assertThat(welcome.getBoolean("resumed")).isFalse();
        assertThat(welcome.getLong("seq")).as("the stream's position").isEqualTo(5);
        assertThat(again.getString("offerId")).as("the offer still open, sent again").isEqualTo(open.getString("offerId"));
        assertThat(again.getString("expiresAt")).isEqualTo(open.getString("expiresAt"));
        assertThat(again.getLong("seq")).as("state, not a stream message: the welcome's position").isEqualTo(5);
        assertThat(server.get("/v1/tickets/" + b).json().getString("status")).isEqualTo("offered");
        second.close();
    }

    @Test
    void handshake_resumeNotAWholeNumber_400InvalidResume(Vertx vertx) {
        TestServer server = TestServer.start(vertx, CONFIG);

        String response = rawHandshake(server, "/v1/agents/alice/ws?resume=-1");

        assertThat(response).startsWith("HTTP/1.1 400").contains("application/problem+json")
                .contains("https://switchboard.dev/problems/invalid-resume");
    }

    private static String rawHandshake(TestServer server, String path) {
        try (java.net.Socket raw = new java.net.Socket("localhost", server.port())) {
            raw.setSoTimeout(5000);
            raw.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost:" + server.port()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nAuthorization: " + server.bearer("alice", Role.AGENT) + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] buffer = new byte[8192];
            int n = raw.getInputStream().read(buffer);
            return new String(buffer, 0, Math.max(0, n), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static AgentClient resumable(TestServer server, int port, long after) {
        return AgentClient.open(server.webSockets(), port, "/v1/agents/alice/ws?resume=" + after, "Authorization",
                server.bearer("alice", Role.AGENT));
    }

    private static AgentClient open(TestServer server, String path, String who, Role role) {
        return server.openSocket(path, "Authorization", server.bearer(who, role));
    }

    /** Creates a chat ticket, awaits its offer and accepts it; returns the ticket id. */
    private static String take(TestServer server, AgentClient agent) {
        String id = server.createTicket(TestServer.ticket("chat", "general", "c-" + System.nanoTime()))
                .getString("id");
        JsonObject offer = agent.await("offer");
        assertThat(offer.getJsonObject("ticket").getString("id")).isEqualTo(id);
        String sent = agent.send(new JsonObject().put("type", "accept").put("offerId", offer.getString("offerId")));
        assertThat(agent.replyTo(sent).getString("type")).isEqualTo("ack");
        return id;
    }

    /** Adds the client's stream messages to {@code into} (a duplicate seq fails); returns the highest seq. */
    private static long collect(AgentClient client, Map<Long, String> into) {
        long last = 0;
        for (JsonObject m : client.received()) {
            if (NOT_STREAM.contains(m.getString("type"))) {
                continue;
            }
            long seq = m.getLong("seq");
            String said = m.getString("type") + " " + (m.getJsonObject("ticket") == null ? null
                    : m.getJsonObject("ticket").getString("id")) + " " + m.getString("offerId") + " "
                    + m.getString("reason");
            assertThat(into.put(seq, said)).as("seq %d seen twice", seq).isNull();
            last = Math.max(last, seq);
        }
        return last;
    }

    private static void awaitSeq(AgentClient client, long seq) {
        await(() -> client.received().stream().anyMatch(m -> !NOT_STREAM.contains(m.getString("type"))
                && m.getLong("seq") >= seq), "stream message " + seq + "; seen " + client.received());
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static List<Long> range(int n) {
        List<Long> seqs = new ArrayList<>();
        for (long i = 1; i <= n; i++) {
            seqs.add(i);
        }
        return seqs;
    }
}

package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.Role;
import io.switchboard.app.DurabilitySettings;
import io.switchboard.store.RedisProcess;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/asyncapi.yaml against real sessions: a real server on a random port with second-scale SLA
 * timers, real WebSockets on both channels (opened with each of the document's security schemes),
 * and a working day in a few seconds: offers accepted, rejected, transferred and left to expire,
 * presence changes, a session replaced, every SLA notification, and every kind of malformed agent
 * message; then a journal (a real Redis) that goes down: the {@code unavailable} error and the
 * 1013 close of a session that cannot start. {@link CheckedSocket} holds every frame either way to the document; the last test
 * checks that the session used every message the document names.
 */
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AsyncApiSessionTest {
    static final String CONFIG = String.join("\n",
            "server:",
            "  websocket: {pingInterval: 500ms, idleTimeout: 10s}",
            "skills: [general]",
            "teams: [support, technical]",
            "routing:",
            "  offerTimeout: {default: 30s, voice: 1s}",
            "queues:",
            "  - name: general",
            "    supervisors: [bob]",
            "sla:",
            "  pendingReminder: 1s",
            "  idleEscalation: 2s",
            "  handoffLimits: {technical: 1s}",
            "  compensation:",
            "    - {overdue: 1s, amount: 10}",
            "  policies:",
            "    - name: fast",
            "      match: {}",
            "      targets: {firstResponse: 2s}",
            "      escalation:",
            "        - {after: 0s, action: notify_team_lead}",
            "");

    /**
     * Messages of the document no session here can produce; each with its reason. Empty today:
     * every message is exercised (the error codes that need a failing journal or a race,
     * {@code unavailable} and {@code session_replaced}, share the {@code error} message with
     * codes that are exercised).
     */
    /**
     * Messages this session does not trigger yet, with the test that does: both came with issue 13's
     * review defects and are exercised over real servers there (their frames are not yet checked
     * against this document).
     */
    private static final Map<String, String> NOT_TRIGGERABLE = Map.of(
            "agent/follow_up_overdue", "SlaAudienceTest (engine)", "supervisor/follow_up_overdue", "SlaAudienceTest (engine)",
            "agent/ticket_unroutable", "UnroutableServerTest", "supervisor/ticket_unroutable", "UnroutableServerTest");
    private static final Set<String> EXERCISED = ConcurrentHashMap.newKeySet();

    private final AsyncApiDocument doc = AsyncApiDocument.load();
    private TestServer server;
    private WebSocketClient client;

    @Test
    @Order(1)
    void workingDay_everyFrameBothWays_matchesTheDocument(Vertx vertx) {
        server = TestServer.start(vertx, CONFIG);
        client = vertx.createWebSocketClient();
        putAgent("alice", new JsonObject().put("chat", 2).put("voice", 1), "lead-chen", "mgr-zhou");
        putAgent("bob", new JsonObject().put("chat", 1), null, null);

        // one socket per security scheme of the document
        CheckedSocket alice = open("agent", "/v1/agents/alice/ws?ticket=" + wsTicket("alice", Role.AGENT));
        CheckedSocket bob = open("agent", "/v1/agents/bob/ws", "Authorization", server.bearer("bob", Role.AGENT));
        CheckedSocket lead = CheckedSocket.open(client, options("/v1/supervisors/lead-chen/ws")
                .addSubProtocol("switchboard").addSubProtocol("bearer." + server.token("lead-chen", Role.SUPERVISOR)),
                doc, "supervisor", EXERCISED);
        CheckedSocket bobWatch = open("supervisor", "/v1/supervisors/bob/ws", "X-Api-Key", TestServer.ADMIN_KEY);
        CheckedSocket aliceWatch = open("supervisor",
                "/v1/supervisors/alice/ws?ticket=" + wsTicket("alice", Role.SUPERVISOR));
        assertThat(alice.await("welcome").getJsonObject("agent").getString("presence")).isEqualTo("offline");
        bob.await("welcome");
        assertThat(lead.await("welcome").getJsonObject("supervisor").getJsonArray("leads")).containsExactly("alice");
        assertThat(bobWatch.await("welcome").getJsonObject("supervisor").getJsonArray("queues")).containsExactly("general");
        aliceWatch.await("welcome");

        // the supervisor stream accepts nothing, text or binary
        lead.send(new JsonObject().put("type", "presence").put("status", "available"));
        assertThat(lead.anonymousReplies(1).get(0).getString("code")).isEqualTo("read_only");
        bobWatch.sendBinary(Buffer.buffer("hello"));
        assertThat(bobWatch.anonymousReplies(1).get(0).getString("code")).isEqualTo("read_only");

        // every kind of malformed agent message: none matches the document, each gets bad_message
        List<String> malformed = List.of("hello", "[1,2]", "{\"id\":\"x\"}", "{\"type\":5}", "{\"type\":\"dance\"}",
                "{\"type\":\"\"}", "{\"type\":\"accept\"}", "{\"type\":\"reject\",\"offerId\":\"\"}",
                "{\"type\":\"accept\",\"offerId\":\"" + "o".repeat(129) + "\"}",
                "{\"type\":\"presence\",\"status\":\"sleeping\"}", "{\"type\":\"presence\"}");
        for (String text : malformed) {
            alice.sendInvalid(text);
        }
        for (int i = 0; i < malformed.size(); i++) {
            Object id = i == 2 ? "x" : null;
            JsonObject error = id == null ? alice.anonymousReplies(1).get(0) : alice.replyTo(id);
            assertThat(error.getString("code")).as(malformed.get(i)).isEqualTo("bad_message");
        }
        alice.sendBinary(Buffer.buffer(new byte[] {1, 2, 3}));
        assertThat(alice.anonymousReplies(1).get(0).getString("message")).isEqualTo("send JSON text messages");

        // a valid message for an offer that does not exist; a numeric id comes back as a number
        alice.send(new JsonObject().put("type", "accept").put("offerId", "ofr_999").put("id", 7));
        assertThat(alice.replyTo(7).getString("code")).isEqualTo("offer_expired");

        alice.send(new JsonObject().put("type", "presence").put("status", "available").put("id", "p1"));
        assertThat(alice.replyTo("p1").getString("type")).isEqualTo("ack");

        // accepted, and the retry is acknowledged again
        String t1 = server.createTicket(TestServer.ticket("chat", "general", "c-1")).getString("id");
        String offer1 = alice.await("offer").getString("offerId");
        alice.send(new JsonObject().put("type", "accept").put("offerId", offer1).put("id", "a1"));
        assertThat(alice.await("assigned").getJsonObject("ticket").getString("id")).isEqualTo(t1);
        assertThat(alice.replyTo("a1").getString("type")).isEqualTo("ack");
        alice.send(new JsonObject().put("type", "accept").put("offerId", offer1).put("id", "a1-retry"));
        assertThat(alice.replyTo("a1-retry").getString("type")).isEqualTo("ack");

        // rejected; accepting it afterwards is too late
        String t2 = server.createTicket(TestServer.ticket("chat", "general", "c-2")).getString("id");
        String offer2 = alice.await("offer").getString("offerId");
        alice.send(new JsonObject().put("type", "reject").put("offerId", offer2).put("reason", "language").put("id", "r1"));
        assertThat(alice.replyTo("r1").getString("type")).isEqualTo("ack");
        alice.send(new JsonObject().put("type", "accept").put("offerId", offer2).put("id", "a2"));
        assertThat(alice.replyTo("a2").getString("code")).isEqualTo("offer_expired");
        // alice is the only agent who can take t2, so her exclusion yields at once and it comes back;
        // she takes it and resolves it, which frees her second chat slot for t3
        JsonObject again = alice.await("offer");
        assertThat(again.getJsonObject("ticket").getString("id")).isEqualTo(t2);
        alice.send(new JsonObject().put("type", "accept").put("offerId", again.getString("offerId")).put("id", "a2b"));
        assertThat(alice.replyTo("a2b").getString("type")).isEqualTo("ack");
        assertThat(alice.await("assigned").getJsonObject("ticket").getString("id")).isEqualTo(t2);
        assertThat(server.post("/v1/tickets/" + t2 + "/resolve", new JsonObject().put("reason", "answered")).status())
                .isEqualTo(200);
        assertThat(alice.await("ticket_updated").getJsonObject("ticket").getString("id")).isEqualTo(t2);

        // transferred while offered, to a team with a handoff limit and nobody to take it: its only
        // agent is known but never connects (a team nobody is in is refused with 422)
        assertThat(server.put("/v1/agents/tom", new JsonObject().put("name", "Agent tom").put("team", "technical")
                .put("tier", "L2").put("skills", new JsonObject().put("general", 3))
                .put("capacity", new JsonObject().put("chat", 1))).status()).isEqualTo(201);
        String t3 = server.createTicket(TestServer.ticket("chat", "general", "c-3")).getString("id");
        String offer3 = alice.await("offer").getString("offerId");
        assertThat(server.post("/v1/tickets/" + t3 + "/transfer", new JsonObject().put("team", "technical")
                .put("reason", "needs_team")).status()).isEqualTo(200);
        JsonObject revoked = alice.await("offer_revoked");
        assertThat(revoked.getString("offerId")).isEqualTo(offer3);
        assertThat(revoked.getString("reason")).isEqualTo("transferred");

        // left to expire (voice: 1 s): revoked, and the agent is set away
        server.createTicket(TestServer.ticket("voice", "general", "c-4"));
        String offer4 = alice.await("offer").getString("offerId");
        JsonObject expired = alice.await("offer_revoked");
        assertThat(expired.getString("offerId")).isEqualTo(offer4);
        assertThat(expired.getString("reason")).isEqualTo("expired");
        assertThat(alice.await("presence_changed").getString("status")).isEqualTo("away");

        // t1's first response (2 s) is missed: the assignee hears every step; its team lead only the
        // escalation of its own rung (issue 13: each rung to its audience)
        alice.await("sla_warning");
        alice.await("sla_breached");
        alice.await("follow_up");
        assertThat(alice.await("escalation").getString("notify")).isEqualTo("lead-chen");
        alice.await("compensation");
        assertThat(lead.await("escalation").getString("notify")).isEqualTo("lead-chen");
        // t1 idle 2 s: its lead and the queue's supervisor (an agent) on both channels, not alice
        lead.await("idle_escalation");
        bob.await("idle_escalation");
        bobWatch.await("idle_escalation");
        // t3 not taken by team technical within 1 s: the queue's supervisor on both channels
        assertThat(bob.await("handoff_overdue").getJsonObject("ticket").getString("id")).isEqualTo(t3);
        bobWatch.await("handoff_overdue");

        // REST actions reach the owner; a ticket pending on the customer reminds it after 1 s
        server.post("/v1/tickets/" + t1 + "/reply", new JsonObject().put("message", "On it."));
        assertThat(alice.await("ticket_updated").getJsonObject("ticket").getString("id")).isEqualTo(t1);
        server.post("/v1/tickets/" + t1 + "/pending", new JsonObject().put("on", "customer"));
        assertThat(alice.await("ticket_updated").getJsonObject("ticket").getString("status")).isEqualTo("pending_customer");
        alice.await("reminder");
        aliceWatch.await("reminder");

        // a second desktop replaces the first: 4409, listed among the channel's close codes
        CheckedSocket second = open("agent", "/v1/agents/alice/ws", "Authorization", server.bearer("alice", Role.AGENT));
        short code = alice.awaitClose();
        assertThat(code).isEqualTo((short) 4409);
        assertThat(doc.document().getJsonObject("channels").getJsonObject("agent").getJsonObject("x-close-codes")
                .containsKey(String.valueOf(code))).isTrue();
        assertThat(second.await("welcome").getJsonObject("agent").getJsonArray("tickets")).contains(t1);
        second.send(new JsonObject().put("type", "presence").put("status", "available"));
        assertThat(second.anonymousReplies(1).get(0).getString("type")).isEqualTo("ack");

        // resumable sockets (?resume=): the welcome says whether they resumed, then what they missed,
        // numbered by the durable stream (a replay of alice's day so far, and of her notifications)
        CheckedSocket resumed = open("agent", "/v1/agents/alice/ws?resume=0", "Authorization",
                server.bearer("alice", Role.AGENT));
        JsonObject resumedWelcome = resumed.await("welcome");
        assertThat(resumedWelcome.getBoolean("resumed")).isTrue();
        assertThat(resumedWelcome.getLong("upTo")).isPositive();
        assertThat(resumed.await("ticket_updated").getLong("seq")).isPositive();
        CheckedSocket resumedWatch = open("supervisor", "/v1/supervisors/alice/ws?resume=0", "Authorization",
                server.bearer("alice", Role.SUPERVISOR));
        assertThat(resumedWatch.await("welcome").getBoolean("resumed")).isTrue();
        assertThat(resumedWatch.await("reminder").getLong("seq")).isPositive();

        int frames = 0;
        for (CheckedSocket socket : List.of(alice, bob, lead, bobWatch, aliceWatch, second, resumed, resumedWatch)) {
            frames += socket.finish();
        }
        assertThat(frames).as("server frames checked").isGreaterThan(60);
    }

    @Test
    @Order(2)
    void journalDown_unavailableErrorAndRefusedSession_matchTheDocument(Vertx vertx, @TempDir Path dir) {
        try (RedisProcess redis = RedisProcess.start(dir.resolve("redis"))) {
            server = TestServer.start(vertx, CONFIG, DurabilitySettings.redis(redis.url()));
            client = vertx.createWebSocketClient();
            putAgent("alice", new JsonObject().put("chat", 1), null, null);
            putAgent("bob", new JsonObject().put("chat", 1), null, null);
            CheckedSocket alice = open("agent", "/v1/agents/alice/ws", "Authorization", server.bearer("alice", Role.AGENT));
            alice.await("welcome");

            redis.stop();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (server.get("/health/ready").status() != 503) {
                assertThat(System.nanoTime()).as("journal seen down within 20 s").isLessThan(deadline);
                sleep(100);
            }
            alice.send(new JsonObject().put("type", "presence").put("status", "available").put("id", "u1"));
            assertThat(alice.replyTo("u1").getString("code")).isEqualTo("unavailable");
            CheckedSocket bob = open("agent", "/v1/agents/bob/ws", "Authorization", server.bearer("bob", Role.AGENT));
            short code = bob.awaitClose();
            assertThat(code).as("a session that cannot start").isEqualTo((short) 1013);
            assertThat(doc.document().getJsonObject("channels").getJsonObject("agent").getJsonObject("x-close-codes")
                    .containsKey(String.valueOf(code))).isTrue();
            alice.finish();
            assertThat(bob.finish()).as("nothing is sent before the session starts").isZero();
        }
    }

    @Test
    @Order(3)
    void everyMessageOfTheDocument_wasExercised() {
        assertThat(EXERCISED).as("run with the session test of this class").isNotEmpty();
        Set<String> missing = new TreeSet<>(doc.allMessageNames());
        missing.removeAll(EXERCISED);
        missing.removeAll(NOT_TRIGGERABLE.keySet());
        assertThat(missing).as("messages of docs/asyncapi.yaml no session exercised").isEmpty();
        assertThat(NOT_TRIGGERABLE.keySet()).as("allow-listed but exercised after all").doesNotContainAnyElementsOf(EXERCISED);
    }

    private void putAgent(String id, JsonObject capacity, String teamLead, String manager) {
        JsonObject agent = new JsonObject().put("name", "Agent " + id).put("team", "support").put("tier", "L2")
                .put("skills", new JsonObject().put("general", 3)).put("capacity", capacity)
                .put("teamLeadId", teamLead).put("managerId", manager);
        assertThat(server.put("/v1/agents/" + id, agent).status()).isEqualTo(201);
    }

    private String wsTicket(String subject, Role role) {
        TestServer.Reply issued = server.send("POST", "/v1/ws-tickets", null, "Authorization", server.bearer(subject, role));
        assertThat(issued.status()).isEqualTo(201);
        return issued.json().getString("ticket");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private WebSocketConnectOptions options(String uri) {
        return new WebSocketConnectOptions().setHost("localhost").setPort(server.port()).setURI(uri);
    }

    private CheckedSocket open(String channel, String uri, String... headers) {
        WebSocketConnectOptions options = options(uri);
        for (int i = 0; i < headers.length; i += 2) {
            options.addHeader(headers[i], headers[i + 1]);
        }
        return CheckedSocket.open(client, options, doc, channel, EXERCISED);
    }
}

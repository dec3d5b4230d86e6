package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.Role;
import io.switchboard.api.auth.Secrets;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile-credentials half of the hostile-input suite: every way to get in without the right
 * credentials, over HTTP and the WebSocket handshake, gets its documented status and problem type,
 * changes nothing, and leaves the server routing a normal ticket.
 */
class SecurityInputTest {
    static final String CHATBOT_KEY = "sbk_chatbot-key-0123456789abcdefghijklmn";
    static final String WEBFORM_KEY = "sbk_webform-key-0123456789abcdefghijklmn";
    static final String CONFIG = TestServer.CONFIG + String.join("\n",
            "agents:",
            "  - {id: alice, team: support, tier: L2, skills: {billing: 4, general: 3}, languages: [en],"
                    + " capacity: {chat: 1}, teamLeadId: lead-chen}",
            "  - {id: bob, team: support, tier: L2, skills: {general: 3}, languages: [en], capacity: {chat: 1}}",
            "security:",
            "  jwt: {leeway: 1s}",
            "  apiKeys:",
            "    - {name: chatbot, role: integration, sha256: " + Secrets.sha256(CHATBOT_KEY) + "}",
            "    - {name: webform, role: integration, sha256: " + Secrets.sha256(WEBFORM_KEY) + "}",
            "");

    private static Vertx vertx;
    private static TestServer server;
    private static AgentClient alice;
    private static String owned;
    private static JWTAuth forger;
    private static JWTAuth signer;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        server = TestServer.start(vertx, CONFIG);
        alice = server.connect("alice");
        alice.await("welcome");
        alice.goAvailable();
        TestServer.Reply created = server.post("/v1/tickets", TestServer.ticket("chat", "billing", "c0"),
                "X-Api-Key", CHATBOT_KEY);
        owned = created.json().getString("id");
        alice.send(new JsonObject().put("type", "accept").put("offerId", alice.await("offer").getString("offerId")));
        alice.await("assigned");
        signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256")
                .setBuffer(TestServer.JWT_SECRET)));
        forger = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256")
                .setBuffer("an-attacker-secret-0123456789abcdefghijklmnop")));
    }

    @AfterAll
    static void stop() {
        alice.close();
        TestServer.await(vertx.close());
    }

    /** A token with exactly these claims (no defaults), signed by {@code auth}. */
    private static String raw(JWTAuth auth, JsonObject claims) {
        return "Bearer " + auth.generateToken(claims, new JWTOptions().setAlgorithm("HS256").setNoTimestamp(true));
    }

    private static JsonObject claims(String sub, String role) {
        return new JsonObject().put("sub", sub).put("role", role).put("iss", "switchboard").put("aud", "switchboard")
                .put("exp", System.currentTimeMillis() / 1000 + 600);
    }

    /** Credential headers by name, built lazily (the server and signers exist only after start). */
    private static final Map<String, Supplier<String[]>> CREDENTIALS = Map.ofEntries(
            Map.entry("none", () -> new String[] {TestServer.NO_AUTH, "1"}),
            Map.entry("unknown key", () -> new String[] {"X-Api-Key", "sbk_not-a-key"}),
            Map.entry("empty key", () -> new String[] {"X-Api-Key", ""}),
            Map.entry("unknown bearer key", () -> new String[] {"Authorization", "Bearer sbk_not-a-key"}),
            Map.entry("basic scheme", () -> new String[] {"Authorization", "Basic YWRtaW46YWRtaW4="}),
            Map.entry("forged", () -> new String[] {"Authorization", raw(forger, claims("alice", "admin"))}),
            Map.entry("expired", () -> new String[] {"Authorization", raw(signer, claims("alice", "admin")
                    .put("exp", System.currentTimeMillis() / 1000 - 120))}),
            Map.entry("wrong audience", () -> new String[] {"Authorization", raw(signer, claims("alice", "admin")
                    .put("aud", "someone-else"))}),
            Map.entry("wrong issuer", () -> new String[] {"Authorization", raw(signer, claims("alice", "admin")
                    .put("iss", "evil"))}),
            Map.entry("no exp", () -> new String[] {"Authorization", raw(signer, claims("alice", "admin")
                    .copy().put("exp", (Object) null))}),
            Map.entry("unknown role", () -> new String[] {"Authorization", raw(signer, claims("alice", "root"))}),
            Map.entry("bad sub", () -> new String[] {"Authorization", raw(signer, claims("<script>", "admin"))}),
            Map.entry("alg none", () -> new String[] {"Authorization", "Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0."
                    + "eyJzdWIiOiJhbGljZSIsInJvbGUiOiJhZG1pbiIsImlzcyI6InN3aXRjaGJvYXJkIiwiYXVkIjoic3dpdGNoYm9hcmQifQ."}),
            Map.entry("garbage token", () -> new String[] {"Authorization", "Bearer a.b.c"}),
            Map.entry("chatbot", () -> new String[] {"X-Api-Key", CHATBOT_KEY}),
            Map.entry("webform", () -> new String[] {"Authorization", "Bearer " + WEBFORM_KEY}),
            Map.entry("bob", () -> new String[] {"Authorization", server.bearer("bob", Role.AGENT)}),
            Map.entry("stranger supervisor", () -> new String[] {"Authorization",
                    server.bearer("sup-nobody", Role.SUPERVISOR)}),
            Map.entry("lead-chen", () -> new String[] {"Authorization", server.bearer("lead-chen", Role.SUPERVISOR)}));

    static Stream<Arguments> httpCases() {
        String reply = new JsonObject().put("message", "hi").encode();
        String agent = new JsonObject().put("name", "Zed").put("team", "support").put("tier", "L1")
                .put("skills", new JsonObject().put("general", 2)).put("capacity", new JsonObject().put("chat", 1))
                .encode();
        String ticket = TestServer.ticket("chat", "technical", "c9").encode();
        return Stream.of(
                // name, credential, method, path, body, status, problem type (null: not problem+json)
                Arguments.of("anonymous list", "none", "GET", "/v1/tickets", null, 401, "unauthenticated"),
                Arguments.of("anonymous create", "none", "POST", "/v1/tickets", ticket, 401, "unauthenticated"),
                Arguments.of("anonymous agent upsert", "none", "PUT", "/v1/agents/zed", agent, 401, "unauthenticated"),
                Arguments.of("anonymous queues", "none", "GET", "/v1/queues", null, 401, "unauthenticated"),
                Arguments.of("anonymous ws ticket", "none", "POST", "/v1/ws-tickets", null, 401, "unauthenticated"),
                Arguments.of("anonymous unknown route", "none", "GET", "/v1/nothing", null, 401, "unauthenticated"),
                Arguments.of("token in query ignored", "none", "GET", "/v1/tickets?access_token=" + TestServer.ADMIN_KEY,
                        null, 401, "unauthenticated"),
                Arguments.of("unknown api key", "unknown key", "GET", "/v1/tickets", null, 401, "invalid-credentials"),
                Arguments.of("empty api key", "empty key", "POST", "/v1/tickets", ticket, 401, "invalid-credentials"),
                Arguments.of("unknown key as bearer", "unknown bearer key", "GET", "/v1/agents", null, 401,
                        "invalid-credentials"),
                Arguments.of("basic auth", "basic scheme", "GET", "/v1/tickets", null, 401, "invalid-credentials"),
                Arguments.of("forged token", "forged", "PUT", "/v1/agents/zed", agent, 401, "invalid-credentials"),
                Arguments.of("expired token", "expired", "GET", "/v1/tickets/{owned}", null, 401, "invalid-credentials"),
                Arguments.of("wrong audience", "wrong audience", "GET", "/v1/tickets", null, 401, "invalid-credentials"),
                Arguments.of("wrong issuer", "wrong issuer", "POST", "/v1/tickets", ticket, 401, "invalid-credentials"),
                Arguments.of("token without exp", "no exp", "GET", "/v1/tickets", null, 401, "invalid-credentials"),
                Arguments.of("unknown role", "unknown role", "GET", "/v1/queues", null, 401, "invalid-credentials"),
                Arguments.of("html in sub", "bad sub", "GET", "/v1/queues", null, 401, "invalid-credentials"),
                Arguments.of("alg none", "alg none", "PUT", "/v1/agents/zed", agent, 401, "invalid-credentials"),
                Arguments.of("garbage token", "garbage token", "GET", "/v1/tickets", null, 401, "invalid-credentials"),
                Arguments.of("other integration reads", "webform", "GET", "/v1/tickets/{owned}", null, 403, "forbidden"),
                Arguments.of("other integration timeline", "webform", "GET", "/v1/tickets/{owned}/timeline", null, 403,
                        "forbidden"),
                Arguments.of("other integration patches", "webform", "PATCH", "/v1/tickets/{owned}",
                        new JsonObject().put("priority", "urgent").encode(), 403, "forbidden"),
                Arguments.of("other integration writes", "webform", "POST", "/v1/tickets/{owned}/messages", reply, 403,
                        "forbidden"),
                Arguments.of("integration replies as agent", "chatbot", "POST", "/v1/tickets/{owned}/reply", reply, 403,
                        "forbidden"),
                Arguments.of("integration resolves", "chatbot", "POST", "/v1/tickets/{owned}/resolve", "{}", 403,
                        "forbidden"),
                Arguments.of("integration upserts agent", "chatbot", "PUT", "/v1/agents/zed", agent, 403, "forbidden"),
                Arguments.of("integration lists agents", "chatbot", "GET", "/v1/agents", null, 403, "forbidden"),
                Arguments.of("integration reads queues", "chatbot", "GET", "/v1/queues", null, 403, "forbidden"),
                Arguments.of("integration ws ticket", "chatbot", "POST", "/v1/ws-tickets", null, 403, "forbidden"),
                Arguments.of("agent reads other's ticket", "bob", "GET", "/v1/tickets/{owned}", null, 403, "forbidden"),
                Arguments.of("agent resolves other's ticket", "bob", "POST", "/v1/tickets/{owned}/resolve", "{}", 403,
                        "forbidden"),
                Arguments.of("agent transfers other's ticket", "bob", "POST", "/v1/tickets/{owned}/transfer",
                        new JsonObject().put("queue", "general").put("reason", "mine").encode(), 403, "forbidden"),
                Arguments.of("agent lists other's tickets", "bob", "GET", "/v1/tickets?assignee=alice", null, 403,
                        "forbidden"),
                Arguments.of("agent reads other agent", "bob", "GET", "/v1/agents/alice", null, 403, "forbidden"),
                Arguments.of("agent upserts itself", "bob", "PUT", "/v1/agents/bob", agent, 403, "forbidden"),
                Arguments.of("agent creates ticket", "bob", "POST", "/v1/tickets", ticket, 403, "forbidden"),
                Arguments.of("agent reprioritizes", "bob", "PATCH", "/v1/tickets/{owned}",
                        new JsonObject().put("priority", "urgent").encode(), 403, "forbidden"),
                Arguments.of("supervisor outside scope reads", "stranger supervisor", "GET", "/v1/tickets/{owned}", null,
                        403, "forbidden"),
                Arguments.of("supervisor outside scope transfers", "stranger supervisor", "POST",
                        "/v1/tickets/{owned}/transfer", new JsonObject().put("queue", "general").put("reason", "r")
                                .encode(), 403, "forbidden"),
                Arguments.of("supervisor upserts agent", "lead-chen", "PUT", "/v1/agents/zed", agent, 403, "forbidden"),
                Arguments.of("supervisor reads agent outside scope", "lead-chen", "GET", "/v1/agents/bob", null, 403,
                        "forbidden"),
                Arguments.of("integration reads unknown ticket", "webform", "GET", "/v1/tickets/tkt_999", null, 404,
                        "not-found"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("httpCases")
    void hostileCredentials_anyEndpoint_refusedAndNothingChanges(String name, String credential, String method,
            String path, String body, int status, String type) {
        String before = snapshot();
        String[] headers = CREDENTIALS.get(credential).get();
        TestServer.Reply reply = server.send(method, path.replace("{owned}", owned), body, headers);

        assertThat(reply.status()).as(name + ": " + reply.body()).isEqualTo(status);
        if (type != null) {
            assertThat(reply.contentType()).as(name).startsWith("application/problem+json");
            JsonObject problem = reply.json();
            assertThat(problem.getString("type")).as(name).isEqualTo("https://switchboard.dev/problems/" + type);
            assertThat(problem.getInteger("status")).isEqualTo(status);
            assertThat(problem.getString("detail")).isNotBlank().doesNotContain("Exception");
            for (String header : headers) {
                if (header.length() > 20) {
                    assertThat(reply.body()).as("a credential is never echoed").doesNotContain(header.substring(7));
                }
            }
        }
        if (status == 401) {
            assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
        }
        assertThat(snapshot()).as("state after " + name).isEqualTo(before);
        stillRoutes();
    }

    static Stream<Arguments> socketCases() {
        return Stream.of(
                // name, path, headers (name, value ...), status, problem type
                Arguments.of("no credentials", "/v1/agents/alice/ws", List.of(), 401, "unauthenticated"),
                Arguments.of("another agent's stream", "/v1/agents/alice/ws", List.of("bob-token"), 403, "forbidden"),
                Arguments.of("integration key", "/v1/agents/alice/ws", List.of("X-Api-Key", CHATBOT_KEY), 403,
                        "forbidden"),
                Arguments.of("forged subprotocol token", "/v1/agents/bob/ws", List.of("forged-protocol"), 401,
                        "invalid-credentials"),
                Arguments.of("unknown connection ticket", "/v1/agents/bob/ws?ticket=wst_forged", List.of(), 401,
                        "invalid-credentials"),
                Arguments.of("foreign origin", "/v1/agents/bob/ws", List.of("bob-token", "Origin",
                        "https://evil.example"), 403, "forbidden-origin"),
                Arguments.of("another supervisor's stream", "/v1/supervisors/lead-chen/ws", List.of("stranger-token"),
                        403, "forbidden"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("socketCases")
    void hostileHandshake_socketRoutes_refusedAndNothingChanges(String name, String path, List<String> spec,
            int status, String type) {
        String before = snapshot();
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i < spec.size(); i++) {
            switch (spec.get(i)) {
                case "bob-token" -> headers.append("Authorization: ").append(server.bearer("bob", Role.AGENT));
                case "stranger-token" -> headers.append("Authorization: ")
                        .append(server.bearer("sup-nobody", Role.SUPERVISOR));
                case "forged-protocol" -> headers.append("Sec-WebSocket-Protocol: switchboard, bearer.")
                        .append(raw(forger, claims("bob", "agent")).substring(7));
                default -> headers.append(spec.get(i)).append(": ").append(spec.get(++i));
            }
            headers.append("\r\n");
        }
        String response = rawHandshake(path, headers.toString());
        assertThat(response).as(name).startsWith("HTTP/1.1 " + status);
        assertThat(response).containsIgnoringCase("content-type: application/problem+json");
        assertThat(response).contains("\"type\":\"https://switchboard.dev/problems/" + type + "\"");
        assertThat(snapshot()).as("state after " + name).isEqualTo(before);
        stillRoutes();
    }

    static Stream<Arguments> socketMessages() {
        String deep = "{\"type\":\"presence\",\"status\":" + "[".repeat(100) + "]".repeat(100) + "}";
        return Stream.of(
                // name, raw text sent on alice's socket, expected error code
                Arguments.of("truncated json", "{\"type\":\"presence\"", "bad_message"),
                Arguments.of("json array", "[1,2]", "bad_message"),
                Arguments.of("json string", "\"presence\"", "bad_message"),
                Arguments.of("type as number", "{\"type\":5}", "bad_message"),
                Arguments.of("type null", "{\"type\":null}", "bad_message"),
                Arguments.of("html type", "{\"type\":\"<script>alert(1)</script>\"}", "bad_message"),
                Arguments.of("control characters", "{\"type\":\"pres\\u0000ence\\u001b\"}", "bad_message"),
                Arguments.of("unknown presence", "{\"type\":\"presence\",\"status\":\"sleeping\"}", "bad_message"),
                Arguments.of("presence without status", "{\"type\":\"presence\"}", "bad_message"),
                Arguments.of("accept without offer", "{\"type\":\"accept\"}", "bad_message"),
                Arguments.of("accept unknown offer", "{\"type\":\"accept\",\"offerId\":\"ofr_999\"}", "offer_expired"),
                Arguments.of("reject numeric offer", "{\"type\":\"reject\",\"offerId\":123}", "bad_message"),
                Arguments.of("reject unknown offer, huge reason", "{\"type\":\"reject\",\"offerId\":\"ofr_9\","
                        + "\"reason\":\"" + "r".repeat(10_000) + "\"}", "offer_expired"),
                Arguments.of("deep nesting", deep, "bad_message"),
                Arguments.of("huge number", "{\"type\":\"accept\",\"offerId\":" + "9".repeat(500) + "}",
                        "bad_message"),
                Arguments.of("huge id", "{\"type\":\"bogus\",\"id\":\"" + "i".repeat(500) + "\"}", "bad_message"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("socketMessages")
    void hostileMessage_agentSocket_errorAndNothingChanges(String name, String text, String code) {
        String before = snapshot();
        alice.sendRaw(text);
        JsonObject error = alice.await("error");

        assertThat(error.getString("code")).as(name + ": " + error).isEqualTo(code);
        assertThat(error.getString("message")).isNotBlank().doesNotContain("Exception");
        assertThat(snapshot()).as("state after " + name).isEqualTo(before);
        stillRoutes();
        String ping = alice.send(new JsonObject().put("type", "presence").put("status", "available"));
        assertThat(alice.replyTo(ping).getString("type")).as("socket still works after " + name).isEqualTo("ack");
    }

    @org.junit.jupiter.api.Test
    void oversizedHeader_anyRequest_refusedBeforeRoutingAndNothingChanges() throws IOException {
        String before = snapshot();
        try (Socket raw = new Socket("localhost", server.port())) {
            raw.setSoTimeout(5000);
            raw.getOutputStream().write(("GET /v1/tickets HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + "x".repeat(20_000) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] head = raw.getInputStream().readNBytes(12);
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 431");
        }
        assertThat(snapshot()).isEqualTo(before);
        stillRoutes();
    }

    @org.junit.jupiter.api.Test
    void wsTicket_redeemedTwice_secondHandshakeRefused() {
        TestServer.Reply issued = server.send("POST", "/v1/ws-tickets", null, "Authorization", server.bearer("bob",
                Role.AGENT));
        assertThat(issued.status()).isEqualTo(201);
        String ticket = issued.json().getString("ticket");
        AgentClient bob = server.openSocket("/v1/agents/bob/ws?ticket=" + ticket);
        assertThat(bob.await("welcome").getJsonObject("agent").getString("id")).isEqualTo("bob");
        assertThat(rawHandshake("/v1/agents/bob/ws?ticket=" + ticket, "")).startsWith("HTTP/1.1 401");
        bob.close();
    }

    @org.junit.jupiter.api.Test
    void bearerSubprotocol_browserStyle_opensOwnStreamAndSelectsSwitchboard() {
        String token = server.token("bob", Role.AGENT);
        String response = rawHandshake("/v1/agents/bob/ws", "Sec-WebSocket-Protocol: switchboard, bearer." + token
                + "\r\nOrigin: http://localhost:" + server.port() + "\r\n");
        assertThat(response).startsWith("HTTP/1.1 101");
        assertThat(response).containsIgnoringCase("sec-websocket-protocol: switchboard");
    }

    @org.junit.jupiter.api.Test
    void integration_listsTickets_seesOnlyItsOwn() {
        server.post("/v1/tickets", TestServer.ticket("chat", "technical", "w1"), "X-Api-Key", WEBFORM_KEY);
        JsonArray mine = server.send("GET", "/v1/tickets?limit=200", null, "X-Api-Key", WEBFORM_KEY).json()
                .getJsonArray("tickets");
        assertThat(mine).isNotEmpty();
        assertThat(mine.stream().map(t -> ((JsonObject) t).getString("id"))).doesNotContain(owned);
        JsonObject own = server.send("GET", "/v1/tickets/" + owned, null, "X-Api-Key", CHATBOT_KEY).json();
        assertThat(own.getString("assignee")).isEqualTo("alice");
    }

    @org.junit.jupiter.api.Test
    void agentAndLead_ownTicket_mayReadIt() {
        assertThat(server.send("GET", "/v1/tickets/" + owned, null, "Authorization", server.bearer("alice",
                Role.AGENT)).status()).isEqualTo(200);
        assertThat(server.send("GET", "/v1/tickets/" + owned, null, "Authorization", server.bearer("lead-chen",
                Role.SUPERVISOR)).status()).isEqualTo(200);
        JsonArray agents = server.send("GET", "/v1/agents", null, "Authorization", server.bearer("lead-chen",
                Role.SUPERVISOR)).json().getJsonArray("agents");
        assertThat(agents.stream().map(a -> ((JsonObject) a).getString("id"))).containsExactly("alice");
    }

    @org.junit.jupiter.api.Test
    void timeline_integrationCreated_namesTheKeyAsActor() {
        JsonObject first = server.get("/v1/tickets/" + owned + "/timeline").json().getJsonArray("timeline")
                .getJsonObject(0);
        assertThat(first.getString("actor")).isEqualTo("key:chatbot");
    }

    private static void stillRoutes() {
        assertThat(server.createTicket(TestServer.ticket("chat", "technical", "c1")).getString("status"))
                .isEqualTo("queued");
    }

    private static String snapshot() {
        return server.get("/v1/tickets?limit=200").body() + server.get("/v1/agents").body();
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

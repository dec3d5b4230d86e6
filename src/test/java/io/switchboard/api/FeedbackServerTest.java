package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.Role;
import io.switchboard.api.auth.Secrets;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/tickets/{id}/feedback} on a real server: who may rate, when, with what values. */
class FeedbackServerTest {
    static final String CHATBOT_KEY = "sbk_chatbot-key-0123456789abcdefghijklmn";
    static final String OTHER_KEY = "sbk_webform-key-0123456789abcdefghijklmn";
    static final String CONFIG = TestServer.CONFIG + String.join("\n",
            "agents:",
            "  - {id: alice, team: support, tier: L2, skills: {billing: 4, general: 3}, languages: [en],"
                    + " capacity: {chat: 3}}",
            "security:",
            "  apiKeys:",
            "    - {name: chatbot, role: integration, sha256: " + Secrets.sha256(CHATBOT_KEY) + "}",
            "    - {name: webform, role: integration, sha256: " + Secrets.sha256(OTHER_KEY) + "}",
            "");

    private static Vertx vertx;
    private static TestServer server;
    private static AgentClient alice;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        server = TestServer.start(vertx, CONFIG);
        alice = server.connect("alice");
        alice.await("welcome");
        alice.goAvailable();
    }

    @AfterAll
    static void stop() {
        alice.close();
        TestServer.await(vertx.close());
    }

    @Test
    void feedback_resolvedTicketByOwningIntegration_onTheTimeline() {
        String id = resolvedTicket("c-ok");

        TestServer.Reply given = feedback(id, new JsonObject().put("csat", 4).put("nps", 9).put("comment", "fast"),
                CHATBOT_KEY);

        assertThat(given.status()).isEqualTo(200);
        assertThat(given.json().getString("id")).isEqualTo(id);
        List<JsonObject> entries = entries(id, "feedback_given");
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).getString("actor")).isEqualTo("key:chatbot on behalf of customer:c-ok");
        assertThat(entries.get(0).getString("reason")).isEqualTo("customer_feedback");
        assertThat(entries.get(0).getJsonObject("details"))
                .isEqualTo(new JsonObject().put("csat", 4).put("nps", 9).put("comment", "fast"));
    }

    @Test
    void feedback_retriedWithTheSameValues_200AndOneEntry_differentValues_409() {
        String id = resolvedTicket("c-retry");
        JsonObject body = new JsonObject().put("csat", 2).put("nps", 5);
        assertThat(feedback(id, body, CHATBOT_KEY).status()).isEqualTo(200);

        assertThat(feedback(id, body, CHATBOT_KEY).status()).isEqualTo(200);
        TestServer.Reply changed = feedback(id, new JsonObject().put("csat", 5).put("nps", 5), CHATBOT_KEY);

        assertThat(changed.status()).isEqualTo(409);
        assertThat(changed.contentType()).startsWith("application/problem+json");
        assertThat(changed.json().getString("type")).endsWith("/feedback-already-given");
        assertThat(entries(id, "feedback_given")).hasSize(1);
    }

    @Test
    void feedback_ticketStillWithTheAgent_409NothingRecorded() {
        String id = assignedTicket("c-open");

        TestServer.Reply refused = feedback(id, new JsonObject().put("csat", 5).put("nps", 10), CHATBOT_KEY);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().getString("type")).endsWith("/ticket-not-resolved");
        assertThat(entries(id, "feedback_given")).isEmpty();
    }

    @Test
    void feedback_outOfRangeOrWrongTypes_422NamingEachMember() {
        String id = resolvedTicket("c-range");

        TestServer.Reply bad = feedback(id, new JsonObject().put("csat", 6).put("nps", -1)
                .put("comment", "x".repeat(2001)), CHATBOT_KEY);
        TestServer.Reply missing = feedback(id, new JsonObject(), CHATBOT_KEY);
        TestServer.Reply fraction = feedback(id, new JsonObject().put("csat", 4.5).put("nps", "10"), CHATBOT_KEY);

        assertThat(List.of(bad.status(), missing.status(), fraction.status())).containsOnly(422);
        assertThat(pointers(bad)).containsExactlyInAnyOrder("/csat", "/nps", "/comment");
        assertThat(pointers(missing)).containsExactlyInAnyOrder("/csat", "/nps");
        assertThat(pointers(fraction)).containsExactlyInAnyOrder("/csat", "/nps");
        assertThat(entries(id, "feedback_given")).isEmpty();
        assertThat(feedback(id, new JsonObject().put("csat", 1).put("nps", 0), CHATBOT_KEY).status()).isEqualTo(200);
    }

    @Test
    void feedback_byStaffOrAnotherIntegration_403() {
        String id = resolvedTicket("c-who");
        JsonObject body = new JsonObject().put("csat", 5).put("nps", 10);

        TestServer.Reply agent = server.post("/v1/tickets/" + id + "/feedback", body, "Authorization",
                server.bearer("alice", Role.AGENT));
        TestServer.Reply supervisor = server.post("/v1/tickets/" + id + "/feedback", body, "Authorization",
                server.bearer("lead-1", Role.SUPERVISOR));
        TestServer.Reply stranger = feedback(id, body, OTHER_KEY);

        assertThat(List.of(agent.status(), supervisor.status(), stranger.status())).containsOnly(403);
        assertThat(entries(id, "feedback_given")).isEmpty();
    }

    private static TestServer.Reply feedback(String id, JsonObject body, String key) {
        return server.post("/v1/tickets/" + id + "/feedback", body, "X-Api-Key", key);
    }

    private static List<String> pointers(TestServer.Reply reply) {
        return reply.json().getJsonArray("errors").stream().map(JsonObject.class::cast)
                .map(e -> e.getString("pointer")).collect(Collectors.toList());
    }

    private static String assignedTicket(String customer) {
        TestServer.Reply created = server.post("/v1/tickets", TestServer.ticket("chat", "billing", customer),
                "X-Api-Key", CHATBOT_KEY);
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().getString("id");
        JsonObject offer = alice.await("offer");
        while (!id.equals(offer.getJsonObject("ticket").getString("id"))) {
            offer = alice.await("offer");
        }
        alice.send(new JsonObject().put("type", "accept").put("offerId", offer.getString("offerId")));
        JsonObject assigned = alice.await("assigned");
        while (!id.equals(assigned.getJsonObject("ticket").getString("id"))) {
            assigned = alice.await("assigned");
        }
        return id;
    }

    private static String resolvedTicket(String customer) {
        String id = assignedTicket(customer);
        TestServer.Reply resolved = server.post("/v1/tickets/" + id + "/resolve", new JsonObject(),
                "Authorization", server.bearer("alice", Role.AGENT));
        assertThat(resolved.status()).isEqualTo(200);
        return id;
    }

    private static List<JsonObject> entries(String id, String type) {
        return server.get("/v1/tickets/" + id + "/timeline").json().getJsonArray("timeline").stream()
                .map(JsonObject.class::cast).filter(e -> type.equals(e.getString("type"))).collect(Collectors.toList());
    }
}

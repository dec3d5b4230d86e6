package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Review defect 3 over a real server: a transfer or ticket no known agent can ever take is refused
 * with a 422 naming why, and a ticket nobody can take for skills raises {@code ticket_unroutable}
 * on its queue supervisor's stream after {@code routing.unroutableAfter}.
 */
@ExtendWith(VertxExtension.class)
class UnroutableServerTest {
    static final String CONFIG = String.join("\n",
            "server:",
            "  websocket: {pingInterval: 500ms, idleTimeout: 5s}",
            "skills: [general, billing]",
            "teams: [support, technical]",
            "routing:",
            "  unroutableAfter: 1s",
            "queues:",
            "  - name: general",
            "    supervisors: [sup-wang]",
            "  - name: billing",
            "    requiredSkills: {billing: 5}",
            "    supervisors: [sup-li]",
            "rules:",
            "  - match: {types: [refund]}",
            "    queue: billing",
            "agents:",
            "  - {id: alice, team: support, tier: L2, skills: {general: 3, billing: 3}, languages: [en],"
                    + " capacity: {chat: 2}}",
            "  - {id: tom, team: technical, tier: L2, skills: {general: 3}, languages: [en], capacity: {chat: 2}}",
            "");

    private TestServer server;

    @BeforeEach
    void start(Vertx vertx) {
        server = TestServer.start(vertx, CONFIG);
    }

    @Test
    void transfer_teamAndTierNoAgentHas_422NamingWhyAndTicketUnchanged() {
        String id = server.createTicket(TestServer.ticket("chat", "general", "c-1")).getString("id");

        TestServer.Reply refused = server.post("/v1/tickets/" + id + "/transfer",
                new JsonObject().put("team", "technical").put("tier", "L4").put("reason", "needs an expert"));

        assertThat(refused.status()).as("before the fix: 200, and the ticket waited for nobody").isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        JsonArray errors = refused.json().getJsonArray("errors");
        assertThat(errors.getJsonObject(0).getString("message")).contains("is in team 'technical'",
                "has tier L4 or above");
        JsonObject after = server.get("/v1/tickets/" + id).json();
        assertThat(after.getString("team")).isNull();
        assertThat(after.getString("minTier")).isNull();
        assertThat(server.post("/v1/tickets/" + id + "/transfer", new JsonObject().put("team", "technical")
                .put("reason", "tom can take it")).status()).isEqualTo(200);
    }

    @Test
    void create_languageNobodySpeaks_422AtLanguage() {
        TestServer.Reply refused = server.post("/v1/tickets",
                TestServer.ticket("chat", "general", "c-2").put("language", "th"));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().getJsonArray("errors").getJsonObject(0).getString("pointer")).isEqualTo("/language");
        assertThat(server.get("/v1/tickets?customer=c-2").json().getJsonArray("tickets")).isEmpty();
    }

    @Test
    void ticketNobodyHasTheSkillFor_acceptedThenQueueSupervisorAlerted() {
        AgentClient supervisor = server.supervise("sup-li");
        supervisor.await("welcome");

        JsonObject created = server.createTicket(TestServer.ticket("chat", "refund", "c-3"));
        assertThat(created.getString("queue")).isEqualTo("billing");
        JsonObject alert = supervisor.await("ticket_unroutable");

        assertThat(alert.getJsonObject("ticket").getString("id")).isEqualTo(created.getString("id"));
        JsonObject event = alert.getJsonObject("event");
        assertThat(event.getString("type")).isEqualTo("ticket_unroutable");
        assertThat(event.getJsonObject("details").getString("queue")).isEqualTo("billing");
        assertThat(server.get("/v1/tickets/" + created.getString("id")).json().getJsonArray("alerts").stream()
                .map(a -> ((JsonObject) a).getString("type"))).contains("ticket_unroutable");
        supervisor.close();
    }
}

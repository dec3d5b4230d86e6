package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SLA over a real server with second-scale targets: deadline-first dispatch, the agent receiving
 * warnings and the breach as they fall due, and its team lead only the escalation rung meant for it.
 */
@ExtendWith(VertxExtension.class)
class SlaServerTest {
    static final String CONFIG = String.join("\n",
            "server:",
            "  websocket: {pingInterval: 500ms, idleTimeout: 5s}",
            "skills: [general]",
            "teams: [support]",
            "queues:",
            "  - name: general",
            "    supervisors: [sup-wang]",
            "sla:",
            "  policies:",
            "    - name: vip",
            "      match: {tiers: [vip]}",
            "      targets: {firstResponse: 2s, resolution: 1h}",
            "      escalation:",
            "        - after: 1s",
            "          action: notify_team_lead",
            "    - name: standard",
            "      match: {}",
            "      targets: {firstResponse: 30s}",
            "");

    private TestServer server;

    @BeforeEach
    void start(Vertx vertx) {
        server = TestServer.start(vertx, CONFIG);
        server.send("PUT", "/v1/agents/alice", new JsonObject().put("name", "Alice").put("team", "support")
                .put("tier", "L2").put("capacity", new JsonObject().put("chat", 1)).put("teamLeadId", "lead-chen")
                .put("managerId", "mgr-zhou").encode());
    }

    @Test
    void vipDueSooner_offeredFirst_thenAgentGetsWarningsAndBreachAndLeadOnlyItsRungOnTime() {
        AgentClient alice = server.connect("alice");
        alice.await("welcome");
        AgentClient lead = server.supervise("lead-chen");
        JsonObject welcome = lead.await("welcome");
        assertThat(welcome.getJsonObject("supervisor").getJsonArray("leads")).containsExactly("alice");

        String standard = server.createTicket(TestServer.ticket("chat", "general", "c-std")).getString("id");
        JsonObject vipBody = TestServer.ticket("chat", "general", "c-vip");
        vipBody.getJsonObject("customer").put("tier", "vip");
        JsonObject vip = server.createTicket(vipBody);
        assertThat(vip.getJsonObject("sla").getString("policy")).isEqualTo("vip");
        alice.goAvailable();
        JsonObject offer = alice.await("offer");
        assertThat(offer.getJsonObject("ticket").getString("id")).isEqualTo(vip.getString("id"))
                .isNotEqualTo(standard);
        alice.send(new JsonObject().put("type", "accept").put("offerId", offer.getString("offerId")));
        alice.await("assigned");

        Instant created = Instant.parse(vip.getString("createdAt"));
        JsonObject first = alice.await("sla_warning");
        JsonObject second = alice.await("sla_warning");
        JsonObject breach = alice.await("sla_breached");
        assertThat(first.getJsonObject("event").getJsonObject("details").getDouble("threshold")).isEqualTo(0.75);
        assertThat(second.getJsonObject("event").getJsonObject("details").getDouble("threshold")).isEqualTo(0.9);
        assertNotBefore(first, created.plusMillis(1500));
        assertNotBefore(second, created.plusMillis(1800));
        assertNotBefore(breach, created.plusMillis(2000));
        assertThat(breach.getJsonObject("event").getJsonObject("details").getString("dueAt"))
                .isEqualTo(created.plusSeconds(2).toString());
        for (AgentClient who : new AgentClient[] {alice, lead}) {
            JsonObject escalation = who.await("escalation");
            assertNotBefore(escalation, created.plusMillis(3000));
            assertThat(escalation.getString("notify")).isEqualTo("lead-chen");
            assertThat(escalation.getJsonObject("ticket").getString("id")).isEqualTo(vip.getString("id"));
        }
        // The lead hears its own rung only: warnings and the breach stay with the assignee (and on the timeline).
        assertThat(lead.received()).extracting(m -> m.getString("type")).doesNotContain("sla_warning", "sla_breached",
                "follow_up");
        JsonObject ticket = server.get("/v1/tickets/" + vip.getString("id")).json();
        assertThat(ticket.getJsonObject("sla").getJsonObject("firstResponse").getBoolean("breached")).isTrue();
        assertThat(ticket.getJsonArray("alerts").stream().map(a -> ((JsonObject) a).getString("type")))
                .contains("sla_warning", "sla_breached", "follow_up_requested", "sla_escalated");
        alice.close();
        lead.close();
    }

    @Test
    void supervisorStream_unknownPerson_refusedWith404_queueSupervisorAccepted() {
        assertThatThrownBy(() -> server.supervise("nobody")).hasStackTraceContaining("404");
        AgentClient supervisor = server.supervise("sup-wang");
        assertThat(supervisor.await("welcome").getJsonObject("supervisor").getJsonArray("queues"))
                .containsExactly("general");
        supervisor.close();
    }

    @Test
    void customerMessagesAndConfirm_overHttp_reopenAndClose() {
        AgentClient alice = server.connect("alice");
        alice.await("welcome");
        alice.goAvailable();
        String id = server.createTicket(TestServer.ticket("chat", "general", "c-1")).getString("id");
        alice.send(new JsonObject().put("type", "accept").put("offerId", alice.await("offer").getString("offerId")));
        alice.await("assigned");
        server.post("/v1/tickets/" + id + "/reply", new JsonObject().put("message", "fixed?"));
        server.post("/v1/tickets/" + id + "/resolve", new JsonObject());
        JsonObject reopened = server.post("/v1/tickets/" + id + "/messages",
                new JsonObject().put("message", "no, still broken")).json();
        assertThat(reopened.getString("status")).isIn("queued", "offered");
        alice.send(new JsonObject().put("type", "accept").put("offerId", alice.await("offer").getString("offerId")));
        alice.await("assigned");
        server.post("/v1/tickets/" + id + "/resolve", new JsonObject());
        JsonObject closed = server.post("/v1/tickets/" + id + "/confirm", new JsonObject()).json();
        assertThat(closed.getString("status")).isEqualTo("closed");
        TestServer.Reply again = server.post("/v1/tickets/" + id + "/messages", new JsonObject().put("message", "x"));
        assertThat(again.status()).isEqualTo(409);
        alice.close();
    }

    @Test
    void patchTicket_tierToVip_policyChanges() {
        String id = server.createTicket(TestServer.ticket("chat", "general", "c-2")).getString("id");
        TestServer.Reply patched = server.send("PATCH", "/v1/tickets/" + id,
                new JsonObject().put("customer", new JsonObject().put("tier", "vip")).encode());
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().getJsonObject("sla").getString("policy")).isEqualTo("vip");
        assertThat(patched.json().getJsonObject("customer").getString("tier")).isEqualTo("vip");
        TestServer.Reply empty = server.send("PATCH", "/v1/tickets/" + id, "{}");
        assertThat(empty.status()).isEqualTo(422);
    }

    private static void assertNotBefore(JsonObject message, Instant earliest) {
        Instant at = Instant.parse(message.getJsonObject("event").getString("at"));
        assertThat(at).as(message.getString("type")).isAfterOrEqualTo(earliest);
    }
}

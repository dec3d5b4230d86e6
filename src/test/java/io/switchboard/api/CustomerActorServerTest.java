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

/**
 * Review defect 1: the audit trail names the real caller of the customer's actions. Before the
 * fix an agent posting a message or confirming was recorded as {@code customer:<id>}.
 */
class CustomerActorServerTest {
    static final String CHATBOT_KEY = "sbk_chatbot-key-0123456789abcdefghijklmn";
    static final String CONFIG = TestServer.CONFIG + String.join("\n",
            "agents:",
            "  - {id: alice, team: support, tier: L2, skills: {billing: 4, general: 3}, languages: [en],"
                    + " capacity: {chat: 3}}",
            "security:",
            "  apiKeys:",
            "    - {name: chatbot, role: integration, sha256: " + Secrets.sha256(CHATBOT_KEY) + "}",
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
    void customerMessage_postedByAgent_recordedAsAgentOnBehalfOfCustomer() {
        String id = assignedTicket("c-msg");
        TestServer.Reply reply = server.post("/v1/tickets/" + id + "/messages",
                new JsonObject().put("message", "customer says: still broken"), "Authorization",
                server.bearer("alice", Role.AGENT));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(actorsOf(id, "customer_messaged")).containsExactly("agent:alice on behalf of customer:c-msg");
    }

    @Test
    void confirm_byAgent_refusedAndTicketStaysResolved() {
        String id = resolvedTicket("c-agent");
        TestServer.Reply confirm = server.post("/v1/tickets/" + id + "/confirm", new JsonObject(),
                "Authorization", server.bearer("alice", Role.AGENT));

        assertThat(confirm.status()).isEqualTo(403);
        assertThat(confirm.contentType()).startsWith("application/problem+json");
        assertThat(confirm.json().getString("detail")).contains("only the customer confirms");
        assertThat(server.get("/v1/tickets/" + id).json().getString("status")).isEqualTo("resolved");
        assertThat(actorsOf(id, "ticket_closed")).isEmpty();
    }

    @Test
    void confirm_bySupervisor_refused() {
        String id = resolvedTicket("c-sup");
        TestServer.Reply confirm = server.post("/v1/tickets/" + id + "/confirm", new JsonObject(),
                "Authorization", server.bearer("lead-1", Role.SUPERVISOR));

        assertThat(confirm.status()).isEqualTo(403);
        assertThat(server.get("/v1/tickets/" + id).json().getString("status")).isEqualTo("resolved");
    }

    @Test
    void confirm_relayedByIntegration_recordedAsIntegrationOnBehalfOfCustomer() {
        String id = resolvedTicket("c-bot");
        TestServer.Reply confirm = server.post("/v1/tickets/" + id + "/confirm", new JsonObject(),
                "X-Api-Key", CHATBOT_KEY);

        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.json().getString("status")).isEqualTo("closed");
        assertThat(actorsOf(id, "ticket_closed")).containsExactly("key:chatbot on behalf of customer:c-bot");
    }

    @Test
    void customerMessage_relayedByIntegration_reopensRecordedAsIntegration() {
        String id = resolvedTicket("c-reopen");
        TestServer.Reply message = server.post("/v1/tickets/" + id + "/messages",
                new JsonObject().put("message", "it broke again"), "X-Api-Key", CHATBOT_KEY);

        assertThat(message.status()).isEqualTo(200);
        assertThat(actorsOf(id, "customer_messaged")).containsExactly("key:chatbot on behalf of customer:c-reopen");
        assertThat(actorsOf(id, "ticket_reopened")).containsExactly("key:chatbot on behalf of customer:c-reopen");
    }

    /** A ticket the chatbot created and alice accepted. */
    private static String assignedTicket(String customer) {
        TestServer.Reply created = server.post("/v1/tickets", TestServer.ticket("chat", "billing", customer),
                "X-Api-Key", CHATBOT_KEY);
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().getString("id");
        JsonObject offer = alice.await("offer");
        while (!id.equals(offer.getJsonObject("ticket").getString("id"))) {
            offer = alice.await("offer"); // a ticket another test reopened comes back to alice too
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

    private static List<String> actorsOf(String id, String type) {
        return server.get("/v1/tickets/" + id + "/timeline").json().getJsonArray("timeline").stream()
                .map(JsonObject.class::cast).filter(e -> type.equals(e.getString("type")))
                .map(e -> e.getString("actor")).collect(Collectors.toList());
    }
}

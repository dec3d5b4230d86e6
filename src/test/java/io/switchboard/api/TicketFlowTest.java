package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The whole path over a real server: HTTP intake → WebSocket offer → accept → work → close. */
@ExtendWith(VertxExtension.class)
class TicketFlowTest {
    private TestServer server;
    private AgentClient alice;

    @BeforeEach
    void start(Vertx vertx) {
        server = TestServer.start(vertx);
        server.putAgent("alice", "support", new JsonObject().put("billing", 4).put("general", 3),
                new JsonObject().put("chat", 2).put("email", 5));
        alice = server.connect("alice");
        alice.await("welcome");
    }

    @AfterEach
    void stop() {
        alice.close();
    }

    @Test
    void flow_createOfferAcceptResolveClose_ticketEndsClosedWithFullTimeline() {
        alice.goAvailable();
        JsonObject created = server.createTicket(TestServer.ticket("chat", "billing", "cust-1"));
        assertThat(created.getString("queue")).isEqualTo("billing");
        String id = created.getString("id");

        JsonObject offer = alice.await("offer");
        assertThat(offer.getJsonObject("ticket").getString("id")).isEqualTo(id);
        assertThat(offer.getString("expiresAt")).isNotBlank();
        String ack = alice.send(new JsonObject().put("type", "accept").put("offerId", offer.getString("offerId")));
        assertThat(alice.replyTo(ack).getString("type")).isEqualTo("ack");
        assertThat(alice.await("assigned").getJsonObject("ticket").getString("assignee")).isEqualTo("alice");

        assertThat(server.get("/v1/tickets/" + id).json().getString("status")).isEqualTo("assigned");
        assertThat(server.post("/v1/tickets/" + id + "/reply", new JsonObject().put("message", "Refund issued"))
                .json().getString("status")).isEqualTo("assigned");
        assertThat(server.post("/v1/tickets/" + id + "/pending", new JsonObject().put("on", "customer"))
                .json().getString("status")).isEqualTo("pending_customer");
        assertThat(alice.await("ticket_updated").getJsonObject("ticket").getString("status"))
                .isEqualTo("assigned");
        assertThat(server.post("/v1/tickets/" + id + "/resolve", new JsonObject().put("reason", "fixed"))
                .json().getString("status")).isEqualTo("resolved");
        assertThat(server.post("/v1/tickets/" + id + "/close", new JsonObject()).json().getString("status"))
                .isEqualTo("closed");

        JsonArray timeline = server.get("/v1/tickets/" + id + "/timeline").json().getJsonArray("timeline");
        assertThat(timeline.stream().map(e -> ((JsonObject) e).getString("type")).toList()).containsExactly(
                "ticket_created", "ticket_queued", "ticket_offered", "ticket_assigned", "ticket_replied",
                "ticket_pending", "ticket_resolved", "ticket_closed");
        JsonObject assigned = timeline.getJsonObject(3);
        assertThat(assigned.getString("actor")).isEqualTo("agent:alice");
        assertThat(assigned.getString("reason")).isEqualTo("accepted");
        assertThat(assigned.getJsonObject("details").getString("agentId")).isEqualTo("alice");
    }

    @Test
    void intake_noAgentAvailable_ticketWaitsAndIsOfferedWhenAgentTurnsAvailable() {
        String id = server.createTicket(TestServer.ticket("chat", "billing", "cust-2")).getString("id");
        JsonObject queues = server.get("/v1/queues").json();
        JsonObject billing = queues.getJsonArray("queues").stream().map(JsonObject.class::cast)
                .filter(q -> q.getString("name").equals("billing")).findFirst().orElseThrow();
        assertThat(billing.getInteger("waiting")).isEqualTo(1);
        assertThat(billing.getInteger("eligibleAgents")).isEqualTo(1);
        assertThat(billing.getInteger("availableAgents")).isZero();
        assertThat(server.get("/v1/agents/alice").json().getString("presence")).isEqualTo("offline");

        alice.goAvailable();
        assertThat(alice.await("offer").getJsonObject("ticket").getString("id")).isEqualTo(id);
        assertThat(server.get("/v1/agents/alice").json().getJsonObject("load").getInteger("chat")).isEqualTo(1);
    }

    @Test
    void intake_minimalTicketWithoutTypeOrLanguage_routedToDefaultQueue() {
        TestServer.Reply reply = server.send("POST", "/v1/tickets",
                "{\"channel\":\"web\",\"customer\":{\"id\":\"min-1\"}}");
        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().getString("queue")).isEqualTo("general");
        assertThat(reply.json().getString("priority")).isEqualTo("normal");
        assertThat(reply.json().getJsonObject("customer").getString("tier")).isEqualTo("standard");
    }

    @Test
    void reject_otherAgentFree_ticketGoesToOtherAgentNotBack() {
        server.putAgent("bob", "support", new JsonObject().put("billing", 2), new JsonObject().put("chat", 1));
        AgentClient bob = server.connect("bob");
        bob.await("welcome");
        alice.goAvailable();
        String id = server.createTicket(TestServer.ticket("chat", "billing", "cust-3")).getString("id");
        JsonObject offer = alice.await("offer");
        // bob is free when alice rejects (were nobody else free, her exclusion would yield and she would get it back)
        bob.goAvailable();
        alice.send(new JsonObject().put("type", "reject").put("offerId", offer.getString("offerId"))
                .put("reason", "not my area"));
        assertThat(bob.await("offer").getJsonObject("ticket").getString("id")).isEqualTo(id);
        List<String> types = server.get("/v1/tickets/" + id + "/timeline").json().getJsonArray("timeline").stream()
                .map(e -> ((JsonObject) e).getString("type")).toList();
        assertThat(types).contains("offer_withdrawn");
        bob.close();
    }

    @Test
    void transfer_toTechnicalQueue_releasesAgentAndRoutesToSpecialist() {
        server.putAgent("chen", "technical", new JsonObject().put("technical", 5), new JsonObject().put("chat", 2));
        AgentClient chen = server.connect("chen");
        chen.await("welcome");
        chen.goAvailable();
        alice.goAvailable();
        String id = server.createTicket(TestServer.ticket("chat", "billing", "cust-4")).getString("id");
        alice.send(new JsonObject().put("type", "accept").put("offerId", alice.await("offer").getString("offerId")));
        alice.await("assigned");

        JsonObject moved = server.post("/v1/tickets/" + id + "/transfer",
                new JsonObject().put("queue", "technical").put("reason", "it is a crash")).json();
        assertThat(moved.getString("queue")).isEqualTo("technical");
        assertThat(alice.await("ticket_updated").getJsonObject("ticket").getString("queue")).isEqualTo("technical");
        assertThat(chen.await("offer").getJsonObject("ticket").getString("id")).isEqualTo(id);
        assertThat(server.get("/v1/agents/alice").json().getJsonArray("tickets")).isEmpty();
        chen.close();
    }

    @Test
    void list_withFiltersAndCursor_pagesThroughMatchingTickets() {
        for (int i = 0; i < 5; i++) {
            server.createTicket(TestServer.ticket("email", "billing", "list-" + i));
        }
        server.createTicket(TestServer.ticket("email", "technical", "list-x"));
        JsonObject first = server.get("/v1/tickets?queue=billing&limit=2").json();
        assertThat(first.getJsonArray("tickets")).hasSize(2);
        String cursor = first.getString("nextCursor");
        assertThat(cursor).isNotNull();
        JsonObject second = server.get("/v1/tickets?queue=billing&limit=2&cursor=" + cursor).json();
        JsonObject third = server.get("/v1/tickets?queue=billing&limit=2&cursor=" + second.getString("nextCursor"))
                .json();
        assertThat(third.getJsonArray("tickets")).hasSize(1);
        assertThat(third.getValue("nextCursor")).isNull();
        assertThat(server.get("/v1/tickets?status=queued&queue=technical").json().getJsonArray("tickets")).hasSize(1);
    }

    @Test
    void reopen_resolvedTicket_goesBackToItsLastAgentFirst() {
        alice.goAvailable();
        String id = server.createTicket(TestServer.ticket("chat", "billing", "cust-5")).getString("id");
        alice.send(new JsonObject().put("type", "accept").put("offerId", alice.await("offer").getString("offerId")));
        alice.await("assigned");
        server.post("/v1/tickets/" + id + "/resolve", new JsonObject());
        JsonObject reopened = server.post("/v1/tickets/" + id + "/reopen",
                new JsonObject().put("reason", "customer wrote back")).json();
        assertThat(reopened.getString("status")).isIn("queued", "offered");
        assertThat(alice.await("offer").getJsonObject("ticket").getString("id")).isEqualTo(id);
    }

    @Test
    void returningCustomer_previousAgentAvailable_getsTheFirstOffer() {
        server.putAgent("bob", "support", new JsonObject().put("billing", 2), new JsonObject().put("chat", 3));
        AgentClient bob = server.connect("bob");
        bob.await("welcome");
        alice.goAvailable();
        String first = server.createTicket(TestServer.ticket("chat", "billing", "loyal")).getString("id");
        alice.send(new JsonObject().put("type", "accept").put("offerId", alice.await("offer").getString("offerId")));
        alice.await("assigned");
        bob.goAvailable();
        // bob now has the lower load, but the returning customer's agent gets first refusal.
        String second = server.createTicket(TestServer.ticket("chat", "billing", "loyal")).getString("id");
        JsonObject offer = alice.await("offer");
        assertThat(offer.getJsonObject("ticket").getString("id")).isEqualTo(second).isNotEqualTo(first);
        bob.close();
    }
}

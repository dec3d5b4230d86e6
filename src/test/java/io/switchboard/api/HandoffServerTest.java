package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.Role;
import io.switchboard.api.handoff.Fixtures;
import io.switchboard.app.DurabilitySettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four handoff routes on a real server: each platform's documented payload opens a ticket that
 * carries the conversation (GET, timeline, the agent's offer on a real WebSocket), a retry answers
 * the same ticket also after a restart on the file journal, and bad payloads change nothing.
 */
@ExtendWith(VertxExtension.class)
class HandoffServerTest {
    private static final Map<String, String> ROUTES = Map.of(
            "dialogflow-cx", Fixtures.DIALOGFLOW,
            "botframework", Fixtures.BOT_FRAMEWORK,
            "rasa", Fixtures.RASA,
            "chatwoot", Fixtures.CHATWOOT);

    @TempDir
    Path dir;

    @Test
    void handoff_eachPlatformsPayload_opensATicketWithTheConversationVisibleToItsIntegration(Vertx vertx) {
        TestServer server = TestServer.start(vertx);
        String bot = server.bearer("helpbot", Role.INTEGRATION);
        for (Map.Entry<String, String> route : ROUTES.entrySet()) {
            TestServer.Reply reply = server.send("POST", "/v1/handoff/" + route.getKey(),
                    Fixtures.text(route.getValue()), "Authorization", bot);

            assertThat(reply.status()).as(route.getKey() + ": " + reply.body()).isEqualTo(200);
            String location = reply.header("Location");
            assertThat(location).startsWith("/v1/tickets/tkt_");
            JsonObject ticket = server.send("GET", location, null, "Authorization", bot).json();
            JsonObject handoff = ticket.getJsonObject("handoff");
            assertThat(handoff.getString("platform")).isEqualTo(route.getKey());
            assertThat(handoff.getString("integration")).isEqualTo("integration:helpbot");
            assertThat(handoff.getJsonArray("transcript")).as(route.getKey()).isNotEmpty();
            assertThat(ticket.getJsonArray("tags").getList()).contains("handoff", route.getKey());
        }
        TestServer.Reply botFramework = server.send("GET", "/v1/tickets?limit=10", null, "Authorization", bot);
        assertThat(botFramework.json().getJsonArray("tickets")).hasSize(ROUTES.size());
    }

    @Test
    void handoff_botFramework_transcriptKeepsOriginalTimesAndSpeakersInTicketAndTimeline(Vertx vertx) {
        TestServer server = TestServer.start(vertx);
        TestServer.Reply reply = server.send("POST", "/v1/handoff/botframework", Fixtures.text(Fixtures.BOT_FRAMEWORK));
        String id = reply.json().getJsonObject("channelData").getString("switchboardTicketId");
        assertThat(reply.json().getString("name")).isEqualTo("handoff.status");

        JsonObject ticket = server.get("/v1/tickets/" + id).json();
        JsonArray transcript = ticket.getJsonObject("handoff").getJsonArray("transcript");
        assertThat(transcript.getJsonObject(1).getMap()).containsEntry("at", "2026-12-06T09:13:58.500Z")
                .containsEntry("speaker", "customer").containsEntry("name", "Jordan Park")
                .containsEntry("text", "There is a charge on my credit card I don't recognise");
        assertThat(ticket.getJsonObject("handoff").getString("conversationId")).isEqualTo("Fq8ZkB3pXyT9Lc2R-eu|0000002");
        assertThat(ticket.getJsonObject("fields").getString("Skill")).isEqualTo("credit cards");
        assertThat(ticket.getString("priority")).isEqualTo("high");

        JsonArray timeline = server.get("/v1/tickets/" + id + "/timeline").json().getJsonArray("timeline");
        JsonObject received = timeline.stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("type").equals("handoff_received")).findFirst().orElseThrow();
        assertThat(received.getString("reason")).isEqualTo("bot_handoff");
        assertThat(received.getJsonObject("details").getJsonObject("handoff").getJsonArray("transcript"))
                .isEqualTo(transcript);
    }

    @Test
    void handoff_offer_showsTheTranscriptToTheAgentOnARealWebSocket(Vertx vertx) {
        TestServer server = TestServer.start(vertx);
        server.putAgent("alice", "support", new JsonObject().put("general", 3), new JsonObject().put("chat", 5));
        AgentClient alice = server.connect("alice");
        alice.await("welcome");
        alice.goAvailable();

        TestServer.Reply reply = server.send("POST", "/v1/handoff/dialogflow-cx", Fixtures.text(Fixtures.DIALOGFLOW));
        String id = reply.json().getJsonObject("sessionInfo").getJsonObject("parameters").getString("switchboard_ticket_id");

        JsonObject offer = alice.await("offer");
        assertThat(offer.getJsonObject("ticket").getString("id")).isEqualTo(id);
        JsonObject handoff = offer.getJsonObject("ticket").getJsonObject("handoff");
        assertThat(handoff.getString("intent")).isEqualTo("order.late");
        assertThat(handoff.getString("reason")).isEqualTo("customer asked for a person");
        assertThat(handoff.getJsonArray("transcript").getJsonObject(0).getMap()).containsEntry("speaker", "customer")
                .containsEntry("text", "my order A-10023 is three days late, I want to talk to a person")
                .containsEntry("at", null);
        assertThat(offer.getJsonObject("ticket").getJsonObject("fields").getString("order_number")).isEqualTo("A-10023");
        alice.close();
    }

    @Test
    void handoff_retriedAlsoAfterARestartOnTheFileJournal_answersTheSameTicket() {
        DurabilitySettings durability = DurabilitySettings.file(dir);
        Vertx first = Vertx.vertx();
        String id;
        try {
            TestServer server = TestServer.start(first, TestServer.CONFIG, durability);
            id = ticketOf(server.send("POST", "/v1/handoff/dialogflow-cx", Fixtures.text(Fixtures.DIALOGFLOW)));
            // Dialogflow retries; the bot may also hand the same session over again with a longer turn
            JsonObject longer = Fixtures.json(Fixtures.DIALOGFLOW).put("detectIntentResponseId", "another-turn")
                    .put("text", "hello? anyone?");
            assertThat(ticketOf(server.send("POST", "/v1/handoff/dialogflow-cx", longer.encode()))).isEqualTo(id);
            assertThat(ticketOf(server.send("POST", "/v1/handoff/dialogflow-cx", Fixtures.text(Fixtures.DIALOGFLOW))))
                    .isEqualTo(id);
        } finally {
            TestServer.await(first.close());
        }
        Vertx second = Vertx.vertx();
        try {
            TestServer restarted = TestServer.start(second, TestServer.CONFIG, durability);
            assertThat(ticketOf(restarted.send("POST", "/v1/handoff/dialogflow-cx", Fixtures.text(Fixtures.DIALOGFLOW))))
                    .as("the conversation key came back with the journal").isEqualTo(id);
            assertThat(restarted.get("/v1/tickets?limit=10").json().getJsonArray("tickets")).hasSize(1);
            JsonObject ticket = restarted.get("/v1/tickets/" + id).json();
            assertThat(ticket.getJsonObject("handoff").getJsonArray("transcript").getJsonObject(0).getString("text"))
                    .as("the first handoff's transcript, kept").isEqualTo(
                            "my order A-10023 is three days late, I want to talk to a person");
            JsonObject otherSession = Fixtures.json(Fixtures.DIALOGFLOW);
            otherSession.getJsonObject("sessionInfo").put("session", "projects/p/locations/l/agents/a/sessions/other");
            assertThat(ticketOf(restarted.send("POST", "/v1/handoff/dialogflow-cx", otherSession.encode())))
                    .isNotEqualTo(id);
        } finally {
            TestServer.await(second.close());
        }
    }

    @Test
    void handoff_ofAnArchivedTicket_keepsItsConversation_andTheSameSessionOpensANewTicket() {
        Vertx vertx = Vertx.vertx();
        try {
            TestServer server = TestServer.start(vertx, TestServer.CONFIG + "retention:\n  archiveAfter: 0s\n",
                    DurabilitySettings.file(dir));
            server.putAgent("alice", "support", new JsonObject().put("general", 3), new JsonObject().put("chat", 5));
            AgentClient alice = server.connect("alice");
            alice.await("welcome");
            alice.goAvailable();
            String id = ticketOf(server.send("POST", "/v1/handoff/dialogflow-cx", Fixtures.text(Fixtures.DIALOGFLOW)));
            JsonObject offer = alice.await("offer");
            alice.replyTo(alice.send(new JsonObject().put("type", "accept").put("offerId", offer.getString("offerId"))));
            server.post("/v1/tickets/" + id + "/reply", new JsonObject().put("message", "It ships today"));
            server.post("/v1/tickets/" + id + "/resolve", new JsonObject());
            JsonObject closed = server.post("/v1/tickets/" + id + "/close", new JsonObject()).json();
            assertThat(closed.getJsonObject("handoff")).isNotNull();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (server.send("PATCH", "/v1/tickets/" + id, new JsonObject().put("priority", "high").encode())
                    .status() != 404) {
                assertThat(System.nanoTime()).as("archived in time").isLessThan(deadline);
                Thread.sleep(20);
            }

            assertThat(server.get("/v1/tickets/" + id).json()).as("read back from the history store").isEqualTo(closed);
            String again = ticketOf(server.send("POST", "/v1/handoff/dialogflow-cx", Fixtures.text(Fixtures.DIALOGFLOW)));
            assertThat(again).as("the conversation came back after its ticket was archived").isNotEqualTo(id);
            alice.close();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        } finally {
            TestServer.await(vertx.close());
        }
    }

    @Test
    void handoff_sameConversationFromAnotherIntegration_isAnotherTicket(Vertx vertx) {
        TestServer server = TestServer.start(vertx);
        String a = ticketOf(server.send("POST", "/v1/handoff/dialogflow-cx", Fixtures.text(Fixtures.DIALOGFLOW),
                "Authorization", server.bearer("bot-a", Role.INTEGRATION)));
        String b = ticketOf(server.send("POST", "/v1/handoff/dialogflow-cx", Fixtures.text(Fixtures.DIALOGFLOW),
                "Authorization", server.bearer("bot-b", Role.INTEGRATION)));

        assertThat(a).as("keys are per caller: one integration can neither collide with nor see another's").isNotEqualTo(b);
    }

    @Test
    void badPayloads_get422NamingTheMembers_andChangeNothing(Vertx vertx) {
        TestServer server = TestServer.start(vertx);
        for (Map.Entry<String, String> route : ROUTES.entrySet()) {
            // another platform's payload at this route
            String foreign = route.getKey().equals("rasa") ? Fixtures.DIALOGFLOW : Fixtures.RASA;
            TestServer.Reply reply = server.send("POST", "/v1/handoff/" + route.getKey(), Fixtures.text(foreign));

            assertThat(reply.status()).as(route.getKey() + ": " + reply.body()).isEqualTo(422);
            assertThat(reply.contentType()).startsWith("application/problem+json");
            JsonObject problem = reply.json();
            assertThat(problem.getString("type")).isEqualTo("https://switchboard.dev/problems/invalid-handoff-payload");
            assertThat(problem.getJsonArray("errors")).isNotEmpty();
            assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("pointer")).startsWith("/");
        }
        JsonObject wrongType = Fixtures.json(Fixtures.BOT_FRAMEWORK).put("conversation", "Fq8Z");
        TestServer.Reply reply = server.post("/v1/handoff/botframework", wrongType);
        assertThat(reply.status()).isEqualTo(422);
        assertThat(pointers(reply)).containsExactly("/conversation");

        assertThat(server.post("/v1/handoff/rasa", new JsonObject().put("sender_id", "x")
                .put("events", new JsonArray(List.of(new JsonObject().put("event", "user").put("text", "a".repeat(70_000))))))
                .status()).as("a body over server.maxBodyBytes").isEqualTo(413);
        assertThat(server.send("POST", "/v1/handoff/rasa", "[1, 2]").status()).isEqualTo(400);
        assertThat(server.send("POST", "/v1/handoff/rasa", "{", "Content-Type", "application/json").status())
                .isEqualTo(400);
        assertThat(server.get("/v1/tickets?limit=10").json().getJsonArray("tickets")).isEmpty();
        assertThat(server.get("/health/ready").status()).isEqualTo(200);
    }

    @Test
    void engineRejection_isNamedAtThePlatformsPointer(Vertx vertx) {
        TestServer server = TestServer.start(vertx);
        server.putAgent("alice", "support", new JsonObject().put("general", 3), new JsonObject().put("chat", 5));

        TestServer.Reply reply = server.send("POST", "/v1/handoff/rasa", Fixtures.text(Fixtures.RASA));

        assertThat(reply.status()).as(reply.body()).isEqualTo(422);
        assertThat(pointers(reply)).as("nobody speaks pt-BR; the slot that said so is named").containsExactly(
                "/slots/language");
        assertThat(server.get("/v1/tickets?limit=10").json().getJsonArray("tickets")).isEmpty();
    }

    @Test
    void chatwoot_botsOwnMessage_isAcknowledgedAndIgnored(Vertx vertx) {
        TestServer server = TestServer.start(vertx);

        TestServer.Reply reply = server.send("POST", "/v1/handoff/chatwoot", Fixtures.text(Fixtures.CHATWOOT_BOT_PENDING));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().getString("ignored")).contains("pending");
        assertThat(server.get("/v1/tickets?limit=10").json().getJsonArray("tickets")).isEmpty();
    }

    @Test
    void handoff_agentsMayNotHandOver_andTheBotRelaysTheCustomersNextMessageToTheTicket(Vertx vertx) {
        TestServer server = TestServer.start(vertx);
        assertThat(server.send("POST", "/v1/handoff/chatwoot", Fixtures.text(Fixtures.CHATWOOT), "Authorization",
                server.bearer("alice", Role.AGENT)).status()).isEqualTo(403);
        String bot = server.bearer("chatwoot", Role.INTEGRATION);
        TestServer.Reply first = server.send("POST", "/v1/handoff/chatwoot", Fixtures.text(Fixtures.CHATWOOT),
                "Authorization", bot);
        String id = first.json().getString("ticketId");
        assertThat(first.json().getBoolean("created")).isTrue();

        TestServer.Reply relayed = server.send("POST", "/v1/tickets/" + id + "/messages",
                new JsonObject().put("message", "any news?").encode(), "Authorization", bot);
        TestServer.Reply again = server.send("POST", "/v1/handoff/chatwoot", Fixtures.text(Fixtures.CHATWOOT),
                "Authorization", bot);

        assertThat(relayed.status()).as(relayed.body()).isEqualTo(200);
        assertThat(again.json().getString("ticketId")).isEqualTo(id);
        assertThat(again.json().getBoolean("created")).isFalse();
    }

    private static String ticketOf(TestServer.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.header("Location").substring("/v1/tickets/".length());
    }

    private static List<String> pointers(TestServer.Reply reply) {
        return reply.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("pointer")).toList();
    }
}

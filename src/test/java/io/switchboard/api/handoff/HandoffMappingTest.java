package io.switchboard.api.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Handoff;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.TicketDraft;
import io.switchboard.engine.Rejection.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each platform's payload, from its published documentation, mapped onto a ticket; bad payloads named by pointer. */
class HandoffMappingTest {
    private static final String BOT = "key:bot";
    private final HandoffPlatform dialogflow = new DialogflowCx();
    private final HandoffPlatform botFramework = new BotFramework();
    private final HandoffPlatform rasa = new Rasa();
    private final HandoffPlatform chatwoot = new Chatwoot();

    @Test
    void dialogflowCx_webhookRequest_mapsSessionCustomerIntentParametersAndTurn() {
        HandoffRequest r = mapped(dialogflow, Fixtures.json(Fixtures.DIALOGFLOW));

        TicketDraft d = r.draft();
        assertThat(d.customer().id()).isEqualTo("c-4711");
        assertThat(d.customer().name()).isEqualTo("Mei Lin");
        assertThat(d.customer().tier()).isEqualTo(CustomerTier.VIP);
        assertThat(d.priority()).as("sentiment -0.6 without a priority hint").isEqualTo(Priority.HIGH);
        assertThat(d.channel()).isEqualTo(Channel.CHAT);
        assertThat(d.language()).isEqualTo("en");
        assertThat(d.type()).isEqualTo("order.late");
        assertThat(d.fields()).containsEntry("order_number", "A-10023").containsEntry("days_late", "3")
                .doesNotContainKeys("customer_id", "customer_name", "customer_tier", "handoff_reason");
        assertThat(d.tags()).contains("handoff", "dialogflow-cx");
        assertThat(d.description()).isEqualTo("my order A-10023 is three days late, I want to talk to a person");
        Handoff h = r.handoff();
        assertThat(h.platform()).isEqualTo("dialogflow-cx");
        assertThat(h.conversationId()).isEqualTo(
                "projects/acme-shop/locations/global/agents/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b/sessions/web-7f3a21c9");
        assertThat(h.integration()).isEqualTo(BOT);
        assertThat(h.reference()).containsEntry("sessionId", "web-7f3a21c9").containsEntry("tag", "handoff")
                .containsEntry("detectIntentResponseId", "5b7a9d2e-4c1f-4f0e-9a51-8c2d3e4f5a6b");
        assertThat(h.intent()).isEqualTo("order.late");
        assertThat(h.reason()).isEqualTo("customer asked for a person");
        assertThat(h.transcript()).containsExactly(
                new Handoff.Line(0, Handoff.CUSTOMER, null, "my order A-10023 is three days late, I want to talk to a person"),
                new Handoff.Line(0, Handoff.BOT, null, "I'm sorry your order is late. Let me get a colleague for you."));
    }

    @Test
    void dialogflowCx_noCustomerParameter_usesTheSessionIdAndTheTagAsReason() {
        JsonObject body = Fixtures.json(Fixtures.DIALOGFLOW);
        JsonObject params = body.getJsonObject("sessionInfo").getJsonObject("parameters");
        params.remove("customer_id");
        params.remove("handoff_reason");
        params.put("priority", "low");

        HandoffRequest r = mapped(dialogflow, body);

        assertThat(r.draft().customer().id()).isEqualTo("web-7f3a21c9");
        assertThat(r.handoff().reason()).isEqualTo("handoff");
        assertThat(r.draft().priority()).as("a priority hint wins over sentiment").isEqualTo(Priority.LOW);
        assertThat(r.payloadPointer("/customer/id")).isEqualTo("/sessionInfo/session");
    }

    @Test
    void dialogflowCx_answer_isAWebhookResponseWithLiveAgentHandoffAndTheTicketInSessionParameters() {
        HandoffRequest r = mapped(dialogflow, Fixtures.json(Fixtures.DIALOGFLOW));

        JsonObject answer = dialogflow.answer(r, TicketViews.queued("tkt_7", r), true);

        JsonArray messages = answer.getJsonObject("fulfillmentResponse").getJsonArray("messages");
        assertThat(messages.getJsonObject(0).getJsonObject("text").getJsonArray("text").getString(0)).contains("tkt_7");
        assertThat(messages.getJsonObject(1).getJsonObject("liveAgentHandoff").getJsonObject("metadata")
                .getString("switchboardTicketId")).isEqualTo("tkt_7");
        assertThat(answer.getJsonObject("fulfillmentResponse").getString("mergeBehavior")).isEqualTo("APPEND");
        assertThat(answer.getJsonObject("sessionInfo").getJsonObject("parameters").getMap())
                .containsEntry("switchboard_ticket_id", "tkt_7").containsEntry("switchboard_ticket_status", "queued");
    }

    @Test
    void botFramework_handoffInitiate_mapsFromValueAndTheMisspelledTranscriptAttachment() {
        HandoffRequest r = mapped(botFramework, Fixtures.json(Fixtures.BOT_FRAMEWORK));

        TicketDraft d = r.draft();
        assertThat(d.customer().id()).isEqualTo("dl_8c1f0e");
        assertThat(d.customer().name()).isEqualTo("Jordan Park");
        assertThat(d.priority()).isEqualTo(Priority.HIGH);
        assertThat(d.language()).isEqualTo("en-US");
        assertThat(d.fields()).containsExactly(Map.entry("Skill", "credit cards"));
        Handoff h = r.handoff();
        assertThat(h.conversationId()).isEqualTo("Fq8ZkB3pXyT9Lc2R-eu|0000002");
        assertThat(h.reason()).isEqualTo("dispute over a card charge");
        assertThat(h.reference()).containsEntry("serviceUrl", "https://webchat.botframework.com/")
                .containsEntry("channelId", "webchat").containsEntry("botId", "contoso-helpbot")
                .containsEntry("activityId", "6f2c1d7e-9b3a-4e8f-a1c2-3d4e5f607182");
        assertThat(h.transcript()).as("message activities only, with their times and speakers").containsExactly(
                new Handoff.Line(millis("2026-12-06T09:13:40Z"), Handoff.BOT, "Contoso Help", "Hi! How can I help you today?"),
                new Handoff.Line(millis("2026-12-06T09:13:58.500Z"), Handoff.CUSTOMER, "Jordan Park",
                        "There is a charge on my credit card I don't recognise"),
                new Handoff.Line(millis("2026-12-06T09:14:04.900Z"), Handoff.BOT, "Contoso Help",
                        "I'll connect you with someone from our card team."));
    }

    @Test
    void botFramework_answer_isTheAcceptedHandoffStatusEventForTheConversation() {
        HandoffRequest r = mapped(botFramework, Fixtures.json(Fixtures.BOT_FRAMEWORK));

        JsonObject status = botFramework.answer(r, TicketViews.queued("tkt_9", r), true);

        assertThat(status.getString("type")).isEqualTo("event");
        assertThat(status.getString("name")).isEqualTo("handoff.status");
        assertThat(status.getJsonObject("conversation").getString("id")).isEqualTo("Fq8ZkB3pXyT9Lc2R-eu|0000002");
        assertThat(status.getJsonObject("value").getString("state")).isEqualTo("accepted");
        assertThat(status.getJsonObject("channelData").getString("switchboardTicketId")).isEqualTo("tkt_9");
        assertThat(status.getString("replyToId")).isEqualTo("6f2c1d7e-9b3a-4e8f-a1c2-3d4e5f607182");
    }

    @Test
    void rasa_tracker_mapsSenderSlotsEntitiesAndUserAndBotEvents() {
        HandoffRequest r = mapped(rasa, Fixtures.json(Fixtures.RASA));

        TicketDraft d = r.draft();
        assertThat(d.customer().id()).isEqualTo("4d1b6c5e8a7f4e2b9c0d");
        assertThat(d.customer().name()).isEqualTo("Ana Souza");
        assertThat(d.customer().tier()).isEqualTo(CustomerTier.ENTERPRISE);
        assertThat(d.priority()).isEqualTo(Priority.URGENT);
        assertThat(d.language()).isEqualTo("pt-BR");
        assertThat(d.type()).isEqualTo("billing_dispute");
        assertThat(d.fields()).containsExactly(Map.entry("invoice_number", "INV-2026-0042"));
        Handoff h = r.handoff();
        assertThat(h.conversationId()).isEqualTo("4d1b6c5e8a7f4e2b9c0d");
        assertThat(h.reason()).as("the last action, no handoff_reason slot").isEqualTo("action_handoff_to_human");
        assertThat(h.reference()).containsEntry("inputChannel", "rest");
        assertThat(h.transcript()).containsExactly(
                new Handoff.Line(1796547620500L, Handoff.CUSTOMER, null, "hi"),
                new Handoff.Line(1796547621250L, Handoff.BOT, null, "Hello! How can I help?"),
                new Handoff.Line(1796547660750L, Handoff.CUSTOMER, null,
                        "I was billed twice INV-2026-0042, please get me a human"),
                new Handoff.Line(1796547666810L, Handoff.BOT, null, "Let me connect you to a colleague."));
    }

    @Test
    void rasa_conversationIdOfTheOpenApiSpec_isAcceptedLikeSenderId() {
        JsonObject body = Fixtures.json(Fixtures.RASA);
        body.put("conversation_id", body.remove("sender_id"));

        assertThat(mapped(rasa, body).handoff().conversationId()).isEqualTo("4d1b6c5e8a7f4e2b9c0d");
    }

    @Test
    void rasa_answer_isAnActionServerResponseThatSetsTheTicketSlotAndPauses() {
        HandoffRequest r = mapped(rasa, Fixtures.json(Fixtures.RASA));

        JsonObject answer = rasa.answer(r, TicketViews.queued("tkt_3", r), true);

        assertThat(answer.getJsonArray("events").getJsonObject(0).getMap()).containsEntry("event", "slot")
                .containsEntry("name", "switchboard_ticket_id").containsEntry("value", "tkt_3");
        assertThat(answer.getJsonArray("events").getJsonObject(1).getString("event")).isEqualTo("pause");
        assertThat(answer.getJsonArray("responses").getJsonObject(0).getString("text")).contains("tkt_3");
    }

    @Test
    void chatwoot_incomingMessageInAnOpenConversation_mapsContactLabelsAttributesAndMessages() {
        HandoffRequest r = mapped(chatwoot, Fixtures.json(Fixtures.CHATWOOT));

        TicketDraft d = r.draft();
        assertThat(d.customer().id()).as("the contact's identifier").isEqualTo("cust-0057");
        assertThat(d.customer().name()).isEqualTo("Sam Okafor");
        assertThat(d.priority()).isEqualTo(Priority.HIGH);
        assertThat(d.tags()).as("labels that are names; 'Late Parcel' is not").contains("delivery")
                .doesNotContain("Late Parcel");
        assertThat(d.fields()).containsExactly(Map.entry("tracking_number", "88-1203"));
        Handoff h = r.handoff();
        assertThat(h.conversationId()).isEqualTo("2/482");
        assertThat(h.reference()).containsEntry("accountId", "2").containsEntry("conversationId", "482")
                .containsEntry("inboxId", "3").containsEntry("channel", "Channel::WebWidget");
        assertThat(h.reason()).isEqualTo("parcel not found");
        assertThat(h.transcript()).as("the activity message is left out").containsExactly(
                new Handoff.Line(1796551320000L, Handoff.BOT, null,
                        "I can't find your parcel. I'm handing you over to our team."),
                new Handoff.Line(millis("2026-12-06T10:02:48Z"), Handoff.CUSTOMER, "Sam Okafor",
                        "Still nobody? My parcel 88-1203 never arrived"));
    }

    @Test
    void chatwoot_conversationOpened_takesTheAccountFromTheMessages() {
        HandoffRequest r = mapped(chatwoot, Fixtures.json(Fixtures.CHATWOOT_OPENED));

        assertThat(r.handoff().conversationId()).isEqualTo("2/483");
        assertThat(r.draft().customer().id()).isEqualTo("58");
        assertThat(r.handoff().transcript()).containsExactly(
                new Handoff.Line(1796551500000L, Handoff.CUSTOMER, null, "My card was declined twice"));
    }

    @Test
    void chatwoot_botsOwnMessageInAPendingConversation_isIgnored() {
        assertThat(chatwoot.map(Fixtures.json(Fixtures.CHATWOOT_BOT_PENDING), BOT))
                .isInstanceOf(HandoffMapping.Ignored.class);
        JsonObject privateNote = Fixtures.json(Fixtures.CHATWOOT).put("private", true);
        assertThat(chatwoot.map(privateNote, BOT)).isInstanceOf(HandoffMapping.Ignored.class);
        JsonObject resolved = Fixtures.json(Fixtures.CHATWOOT_OPENED).put("event", "conversation_resolved");
        assertThat(chatwoot.map(resolved, BOT)).isInstanceOf(HandoffMapping.Ignored.class);
    }

    @Test
    void foreignPayloads_atEachRoute_nameTheMissingMembers() {
        assertThat(pointers(dialogflow, Fixtures.json(Fixtures.RASA)))
                .containsExactly("/detectIntentResponseId", "/fulfillmentInfo", "/sessionInfo");
        assertThat(pointers(botFramework, Fixtures.json(Fixtures.DIALOGFLOW)))
                .containsExactly("/type", "/name", "/conversation");
        assertThat(pointers(rasa, Fixtures.json(Fixtures.CHATWOOT))).containsExactly("/sender_id");
        assertThat(pointers(chatwoot, Fixtures.json(Fixtures.BOT_FRAMEWORK))).containsExactly("/event");
        assertThat(pointers(dialogflow, Fixtures.json(Fixtures.BOT_FRAMEWORK)))
                .containsExactly("/detectIntentResponseId", "/fulfillmentInfo", "/sessionInfo");
    }

    @Test
    void wrongTypes_areNamedByPointerIntoThePlatformsPayload() {
        JsonObject df = Fixtures.json(Fixtures.DIALOGFLOW);
        df.getJsonObject("sessionInfo").put("session", 42);
        assertThat(pointers(dialogflow, df)).containsExactly("/sessionInfo/session");

        JsonObject df2 = Fixtures.json(Fixtures.DIALOGFLOW);
        df2.put("languageCode", "english please");
        df2.getJsonObject("sessionInfo").getJsonObject("parameters").put("priority", "asap");
        df2.getJsonObject("intentInfo").getJsonObject("parameters").put("days_late", "3");
        assertThat(pointers(dialogflow, df2)).containsExactlyInAnyOrder("/languageCode",
                "/sessionInfo/parameters/priority", "/intentInfo/parameters/days_late");

        JsonObject bf = Fixtures.json(Fixtures.BOT_FRAMEWORK);
        bf.put("name", "handoff.status");
        bf.getJsonArray("attachments").getJsonObject(0).getJsonObject("content").getJsonArray("activities")
                .getJsonObject(1).put("timestamp", "yesterday");
        assertThat(pointers(botFramework, bf)).containsExactly("/name");
        bf.put("name", "handoff.initiate");
        assertThat(pointers(botFramework, bf)).containsExactly("/attachments/0/content/activities/1/timestamp");

        JsonObject rs = Fixtures.json(Fixtures.RASA);
        rs.put("events", "all of them");
        assertThat(pointers(rasa, rs)).containsExactly("/events");
        JsonObject rs2 = Fixtures.json(Fixtures.RASA);
        rs2.getJsonArray("events").getJsonObject(3).put("timestamp", "noon");
        rs2.getJsonObject("slots").put("customer_tier", "gold");
        assertThat(pointers(rasa, rs2)).containsExactlyInAnyOrder("/events/3/timestamp", "/slots/customer_tier");

        JsonObject cw = Fixtures.json(Fixtures.CHATWOOT);
        cw.getJsonObject("conversation").put("id", List.of(482));
        cw.getJsonObject("conversation").getJsonArray("messages").getJsonObject(0).put("message_type", "outgoing");
        assertThat(pointers(chatwoot, cw)).containsExactly("/conversation/id");
        cw.getJsonObject("conversation").put("id", 482);
        assertThat(pointers(chatwoot, cw)).containsExactly("/conversation/messages/0/message_type");
    }

    @Test
    void customerIdThatIsNoId_isRefusedAtItsPointer() {
        JsonObject bf = Fixtures.json(Fixtures.BOT_FRAMEWORK);
        bf.getJsonObject("from").put("id", "has spaces in it");
        assertThat(pointers(botFramework, bf)).containsExactly("/from/id");

        JsonObject bfNoUser = Fixtures.json(Fixtures.BOT_FRAMEWORK);
        bfNoUser.remove("from");
        bfNoUser.remove("attachments");
        assertThat(pointers(botFramework, bfNoUser)).containsExactly("/from/id");
    }

    @Test
    void hugeTranscript_isRefusedNamingTheArray_butALongLineIsCut() {
        JsonObject rs = Fixtures.json(Fixtures.RASA);
        JsonArray events = new JsonArray();
        for (int i = 0; i < Conversation.MAX_LINES + 1; i++) {
            events.add(new JsonObject().put("event", "user").put("timestamp", 1_765_000_000 + i).put("text", "m" + i));
        }
        rs.put("events", events);
        assertThat(pointers(rasa, rs)).containsExactly("/events");

        JsonObject longLine = Fixtures.json(Fixtures.RASA);
        longLine.getJsonArray("events").getJsonObject(3).put("text", "x".repeat(Payload.MAX_TEXT + 10));
        String kept = mapped(rasa, longLine).handoff().transcript().get(0).text();
        assertThat(kept).startsWith("x".repeat(Payload.MAX_TEXT)).endsWith("[truncated by Switchboard, 10 characters]");
    }

    @Test
    void tooManyParameters_isRefusedNamingTheObject() {
        JsonObject df = Fixtures.json(Fixtures.DIALOGFLOW);
        JsonObject params = df.getJsonObject("sessionInfo").getJsonObject("parameters");
        for (int i = 0; i < Conversation.MAX_FIELDS + 1; i++) {
            params.put("p" + i, i);
        }
        assertThat(pointers(dialogflow, df)).containsExactly("/sessionInfo/parameters");
    }

    @Test
    void typeOf_intentDisplayNames_becomeLowerCaseNamesOrNothing() {
        assertThat(Conversation.typeOf("Order Status")).isEqualTo("order_status");
        assertThat(Conversation.typeOf("order.late")).isEqualTo("order.late");
        assertThat(Conversation.typeOf("¿¿")).isNull();
        assertThat(Conversation.typeOf(null)).isNull();
    }

    private static HandoffRequest mapped(HandoffPlatform platform, JsonObject body) {
        HandoffMapping mapping = platform.map(body, BOT);
        assertThat(mapping).as(String.valueOf(mapping)).isInstanceOf(HandoffMapping.Mapped.class);
        return ((HandoffMapping.Mapped) mapping).request();
    }

    private static List<String> pointers(HandoffPlatform platform, JsonObject body) {
        HandoffMapping mapping = platform.map(body, BOT);
        assertThat(mapping).as(String.valueOf(mapping)).isInstanceOf(HandoffMapping.Invalid.class);
        return ((HandoffMapping.Invalid) mapping).errors().stream().map(FieldError::pointer).toList();
    }

    private static long millis(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }
}

package io.switchboard.api.handoff;

import io.switchboard.api.MemberErrors;
import io.switchboard.core.ticket.Handoff;
import io.switchboard.core.ticket.Priority;
import io.switchboard.engine.TicketView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Dialogflow CX: the fulfillment {@code WebhookRequest} (google/cloud/dialogflow/cx/v3/webhook.proto),
 * sent when a page or route whose fulfillment has a webhook with a tag (e.g. {@code handoff}) is
 * reached. The conversation is the session ({@code sessionInfo.session}); the customer is the
 * session parameter {@code customer_id} (or the payload's {@code customer_id}, or the telephony
 * caller id), else the session id. Hints are session parameters: {@code customer_name},
 * {@code priority}, {@code customer_tier}, {@code handoff_reason}; a sentiment score of -0.5 or less
 * without a priority hint makes the ticket {@code high}. Intent parameters (resolved values) and the
 * other session parameters become ticket fields. Dialogflow sends no message times: the lines of
 * the turn (the customer's input, the bot's queued messages) have none.
 *
 * <p>Answer: a {@code WebhookResponse} with a text message and a {@code liveAgentHandoff} message
 * (so Dialogflow counts the conversation as handed off), and the session parameters
 * {@code switchboard_ticket_id} and {@code switchboard_ticket_status}.
 */
final class DialogflowCx implements HandoffPlatform {
    /** Session parameters read as hints, not copied into the ticket's fields. */
    private static final Set<String> HINTS = Set.of("customer_id", "customer_name", "priority", "customer_tier",
            "handoff_reason");

    @Override
    public String name() {
        return "dialogflow-cx";
    }

    @Override
    public HandoffMapping map(JsonObject body, String integration) {
        Payload p = new Payload();
        Conversation c = new Conversation(name(), p);
        String responseId = p.string(body, "detectIntentResponseId", "/detectIntentResponseId", true, 256);
        JsonObject fulfillment = p.object(body, "fulfillmentInfo", "/fulfillmentInfo", true);
        String tag = p.string(fulfillment, "tag", "/fulfillmentInfo/tag", false, 256);
        JsonObject sessionInfo = p.object(body, "sessionInfo", "/sessionInfo", true);
        String session = p.string(sessionInfo, "session", "/sessionInfo/session", sessionInfo != null, 1000);
        if (session != null && !session.contains("/sessions/")) {
            p.error("/sessionInfo/session", "must be a session name projects/.../sessions/<id>");
            session = null;
        }
        if (!p.ok()) {
            return new HandoffMapping.Invalid(p.errors());
        }
        String sessionId = session.substring(session.lastIndexOf("/sessions/") + "/sessions/".length());
        c.conversationId(session);
        c.reference("session", session);
        c.reference("sessionId", sessionId);
        c.reference("detectIntentResponseId", responseId);
        c.reference("tag", tag);
        JsonObject params = p.object(sessionInfo, "parameters", "/sessionInfo/parameters", false);
        JsonObject payload = p.object(body, "payload", "/payload", false);
        customer(p, c, params, payload, sessionId);
        c.language(p.string(body, "languageCode", "/languageCode", false, 64), "/languageCode");
        JsonObject intentInfo = p.object(body, "intentInfo", "/intentInfo", false);
        c.intent(p.string(intentInfo, "displayName", "/intentInfo/displayName", false, 500));
        String reason = params == null ? null : p.string(params, "handoff_reason", "/sessionInfo/parameters/handoff_reason",
                false, 500);
        c.reason(reason != null ? reason : tag);
        if (params != null) {
            c.priority(params.getValue("priority"), "/sessionInfo/parameters/priority");
            c.tier(params.getValue("customer_tier"), "/sessionInfo/parameters/customer_tier");
        }
        JsonObject sentiment = p.object(body, "sentimentAnalysisResult", "/sentimentAnalysisResult", false);
        if (sentiment != null && sentiment.getValue("score") instanceof Number score && score.doubleValue() <= -0.5
                && !c.hasPriorityHint()) {
            c.priority(Priority.HIGH.name().toLowerCase(java.util.Locale.ROOT), "/sentimentAnalysisResult/score");
        }
        intentParameters(p, c, intentInfo);
        if (params != null) {
            for (String name : params.fieldNames()) {
                if (!HINTS.contains(name)) {
                    c.parameter(name, params.getValue(name), "/sessionInfo/parameters/" + MemberErrors.escape(name),
                            "/sessionInfo/parameters");
                }
            }
        }
        String input = p.string(body, "text", "/text", false, Integer.MAX_VALUE);
        if (input == null) {
            input = p.string(body, "transcript", "/transcript", false, Integer.MAX_VALUE);
        }
        c.line(0, Handoff.CUSTOMER, null, input);
        messages(p, c, body);
        return c.build(integration, "/sessionInfo/parameters/customer_id", "/messages");
    }

    private static void customer(Payload p, Conversation c, JsonObject params, JsonObject payload, String sessionId) {
        String name = params == null ? null : p.string(params, "customer_name", "/sessionInfo/parameters/customer_name",
                false, 200);
        if (params != null && params.getValue("customer_id") != null) {
            c.customer(p.id(params, "customer_id", "/sessionInfo/parameters/customer_id", true),
                    "/sessionInfo/parameters/customer_id", name);
        } else if (payload != null && payload.getValue("customer_id") != null) {
            c.customer(p.id(payload, "customer_id", "/payload/customer_id", true), "/payload/customer_id", name);
        } else if (payload != null && payload.getValue("telephony") instanceof JsonObject telephony
                && telephony.getValue("caller_id") instanceof String caller) {
            c.customer(caller.replaceAll("[^A-Za-z0-9_.@:-]", ""), "/payload/telephony/caller_id", name);
        } else {
            c.customer(sessionId, "/sessionInfo/session", name);
        }
    }

    private static void intentParameters(Payload p, Conversation c, JsonObject intentInfo) {
        JsonObject parameters = p.object(intentInfo, "parameters", "/intentInfo/parameters", false);
        if (parameters == null) {
            return;
        }
        for (String name : parameters.fieldNames()) {
            String pointer = "/intentInfo/parameters/" + MemberErrors.escape(name);
            JsonObject value = p.object(parameters, name, pointer, true);
            if (value != null) {
                Object resolved = value.getValue("resolvedValue");
                c.parameter(name, resolved != null ? resolved : value.getValue("originalValue"), pointer,
                        "/intentInfo/parameters");
            }
        }
    }

    /** The bot's messages queued in this turn: the text of each {@code text} message. */
    private static void messages(Payload p, Conversation c, JsonObject body) {
        JsonArray messages = p.array(body, "messages", "/messages", Conversation.MAX_LINES);
        for (int i = 0; i < messages.size(); i++) {
            JsonObject message = p.item(messages, i, "/messages/" + i);
            JsonObject text = message == null ? null : p.object(message, "text", "/messages/" + i + "/text", false);
            JsonArray lines = p.array(text, "text", "/messages/" + i + "/text/text", 50);
            for (int j = 0; j < lines.size(); j++) {
                if (lines.getValue(j) instanceof String line) {
                    c.line(0, Handoff.BOT, null, line);
                } else {
                    p.error("/messages/" + i + "/text/text/" + j, "must be a string");
                }
            }
        }
    }

    @Override
    public JsonObject answer(HandoffRequest request, TicketView ticket, boolean created) {
        JsonArray messages = new JsonArray()
                .add(new JsonObject().put("text", new JsonObject().put("text", new JsonArray()
                        .add("A person will take over shortly. Your reference is " + ticket.id() + "."))))
                .add(new JsonObject().put("liveAgentHandoff", new JsonObject().put("metadata", new JsonObject()
                        .put("switchboardTicketId", ticket.id()))));
        return new JsonObject()
                .put("fulfillmentResponse", new JsonObject().put("messages", messages).put("mergeBehavior", "APPEND"))
                .put("sessionInfo", new JsonObject().put("parameters", new JsonObject()
                        .put("switchboard_ticket_id", ticket.id())
                        .put("switchboard_ticket_status", ticket.status().wire())));
    }
}

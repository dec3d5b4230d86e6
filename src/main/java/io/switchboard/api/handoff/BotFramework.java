package io.switchboard.api.handoff;

import io.switchboard.api.MemberErrors;
import io.switchboard.core.ticket.Handoff;
import io.switchboard.engine.TicketView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Set;

/**
 * Microsoft Bot Framework: the {@code handoff.initiate} event activity (Bot Service article
 * "Transition conversations from bot to human"; {@code EventFactory.CreateHandoffInitiation} in
 * botbuilder), posted to the agent hub. The conversation is {@code conversation.id}; the customer
 * is {@code from} (the SDK copies the user's {@code from} of the turn), else the first transcript
 * activity whose {@code from.role} is {@code user}. The transcript is the attachment whose content
 * is a Transcript {@code {"activities": [...]}} (matched by content, since the documentation's own
 * sample misspells the name {@code Trasnscript}); its {@code message} activities become lines with
 * their {@code timestamp}s. A transcript given only by {@code contentUrl} is recorded as a
 * reference, never fetched. {@code value}, the hub-specific context, gives hints ({@code priority},
 * {@code tier}, {@code reason}, {@code intent}) and the rest (e.g. {@code Skill}) becomes ticket fields.
 *
 * <p>Answer: 200 with the {@code handoff.status} event activity {@code {state: "accepted"}} the hub
 * owes the bot, for the same conversation (the ticket id in {@code channelData.switchboardTicketId}).
 */
final class BotFramework implements HandoffPlatform {
    private static final Set<String> HINTS = Set.of("priority", "tier", "reason", "intent");

    @Override
    public String name() {
        return "botframework";
    }

    @Override
    public HandoffMapping map(JsonObject body, String integration) {
        Payload p = new Payload();
        Conversation c = new Conversation(name(), p);
        String type = p.string(body, "type", "/type", true, 64);
        if (type != null && !type.equals("event")) {
            p.error("/type", "must be \"event\" (a handoff.initiate event activity)");
        }
        String name = p.string(body, "name", "/name", true, 128);
        if (name != null && !name.equals("handoff.initiate")) {
            p.error("/name", "must be \"handoff.initiate\"");
        }
        JsonObject conversation = p.object(body, "conversation", "/conversation", true);
        String conversationId = p.string(conversation, "id", "/conversation/id", conversation != null, 1000);
        if (!p.ok()) {
            return new HandoffMapping.Invalid(p.errors());
        }
        c.conversationId(conversationId);
        c.reference("channelId", p.string(body, "channelId", "/channelId", false, 256));
        c.reference("serviceUrl", p.string(body, "serviceUrl", "/serviceUrl", false, 1000));
        c.reference("activityId", p.string(body, "id", "/id", false, 256));
        c.reference("replyToId", p.string(body, "replyToId", "/replyToId", false, 256));
        JsonObject recipient = p.object(body, "recipient", "/recipient", false);
        c.reference("botId", p.string(recipient, "id", "/recipient/id", false, 256));
        c.language(p.string(body, "locale", "/locale", false, 64), "/locale");
        JsonObject from = p.object(body, "from", "/from", false);
        String fromRole = p.string(from, "role", "/from/role", false, 64);
        if (from != null && !"bot".equals(fromRole) && from.getValue("id") != null) {
            c.customer(p.string(from, "id", "/from/id", true, 256), "/from/id",
                    p.string(from, "name", "/from/name", false, 200));
        }
        value(p, c, body);
        transcript(p, c, body);
        return c.build(integration, "/from/id", "/attachments");
    }

    private static void value(Payload p, Conversation c, JsonObject body) {
        Object raw = body.getValue("value");
        if (raw == null) {
            return;
        }
        if (!(raw instanceof JsonObject value)) {
            p.error("/value", "must be an object (the hub-specific handoff context)");
            return;
        }
        c.priority(value.getValue("priority"), "/value/priority");
        c.tier(value.getValue("tier"), "/value/tier");
        c.reason(p.string(value, "reason", "/value/reason", false, 500));
        c.intent(p.string(value, "intent", "/value/intent", false, 500));
        for (String key : value.fieldNames()) {
            if (!HINTS.contains(key)) {
                c.parameter(key, value.getValue(key), "/value/" + MemberErrors.escape(key), "/value");
            }
        }
    }

    private void transcript(Payload p, Conversation c, JsonObject body) {
        JsonArray attachments = p.array(body, "attachments", "/attachments", 20);
        for (int i = 0; i < attachments.size(); i++) {
            String pointer = "/attachments/" + i;
            JsonObject attachment = p.item(attachments, i, pointer);
            if (attachment == null) {
                continue;
            }
            String name = p.string(attachment, "name", pointer + "/name", false, 256);
            Object content = attachment.getValue("content");
            if (content instanceof JsonObject transcript && transcript.containsKey("activities")) {
                activities(p, c, transcript, pointer + "/content/activities");
            } else if (name != null && name.toLowerCase(Locale.ROOT).matches("tra[ns]{2}script")) {
                c.reference("transcriptUrl", p.string(attachment, "contentUrl", pointer + "/contentUrl", false, 2000));
            }
        }
    }

    private static void activities(Payload p, Conversation c, JsonObject transcript, String pointer) {
        JsonArray activities = p.array(transcript, "activities", pointer, 5_000);
        for (int i = 0; i < activities.size(); i++) {
            String at = pointer + "/" + i;
            JsonObject activity = p.item(activities, i, at);
            if (activity == null || !"message".equals(activity.getValue("type"))) {
                continue;
            }
            JsonObject from = p.object(activity, "from", at + "/from", false);
            String role = p.string(from, "role", at + "/from/role", false, 64);
            String speakerName = p.string(from, "name", at + "/from/name", false, 200);
            if ("user".equals(role) && !c.hasCustomer()) {
                c.customer(p.string(from, "id", at + "/from/id", true, 256), at + "/from/id", speakerName);
            }
            String speaker = "user".equals(role) ? Handoff.CUSTOMER : Handoff.BOT;
            long time = p.instant(activity, "timestamp", at + "/timestamp");
            c.line(time, speaker, speakerName, p.string(activity, "text", at + "/text", false, Integer.MAX_VALUE));
        }
    }

    @Override
    public JsonObject answer(HandoffRequest request, TicketView ticket, boolean created) {
        JsonObject activity = new JsonObject()
                .put("type", "event")
                .put("name", "handoff.status")
                .put("conversation", new JsonObject().put("id", request.handoff().conversationId()))
                .put("value", new JsonObject().put("state", "accepted")
                        .put("message", "Switchboard ticket " + ticket.id() + " is " + ticket.status().wire()))
                .put("channelData", new JsonObject().put("switchboardTicketId", ticket.id()));
        String replyTo = request.handoff().reference().get("activityId");
        if (replyTo != null) {
            activity.put("replyToId", replyTo);
        }
        return activity;
    }
}

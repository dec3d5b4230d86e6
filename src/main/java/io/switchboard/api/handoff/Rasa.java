package io.switchboard.api.handoff;

import io.switchboard.api.MemberErrors;
import io.switchboard.core.ticket.Handoff;
import io.switchboard.engine.TicketView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Rasa: the conversation tracker ({@code tracker.current_state()}, as {@code GET
 * /conversations/{id}/tracker} returns it), posted by the bot's handoff custom action. Rasa has no
 * handoff protocol of its own; its fallback-and-handoff guide has a custom action pass the tracker
 * on and pause the conversation. The conversation is {@code sender_id} (the code's name) or
 * {@code conversation_id} (the OpenAPI spec's); the customer is the slot {@code customer_id}, else
 * the sender. {@code user} events become customer lines and {@code bot} events bot lines, with their
 * timestamps (seconds); other events are left out, the last action's name serving as the reason
 * when the slot {@code handoff_reason} is not set. The intent is {@code latest_message.intent.name};
 * its entities and the other set slots become ticket fields; slots {@code customer_name},
 * {@code priority}, {@code customer_tier} and {@code language} are hints.
 *
 * <p>Answer: an action server response ({@code {"events": [...], "responses": [...]}}) the custom
 * action can return as it is: the slot {@code switchboard_ticket_id}, a {@code pause} event (the
 * bot stays out while people handle the conversation) and a message for the customer.
 */
final class Rasa implements HandoffPlatform {
    private static final Set<String> HINTS = Set.of("customer_id", "customer_name", "priority", "customer_tier",
            "language", "handoff_reason");

    @Override
    public String name() {
        return "rasa";
    }

    @Override
    public HandoffMapping map(JsonObject body, String integration) {
        Payload p = new Payload();
        Conversation c = new Conversation(name(), p);
        String idKey = body.getValue("sender_id") != null || body.getValue("conversation_id") == null ? "sender_id"
                : "conversation_id";
        String sender = p.string(body, idKey, "/" + idKey, true, 1000);
        Object events = body.getValue("events");
        if (events != null && !(events instanceof JsonArray)) {
            p.error("/events", "must be an array (or null) of tracker events");
        }
        if (!p.ok()) {
            return new HandoffMapping.Invalid(p.errors());
        }
        c.conversationId(sender);
        c.reference("senderId", sender);
        c.reference("inputChannel", p.string(body, "latest_input_channel", "/latest_input_channel", false, 256));
        JsonObject slots = p.object(body, "slots", "/slots", false);
        String name = slots == null ? null : p.string(slots, "customer_name", "/slots/customer_name", false, 200);
        if (slots != null && slots.getValue("customer_id") != null) {
            c.customer(p.id(slots, "customer_id", "/slots/customer_id", true), "/slots/customer_id", name);
        } else {
            c.customer(sender, "/" + idKey, name);
        }
        if (slots != null) {
            c.priority(slots.getValue("priority"), "/slots/priority");
            c.tier(slots.getValue("customer_tier"), "/slots/customer_tier");
            c.language(p.string(slots, "language", "/slots/language", false, 64), "/slots/language");
        }
        JsonObject latest = p.object(body, "latest_message", "/latest_message", false);
        JsonObject intent = p.object(latest, "intent", "/latest_message/intent", false);
        c.intent(p.string(intent, "name", "/latest_message/intent/name", false, 500));
        JsonArray entities = p.array(latest, "entities", "/latest_message/entities", 100);
        for (int i = 0; i < entities.size(); i++) {
            JsonObject entity = p.item(entities, i, "/latest_message/entities/" + i);
            String entityName = p.string(entity, "entity", "/latest_message/entities/" + i + "/entity", entity != null,
                    64);
            if (entityName != null) {
                c.parameter(entityName, entity.getValue("value"), "/latest_message/entities/" + i + "/value",
                        "/latest_message/entities");
            }
        }
        if (slots != null) {
            for (String slot : slots.fieldNames()) {
                if (!HINTS.contains(slot)) {
                    c.parameter(slot, slots.getValue(slot), "/slots/" + MemberErrors.escape(slot), "/slots");
                }
            }
        }
        String lastAction = events(p, c, events instanceof JsonArray list ? list : new JsonArray());
        String reason = slots == null ? null : p.string(slots, "handoff_reason", "/slots/handoff_reason", false, 500);
        c.reason(reason != null ? reason : lastAction);
        return c.build(integration, "/" + idKey, "/events");
    }

    /** Transcript lines from {@code user} and {@code bot} events; returns the last action's name (nullable). */
    private static String events(Payload p, Conversation c, JsonArray events) {
        if (events.size() > 10_000) {
            p.error("/events", "must have at most 10000 events");
            return null;
        }
        String lastAction = null;
        for (int i = 0; i < events.size(); i++) {
            String pointer = "/events/" + i;
            JsonObject event = p.item(events, i, pointer);
            String kind = p.string(event, "event", pointer + "/event", event != null, 64);
            if (kind == null) {
                continue;
            }
            switch (kind) {
                case "user" -> c.line(p.epochSeconds(event, "timestamp", pointer + "/timestamp"), Handoff.CUSTOMER,
                        null, p.string(event, "text", pointer + "/text", false, Integer.MAX_VALUE));
                case "bot" -> c.line(p.epochSeconds(event, "timestamp", pointer + "/timestamp"), Handoff.BOT, null,
                        p.string(event, "text", pointer + "/text", false, Integer.MAX_VALUE));
                case "action" -> {
                    String action = p.string(event, "name", pointer + "/name", false, 500);
                    if (action != null && !action.equals("action_listen")) {
                        lastAction = action;
                    }
                }
                default -> {
                }
            }
        }
        return lastAction;
    }

    @Override
    public JsonObject answer(HandoffRequest request, TicketView ticket, boolean created) {
        JsonArray events = new JsonArray()
                .add(new JsonObject().put("event", "slot").put("timestamp", null).put("name", "switchboard_ticket_id")
                        .put("value", ticket.id()))
                .add(new JsonObject().put("event", "pause").put("timestamp", null));
        JsonArray responses = new JsonArray().add(new JsonObject()
                .put("text", "A person will take over shortly. Your reference is " + ticket.id() + "."));
        return new JsonObject().put("events", events).put("responses", responses);
    }
}

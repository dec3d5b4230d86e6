package io.switchboard.api.handoff;

import io.switchboard.api.MemberErrors;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Handoff;
import io.switchboard.engine.TicketView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;

/**
 * Chatwoot: the events Chatwoot posts to an agent bot's {@code outgoing_url} or a webhook
 * (docs/product/others/webhook-events.md). A bot hands a conversation over by setting its status to
 * {@code open} (it stays {@code pending} while the bot talks), so a handoff is a
 * {@code conversation_opened} or {@code conversation_status_changed} event whose conversation is
 * {@code open}, or a {@code message_created} event of an incoming, public customer message in an
 * {@code open} conversation. Every other Chatwoot event (the bot's and agents' own messages, private
 * notes, pending conversations, {@code webwidget_triggered}, ...) is acknowledged and ignored; an
 * unknown {@code event} is refused. The conversation is {@code <account id>/<conversation id>} (the
 * conversation id is the per-account display id); the customer is the conversation's contact
 * ({@code meta.sender}: its {@code identifier} when set, else its id). The lines are the
 * conversation's {@code messages} (incoming: customer; outgoing by a user: agent; others: bot;
 * activities and private notes left out) and the created message, with their times. Hints: the
 * conversation's {@code priority}, {@code labels} (as tags) and {@code custom_attributes}
 * ({@code customer_tier}, {@code language}, {@code handoff_reason}; the rest become ticket fields).
 *
 * <p>Answer: 200 with {@code {"ticketId", "status", "created"}} (Chatwoot ignores the body), or
 * {@code {"ignored": reason}}.
 */
final class Chatwoot implements HandoffPlatform {
    private static final Set<String> KNOWN = Set.of("message_created", "message_updated", "conversation_created",
            "conversation_opened", "conversation_resolved", "conversation_status_changed", "conversation_updated",
            "conversation_typing_on", "conversation_typing_off", "contact_created", "contact_updated",
            "webwidget_triggered");
    private static final Set<String> HINTS = Set.of("customer_tier", "language", "handoff_reason");

    @Override
    public String name() {
        return "chatwoot";
    }

    @Override
    public HandoffMapping map(JsonObject body, String integration) {
        Payload p = new Payload();
        String event = p.string(body, "event", "/event", true, 64);
        if (event != null && !KNOWN.contains(event)) {
            p.error("/event", "is not a Chatwoot event; a handoff is message_created, conversation_opened or"
                    + " conversation_status_changed");
        }
        if (!p.ok()) {
            return new HandoffMapping.Invalid(p.errors());
        }
        boolean message = event.equals("message_created");
        if (!message && !event.equals("conversation_opened") && !event.equals("conversation_status_changed")) {
            return new HandoffMapping.Ignored(event + " hands nothing over");
        }
        String at = message ? "/conversation" : "";
        JsonObject conversation = message ? p.object(body, "conversation", "/conversation", true) : body;
        String status = p.string(conversation, "status", at + "/status", conversation != null, 64);
        String id = p.id(conversation, "id", at + "/id", conversation != null);
        String accountId = accountId(p, body, conversation, at);
        if (message) {
            p.string(body, "message_type", "/message_type", true, 64);
            if (body.getValue("private") != null && !(body.getValue("private") instanceof Boolean)) {
                p.error("/private", "must be true or false");
            }
        }
        if (!p.ok()) {
            return new HandoffMapping.Invalid(p.errors());
        }
        if (!"open".equals(status)) {
            return new HandoffMapping.Ignored("the conversation is " + status + ", not open: the bot still has it");
        }
        if (message && (!"incoming".equals(body.getValue("message_type")) || Boolean.TRUE.equals(body.getValue("private")))) {
            return new HandoffMapping.Ignored("only an incoming public customer message hands over");
        }
        Conversation c = new Conversation(name(), p);
        c.conversationId(accountId + "/" + id);
        c.reference("accountId", accountId);
        c.reference("conversationId", id);
        c.reference("inboxId", p.id(conversation, "inbox_id", at + "/inbox_id", false));
        String channel = p.string(conversation, "channel", at + "/channel", false, 128);
        c.reference("channel", channel);
        c.channel("Channel::Email".equals(channel) ? Channel.EMAIL : Channel.CHAT);
        customer(p, c, conversation, at);
        hints(p, c, conversation, at);
        Set<String> seen = new HashSet<>();
        JsonArray messages = p.array(conversation, "messages", at + "/messages", Conversation.MAX_LINES);
        for (int i = 0; i < messages.size(); i++) {
            JsonObject m = p.item(messages, i, at + "/messages/" + i);
            if (m != null && seen.add(String.valueOf(m.getValue("id")))) {
                nestedMessage(p, c, m, at + "/messages/" + i);
            }
        }
        if (message && seen.add(String.valueOf(body.getValue("id")))) {
            JsonObject sender = p.object(body, "sender", "/sender", false);
            c.line(p.instant(body, "created_at", "/created_at"), Handoff.CUSTOMER,
                    p.string(sender, "name", "/sender/name", false, 200),
                    p.string(body, "content", "/content", false, Integer.MAX_VALUE));
        }
        return c.build(integration, at + "/meta/sender/id", at + "/messages");
    }

    private static String accountId(Payload p, JsonObject body, JsonObject conversation, String at) {
        JsonObject account = p.object(body, "account", "/account", false);
        if (account != null) {
            return p.id(account, "id", "/account/id", true);
        }
        if (conversation != null && conversation.getValue("account_id") != null) {
            return p.id(conversation, "account_id", at + "/account_id", true);
        }
        JsonArray messages = conversation == null ? new JsonArray() : p.array(conversation, "messages",
                at + "/messages", Conversation.MAX_LINES);
        if (!messages.isEmpty() && messages.getValue(0) instanceof JsonObject first && first.getValue("account_id") != null) {
            return p.id(first, "account_id", at + "/messages/0/account_id", true);
        }
        p.error("/account/id", "is required: the Chatwoot account (from account.id or messages[].account_id)");
        return null;
    }

    private static void customer(Payload p, Conversation c, JsonObject conversation, String at) {
        JsonObject meta = p.object(conversation, "meta", at + "/meta", false);
        JsonObject sender = p.object(meta, "sender", at + "/meta/sender", false);
        if (sender == null) {
            return;
        }
        String name = p.string(sender, "name", at + "/meta/sender/name", false, 200);
        if (sender.getValue("identifier") != null) {
            c.customer(p.id(sender, "identifier", at + "/meta/sender/identifier", true),
                    at + "/meta/sender/identifier", name);
        } else {
            c.customer(p.id(sender, "id", at + "/meta/sender/id", true), at + "/meta/sender/id", name);
        }
    }

    private static void hints(Payload p, Conversation c, JsonObject conversation, String at) {
        c.priority(conversation.getValue("priority"), at + "/priority");
        JsonArray labels = p.array(conversation, "labels", at + "/labels", 100);
        for (int i = 0; i < labels.size(); i++) {
            if (labels.getValue(i) instanceof String label) {
                c.tag(label);
            }
        }
        JsonObject custom = p.object(conversation, "custom_attributes", at + "/custom_attributes", false);
        if (custom == null) {
            return;
        }
        c.tier(custom.getValue("customer_tier"), at + "/custom_attributes/customer_tier");
        c.language(p.string(custom, "language", at + "/custom_attributes/language", false, 64),
                at + "/custom_attributes/language");
        c.reason(p.string(custom, "handoff_reason", at + "/custom_attributes/handoff_reason", false, 500));
        for (String key : custom.fieldNames()) {
            if (!HINTS.contains(key)) {
                c.parameter(key, custom.getValue(key), at + "/custom_attributes/" + MemberErrors.escape(key),
                        at + "/custom_attributes");
            }
        }
    }

    /** A message of {@code conversation.messages}: numeric {@code message_type}, {@code created_at} in seconds. */
    private static void nestedMessage(Payload p, Conversation c, JsonObject m, String pointer) {
        Object type = m.getValue("message_type");
        if (!(type instanceof Integer kind)) {
            p.error(pointer + "/message_type", "must be 0 (incoming), 1 (outgoing), 2 (activity) or 3 (template)");
            return;
        }
        if (kind == 2 || Boolean.TRUE.equals(m.getValue("private"))) {
            return;
        }
        String speaker = kind == 0 ? Handoff.CUSTOMER : "User".equals(m.getValue("sender_type")) ? Handoff.AGENT
                : Handoff.BOT;
        c.line(p.epochSeconds(m, "created_at", pointer + "/created_at"), speaker, null,
                p.string(m, "content", pointer + "/content", false, Integer.MAX_VALUE));
    }

    @Override
    public JsonObject answer(HandoffRequest request, TicketView ticket, boolean created) {
        return new JsonObject().put("ticketId", ticket.id()).put("status", ticket.status().wire()).put("created", created);
    }
}

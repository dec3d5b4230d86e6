package io.switchboard.hooks;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.TicketEvent;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;

/**
 * Maps journaled domain events to webhook messages (docs/webhooks.md, "Events"), keeping the
 * per-ticket {@link TicketContext} a subscription needs for its filters and payloads up to date.
 *
 * <p>Contract: {@link #track} must see every event in journal order (it learns a ticket at
 * {@code TicketCreated}, follows its queue, forgets it at {@code TicketArchived});
 * {@link #message} returns null for events that are not webhook events. Threading: confined to
 * the owning subscription's context.
 */
final class WebhookPayloads {
    private WebhookPayloads() {
    }

    /**
     * Updates {@code contexts} for {@code event} at journal {@code position}. An archived ticket is
     * only marked ({@code retired}: ticket to archive position): its context is still needed when the
     * journal is read again from a cursor before that position, so the owner drops it once its
     * saved cursor has passed it. Returns the ticket whose context (or retirement) changed, or null:
     * the owner saves only those ({@code <id>.tickets.log}).
     */
    static String track(DomainEvent event, long position, Map<String, TicketContext> contexts,
            Map<String, Long> retired) {
        if (event instanceof DomainEvent.TicketCreated c) {
            String createdBy = c.actor();
            String key = c.idempotencyKey();
            // keys are stored scoped to their caller ("key:bot conv-1"): give the caller's own key back
            if (key != null && key.startsWith(createdBy + " ")) {
                key = key.substring(createdBy.length() + 1);
            } else if (key != null && key.startsWith(createdBy + "\t")) {
                key = null; // a handoff's own key (HandoffRoutes), not one the caller sent: its conversation says it
            }
            contexts.put(c.ticketId(), new TicketContext(c.draft().channel().wire(), c.queue(), createdBy,
                    c.draft().customer().id(), key, c.draft().fields()));
            return c.ticketId();
        } else if (event instanceof DomainEvent.HandoffReceived h) {
            return changed(contexts.computeIfPresent(h.ticketId(), (id, t) -> t.handedOver(h.handoff())), h.ticketId());
        } else if (event instanceof DomainEvent.FieldsSupplied f) {
            return changed(contexts.computeIfPresent(f.ticketId(), (id, t) -> t.filled(chosen(f))), f.ticketId());
        } else if (event instanceof DomainEvent.TicketQueued q) {
            return changed(contexts.computeIfPresent(q.ticketId(), (id, t) -> t.inQueue(q.queue())), q.ticketId());
        } else if (event instanceof DomainEvent.TicketTransferred t && t.toQueue() != null) {
            return changed(contexts.computeIfPresent(t.ticketId(), (id, c) -> c.inQueue(t.toQueue())), t.ticketId());
        } else if (event instanceof DomainEvent.TicketArchived a && contexts.containsKey(a.ticketId())) {
            return retired.putIfAbsent(a.ticketId(), position) == null ? a.ticketId() : null;
        }
        return null;
    }

    private static String changed(TicketContext now, String ticketId) {
        return now == null ? null : ticketId;
    }

    /** The webhook type of {@code event}, or null when it is not one. */
    static String type(DomainEvent event) {
        if (event instanceof DomainEvent.TicketCreated) return "ticket.created";
        if (event instanceof DomainEvent.TicketOffered) return "ticket.offered";
        if (event instanceof DomainEvent.TicketAssigned) return "ticket.assigned";
        if (event instanceof DomainEvent.TicketReplied) return "ticket.replied";
        if (event instanceof DomainEvent.TicketPending) return "ticket.pending";
        if (event instanceof DomainEvent.TicketResolved) return "ticket.resolved";
        if (event instanceof DomainEvent.TicketReopened) return "ticket.reopened";
        if (event instanceof DomainEvent.TicketClosed) return "ticket.closed";
        if (event instanceof DomainEvent.TicketTransferred) return "ticket.transferred";
        if (event instanceof DomainEvent.CustomerMessaged) return "customer.message";
        if (event instanceof DomainEvent.SlaWarning) return "sla.warning";
        if (event instanceof DomainEvent.SlaBreached) return "sla.breach";
        if (event instanceof DomainEvent.SlaEscalated) return "sla.escalation";
        if (event instanceof DomainEvent.CompensationIssued) return "sla.compensation";
        if (event instanceof DomainEvent.AgentPresenceChanged) return "agent.presence";
        if (event instanceof DomainEvent.FieldsRequested) return "ticket.fields_requested";
        if (event instanceof DomainEvent.FieldsSupplied) return "ticket.fields_supplied";
        return null;
    }

    /**
     * The body of the webhook for {@code event} ({@code {"type", "timestamp", "data"}}, the
     * Standard Webhooks payload shape), or null when the event is not a webhook event or is about
     * a ticket whose context is unknown ({@code ticket} null for ticket events).
     */
    static JsonObject body(String type, DomainEvent event, TicketContext ticket) {
        JsonObject data = new JsonObject();
        if (event instanceof TicketEvent t) {
            if (ticket == null) {
                return null;
            }
            data.put("ticketId", t.ticketId()).put("actor", t.actor()).put("reason", t.reason())
                    .put("ticket", ticketJson(ticket));
            details(event, data);
        } else if (event instanceof DomainEvent.AgentPresenceChanged p) {
            data.put("agentId", p.agentId()).put("presence", p.presence().wire()).put("reason", p.reason());
        } else {
            return null;
        }
        return new JsonObject().put("type", type).put("timestamp", Instant.ofEpochMilli(event.at()).toString())
                .put("data", data);
    }

    /**
     * Maps are written in key order: a context's maps iterate in no fixed order (Map.copyOf varies
     * from one JVM run to the next, the saved context is read back from a HashMap), and a message sent
     * again after a restart must be the same bytes under its webhook-id.
     */
    private static JsonObject ticketJson(TicketContext t) {
        return new JsonObject().put("channel", t.channel()).put("queue", t.queue()).put("createdBy", t.createdBy())
                .put("customerId", t.customerId()).put("idempotencyKey", t.idempotencyKey())
                .put("fields", new JsonObject(new java.util.TreeMap<String, Object>(t.fields())))
                .put("conversation", t.conversation() == null ? null
                        : new JsonObject(new java.util.TreeMap<String, Object>(t.conversation())));
    }

    private static void details(DomainEvent event, JsonObject data) {
        if (event instanceof DomainEvent.TicketCreated c) {
            data.put("priority", c.draft().priority().name().toLowerCase(java.util.Locale.ROOT))
                    .put("subject", c.draft().subject()).put("type", c.draft().type());
        } else if (event instanceof DomainEvent.TicketOffered o) {
            data.put("agentId", o.agentId()).put("offerId", o.offerId())
                    .put("expiresAt", Instant.ofEpochMilli(o.expiresAt()).toString());
        } else if (event instanceof DomainEvent.TicketAssigned a) {
            data.put("agentId", a.agentId());
        } else if (event instanceof DomainEvent.TicketReplied r) {
            data.put("message", r.message());
        } else if (event instanceof DomainEvent.CustomerMessaged m) {
            data.put("message", m.message());
        } else if (event instanceof DomainEvent.FieldsRequested f) {
            data.put("fields", new io.vertx.core.json.JsonArray(f.fields()));
        } else if (event instanceof DomainEvent.FieldsSupplied f) {
            data.put("fields", new JsonObject(new java.util.TreeMap<String, Object>(chosen(f))))
                    .put("missing", new io.vertx.core.json.JsonArray(f.missing()));
        } else if (event instanceof DomainEvent.TicketPending p) {
            data.put("status", p.status().wire());
        } else if (event instanceof DomainEvent.TicketTransferred t) {
            data.put("fromQueue", t.fromQueue()).put("toQueue", t.toQueue()).put("team", t.team())
                    .put("tier", t.tier() == null ? null : t.tier().wire());
        } else if (event instanceof DomainEvent.SlaWarning w) {
            data.put("metric", w.metric().wire()).put("threshold", w.threshold())
                    .put("dueAt", Instant.ofEpochMilli(w.dueAt()).toString());
        } else if (event instanceof DomainEvent.SlaBreached b) {
            data.put("metric", b.metric().wire()).put("dueAt", Instant.ofEpochMilli(b.dueAt()).toString());
        } else if (event instanceof DomainEvent.SlaEscalated e) {
            data.put("metric", e.metric().wire()).put("step", e.step()).put("action", e.action().wire())
                    .put("escalatedTo", e.escalatedTo());
        } else if (event instanceof DomainEvent.CompensationIssued c) {
            data.put("level", c.level()).put("amount", c.amount().toPlainString()).put("currency", c.currency())
                    .put("metric", c.metric().wire()).put("overdueMillis", c.overdueMillis());
        }
    }

    /** The values a FieldsSupplied chose, by field. */
    private static Map<String, String> chosen(DomainEvent.FieldsSupplied f) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        for (io.switchboard.core.intake.FieldSource source : f.sources()) {
            if (source.chosen()) {
                values.putIfAbsent(source.field(), source.value());
            }
        }
        return values;
    }
}

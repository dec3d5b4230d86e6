package io.switchboard.hooks;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.TicketEvent;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Maps journaled domain events to webhook messages (docs/webhooks.md, "Events"), keeping the
 * per-ticket {@link TicketContext} a subscription needs for its filters and payloads up to date.
 *
 * <p>Contract: {@link #track} must see every event in journal order (it learns a ticket at
 * {@code TicketCreated}, follows its queue, forgets it at {@code TicketArchived});
 * {@link #body} returns null for events that are not webhook events. Threading: confined to
 * the owning subscription's context.
 */
final class WebhookPayloads {
    /** Jackson's defaults, as {@code JsonObject}'s encoding uses them (the bytes must not change). */
    static final JsonFactory JSON = new JsonFactory();

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
     * Standard Webhooks payload shape) as UTF-8 bytes, or null when the event is not a webhook event
     * or is about a ticket whose context is unknown ({@code ticket} null for ticket events). A
     * generator of its own per call: for tests and rare callers; deliveries go through
     * {@link WebhookBodies}, which keeps one.
     */
    static byte[] body(String type, DomainEvent event, TicketContext ticket) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            if (!write(g, type, event, ticket)) {
                return null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Writes the body of {@link #body} to {@code g} as one root value and returns true, or writes
     * nothing and returns false when the event has none.
     *
     * <p>Streamed, not built as a {@code JsonObject} tree and encoded: the tree (a map per object,
     * the ticket's maps copied into sorted ones, boxed numbers) was most of a body's allocation on
     * the webhooks' thread (BENCHMARKS.md, issue 14). The bytes are the same as the tree's encoding
     * ({@code JsonObject.toBuffer()}, Jackson's UTF-8 generator with its defaults): members in the
     * same order, nulls written, maps in key order, numbers as the tree held them
     * ({@code WebhookPayloadsTest} compares both), so a message sent again after an upgrade is the
     * same bytes under its webhook-id.
     */
    static boolean write(JsonGenerator g, String type, DomainEvent event, TicketContext ticket) throws IOException {
        if (event instanceof TicketEvent t) {
            if (ticket == null) {
                return false;
            }
            head(g, type, event);
            g.writeStringField("ticketId", t.ticketId());
            g.writeStringField("actor", t.actor());
            g.writeStringField("reason", t.reason());
            g.writeFieldName("ticket");
            ticket(g, ticket);
            details(g, event);
        } else if (event instanceof DomainEvent.AgentPresenceChanged p) {
            head(g, type, event);
            g.writeStringField("agentId", p.agentId());
            g.writeStringField("presence", p.presence().wire());
            g.writeStringField("reason", p.reason());
        } else {
            return false;
        }
        g.writeEndObject(); // data
        g.writeEndObject();
        return true;
    }

    /**
     * Writes {@code Instant.ofEpochMilli(millis).toString()} as the string member {@code field},
     * with the text up to the seconds kept for the last second seen: one timestamp per event, and
     * {@code DateTimeFormatter} made a handful of objects and strings for each.
     */
    private static void time(JsonGenerator g, String field, long millis) throws IOException {
        long second = Math.floorDiv(millis, 1000L);
        int fraction = (int) Math.floorMod(millis, 1000L);
        Second cached = lastSecond;
        if (cached == null || cached.epochSecond != second) {
            String full = Instant.ofEpochSecond(second).toString();
            cached = new Second(second, full.substring(0, full.length() - 1));
            lastSecond = cached; // racy, but an entry is immutable: a reader sees one valid entry or another
        }
        String text = cached.text;
        char[] out = new char[text.length() + 5];
        text.getChars(0, text.length(), out, 0);
        int at = text.length();
        if (fraction != 0) { // as Instant.toString: no fraction for a whole second, else three digits
            out[at++] = '.';
            out[at++] = (char) ('0' + fraction / 100);
            out[at++] = (char) ('0' + fraction / 10 % 10);
            out[at++] = (char) ('0' + fraction % 10);
        }
        out[at++] = 'Z';
        g.writeFieldName(field);
        g.writeString(out, 0, at);
    }

    private static Second lastSecond;

    /** One second's text without the zone, e.g. {@code 2026-12-06T12:30:00}. */
    private record Second(long epochSecond, String text) {
    }

    /** Opens the body and its {@code data} member. */
    private static void head(JsonGenerator g, String type, DomainEvent event) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", type);
        time(g, "timestamp", event.at());
        g.writeFieldName("data");
        g.writeStartObject();
    }

    /**
     * Maps are written in key order: a context's maps iterate in no fixed order (Map.copyOf varies
     * from one JVM run to the next, the saved context is read back from a HashMap), and a message sent
     * again after a restart must be the same bytes under its webhook-id.
     */
    private static void ticket(JsonGenerator g, TicketContext t) throws IOException {
        g.writeStartObject();
        contextFields(g, t);
        g.writeEndObject();
    }

    /** A ticket context's fields, into an object already started: the payloads' and the context log's. */
    static void contextFields(JsonGenerator g, TicketContext t) throws IOException {
        g.writeStringField("channel", t.channel());
        g.writeStringField("queue", t.queue());
        g.writeStringField("createdBy", t.createdBy());
        g.writeStringField("customerId", t.customerId());
        g.writeStringField("idempotencyKey", t.idempotencyKey());
        g.writeFieldName("fields");
        sorted(g, t.fields());
        g.writeFieldName("conversation");
        if (t.conversation() == null) {
            g.writeNull();
        } else {
            sorted(g, t.conversation());
        }
    }

    /** {@code map} as an object in key order (no copy for the common one or no entry). */
    private static void sorted(JsonGenerator g, Map<String, String> map) throws IOException {
        g.writeStartObject();
        Iterable<Map.Entry<String, String>> entries = map.size() <= 1 ? map.entrySet()
                : new java.util.TreeMap<>(map).entrySet();
        for (Map.Entry<String, String> e : entries) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    private static void details(JsonGenerator g, DomainEvent event) throws IOException {
        if (event instanceof DomainEvent.TicketCreated c) {
            g.writeStringField("priority", c.draft().priority().name().toLowerCase(java.util.Locale.ROOT));
            g.writeStringField("subject", c.draft().subject());
            g.writeStringField("type", c.draft().type());
        } else if (event instanceof DomainEvent.TicketOffered o) {
            g.writeStringField("agentId", o.agentId());
            g.writeStringField("offerId", o.offerId());
            time(g, "expiresAt", o.expiresAt());
        } else if (event instanceof DomainEvent.TicketAssigned a) {
            g.writeStringField("agentId", a.agentId());
        } else if (event instanceof DomainEvent.TicketReplied r) {
            g.writeStringField("message", r.message());
        } else if (event instanceof DomainEvent.CustomerMessaged m) {
            g.writeStringField("message", m.message());
        } else if (event instanceof DomainEvent.FieldsRequested f) {
            g.writeFieldName("fields");
            strings(g, f.fields());
        } else if (event instanceof DomainEvent.FieldsSupplied f) {
            g.writeFieldName("fields");
            sorted(g, chosen(f));
            g.writeFieldName("missing");
            strings(g, f.missing());
        } else if (event instanceof DomainEvent.TicketPending p) {
            g.writeStringField("status", p.status().wire());
        } else if (event instanceof DomainEvent.TicketTransferred t) {
            g.writeStringField("fromQueue", t.fromQueue());
            g.writeStringField("toQueue", t.toQueue());
            g.writeStringField("team", t.team());
            g.writeStringField("tier", t.tier() == null ? null : t.tier().wire());
        } else if (event instanceof DomainEvent.SlaWarning w) {
            g.writeStringField("metric", w.metric().wire());
            g.writeNumberField("threshold", w.threshold());
            time(g, "dueAt", w.dueAt());
        } else if (event instanceof DomainEvent.SlaBreached b) {
            g.writeStringField("metric", b.metric().wire());
            time(g, "dueAt", b.dueAt());
        } else if (event instanceof DomainEvent.SlaEscalated e) {
            g.writeStringField("metric", e.metric().wire());
            g.writeNumberField("step", e.step());
            g.writeStringField("action", e.action().wire());
            g.writeStringField("escalatedTo", e.escalatedTo());
        } else if (event instanceof DomainEvent.CompensationIssued c) {
            g.writeNumberField("level", c.level());
            g.writeStringField("amount", c.amount().toPlainString());
            g.writeStringField("currency", c.currency());
            g.writeStringField("metric", c.metric().wire());
            g.writeNumberField("overdueMillis", c.overdueMillis());
        }
    }

    private static void strings(JsonGenerator g, List<String> values) throws IOException {
        g.writeStartArray();
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
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

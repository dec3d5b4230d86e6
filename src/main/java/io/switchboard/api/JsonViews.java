package io.switchboard.api;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.SkillRequirement;
import io.switchboard.core.sla.SlaMetric;
import io.switchboard.engine.AgentView;
import io.switchboard.engine.Notification;
import io.switchboard.engine.SlaView;
import io.switchboard.engine.QueueView;
import io.switchboard.engine.TicketView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Engine views and events as the JSON documented in docs/openapi.yaml. Times are ISO-8601 UTC. */
public final class JsonViews {
    private static final Map<SlaMetric, String> CLOCK_NAMES = Map.of(SlaMetric.FIRST_RESPONSE, "firstResponse",
            SlaMetric.NEXT_RESPONSE, "nextResponse", SlaMetric.RESOLUTION, "resolution");
    /** The WebSocket {@code type} of each notification event (docs/websocket-protocol.md). */
    public static final Map<Class<?>, String> NOTIFICATION_TYPES = Map.ofEntries(
            Map.entry(DomainEvent.SlaWarning.class, "sla_warning"),
            Map.entry(DomainEvent.SlaBreached.class, "sla_breached"),
            Map.entry(DomainEvent.SlaEscalated.class, "escalation"),
            Map.entry(DomainEvent.CompensationIssued.class, "compensation"),
            Map.entry(DomainEvent.FollowUpRequested.class, "follow_up"),
            Map.entry(DomainEvent.PendingReminder.class, "reminder"),
            Map.entry(DomainEvent.HandoffOverdue.class, "handoff_overdue"),
            Map.entry(DomainEvent.IdleEscalated.class, "idle_escalation"),
            Map.entry(DomainEvent.FollowUpOverdue.class, "follow_up_overdue"),
            Map.entry(DomainEvent.TicketUnroutable.class, "ticket_unroutable"));

    private JsonViews() {
    }

    /**
     * {@code Instant.ofEpochMilli(epochMillis).toString()}, with the text up to the seconds kept
     * for the last seconds seen ({@link #SECONDS} slots by second): every view writes several
     * times, mostly in the same few seconds, and {@code DateTimeFormatter} was a tenth of a
     * ticket's allocation. Thread-safe: a slot holds an immutable entry (a racing writer only
     * replaces it with an equal or another valid one).
     */
    public static String time(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000L);
        int millis = (int) Math.floorMod(epochMillis, 1000L);
        Second cached = second(second);
        if (millis == 0) {
            return cached.text + 'Z';
        }
        char[] tail = {'.', (char) ('0' + millis / 100), (char) ('0' + millis / 10 % 10), (char) ('0' + millis % 10),
                'Z'};
        return cached.text.concat(new String(tail));
    }

    /**
     * {@link #time}'s text written into {@code into} (at least {@link #TIME_CHARS} long) instead of a
     * new string; returns its length. For the hot path's generators, which copy the characters out.
     */
    static int time(long epochMillis, char[] into) {
        long second = Math.floorDiv(epochMillis, 1000L);
        int millis = (int) Math.floorMod(epochMillis, 1000L);
        Second cached = second(second);
        String text = cached.text;
        if (text.length() > TIME_CHARS - 5) { // a year past 9999: rare enough for the string path
            String full = time(epochMillis);
            full.getChars(0, full.length(), into, 0);
            return full.length();
        }
        int at = text.length();
        text.getChars(0, at, into, 0);
        if (millis != 0) {
            into[at++] = '.';
            into[at++] = (char) ('0' + millis / 100);
            into[at++] = (char) ('0' + millis / 10 % 10);
            into[at++] = (char) ('0' + millis % 10);
        }
        into[at++] = 'Z';
        return at;
    }

    /** The cached text of {@code second} up to its seconds (no {@code Z}), made and kept in its slot on a miss. */
    private static Second second(long second) {
        int slot = (int) (second & (SECONDS.length - 1));
        Second cached = SECONDS[slot];
        if (cached == null || cached.epochSecond != second) {
            String full = Instant.ofEpochSecond(second).toString();
            cached = new Second(second, full.substring(0, full.length() - 1));
            SECONDS[slot] = cached;
        }
        return cached;
    }

    /** Room {@link #time(long, char[])} needs for any year up to 9999. */
    static final int TIME_CHARS = 32;

    /** One second's text without the zone, e.g. {@code 2026-12-06T12:30:00}. */
    private static final class Second {
        final long epochSecond;
        final String text;

        Second(long epochSecond, String text) {
            this.epochSecond = epochSecond;
            this.text = text;
        }
    }

    private static final Second[] SECONDS = new Second[64];

    /** The member name of an SLA clock in a ticket's {@code sla} object. */
    static String clockName(SlaMetric metric) {
        return CLOCK_NAMES.get(metric);
    }

    public static JsonObject ticket(TicketView t) {
        JsonArray skills = new JsonArray();
        for (SkillRequirement s : t.requiredSkills()) {
            skills.add(new JsonObject().put("name", s.name()).put("level", s.level()));
        }
        JsonObject customer = new JsonObject().put("id", t.customer().id()).put("tier", t.customer().tier().wire())
                .put("name", t.customer().name());
        return new JsonObject()
                .put("id", t.id())
                .put("status", t.status().wire())
                .put("channel", t.channel().wire())
                .put("priority", t.priority().wire())
                .put("customer", customer)
                .put("type", t.type())
                .put("subject", t.subject())
                .put("description", t.description())
                .put("requiredSkills", skills)
                .put("language", t.language())
                .put("tags", new JsonArray(t.tags().stream().toList()))
                .put("fields", new JsonObject(new LinkedHashMap<>(t.fields())))
                .put("queue", t.queue())
                .put("assignee", t.assignee())
                .put("team", t.team())
                .put("minTier", t.minTier() == null ? null : t.minTier().wire())
                .put("createdAt", time(t.createdAt()))
                .put("updatedAt", time(t.updatedAt()))
                .put("sla", sla(t.sla()))
                .put("alerts", alerts(t.alerts()))
                .put("compensations", compensations(t.compensations()))
                .put("handoff", t.handoff() == null ? null : handoff(t.handoff()))
                .put("needsInfo", t.needsInfo())
                .put("missingFields", new JsonArray(t.missingFields()))
                .put("fieldSources", fieldSources(t.fieldSources()))
                .put("attachments", attachments(t.id(), t.attachments()));
    }

    /**
     * Attachments whose content is kept: {@code [{id, name, contentType, size, href}]}, {@code href}
     * the download operation's path.
     */
    public static JsonArray attachments(String ticketId, List<io.switchboard.core.intake.StoredAttachment> stored) {
        JsonArray list = new JsonArray();
        for (io.switchboard.core.intake.StoredAttachment a : stored) {
            list.add(new JsonObject().put("id", a.id()).put("name", a.name()).put("contentType", a.contentType())
                    .put("size", a.size()).put("href", "/v1/tickets/" + ticketId + "/attachments/" + a.id()));
        }
        return list;
    }

    /**
     * The chatbot conversation a ticket came from: {@code platform}, {@code conversationId},
     * {@code integration} (the caller that relayed it), {@code reference} (what a reply to the
     * platform needs), {@code intent}, {@code reason}, and {@code transcript} lines
     * {@code {at, speaker, name, text}} ({@code at} null when the platform gave no time).
     */
    public static JsonObject handoff(io.switchboard.core.ticket.Handoff h) {
        JsonArray transcript = new JsonArray();
        for (io.switchboard.core.ticket.Handoff.Line line : h.transcript()) {
            transcript.add(new JsonObject().put("at", line.at() == 0 ? null : time(line.at()))
                    .put("speaker", line.speaker()).put("name", line.name()).put("text", line.text()));
        }
        return new JsonObject().put("platform", h.platform()).put("conversationId", h.conversationId())
                .put("integration", h.integration()).put("reference", new JsonObject(new LinkedHashMap<>(h.reference())))
                .put("intent", h.intent()).put("reason", h.reason()).put("transcript", transcript);
    }

    /** Where extracted field values came from: {@code [{field, value, source, start, end, text, chosen}]}. */
    public static JsonArray fieldSources(List<io.switchboard.core.intake.FieldSource> sources) {
        JsonArray list = new JsonArray();
        for (io.switchboard.core.intake.FieldSource s : sources) {
            list.add(new JsonObject().put("field", s.field()).put("value", s.value()).put("source", s.source())
                    .put("start", s.start()).put("end", s.end()).put("text", s.text()).put("chosen", s.chosen()));
        }
        return list;
    }

    /** {@code {policy, firstResponse, nextResponse, resolution, paused}}; a clock without target is null. */
    static JsonObject sla(SlaView sla) {
        JsonObject json = new JsonObject().put("policy", sla.policy());
        for (SlaMetric metric : SlaMetric.values()) {
            SlaView.Clock clock = sla.clocks().get(metric);
            json.put(CLOCK_NAMES.get(metric), clock == null ? null : new JsonObject()
                    .put("dueAt", clock.dueAt() < 0 ? null : time(clock.dueAt()))
                    .put("stoppedAt", clock.stoppedAt() == 0 ? null : time(clock.stoppedAt()))
                    .put("breached", clock.breached())
                    .put("remainingSeconds", clock.remainingSeconds()));
        }
        return json.put("paused", sla.paused());
    }

    static JsonArray alerts(List<DomainEvent.AlertEvent> alerts) {
        JsonArray list = new JsonArray();
        alerts.forEach(e -> list.add(timelineEntry(e)));
        return list;
    }

    static JsonArray compensations(List<DomainEvent.CompensationIssued> issued) {
        JsonArray list = new JsonArray();
        for (DomainEvent.CompensationIssued c : issued) {
            list.add(new JsonObject().put("level", c.level()).put("amount", c.amount()).put("currency", c.currency())
                    .put("clock", c.metric().wire()).put("overdueSeconds", c.overdueMillis() / 1000)
                    .put("issuedAt", time(c.at())));
        }
        return list;
    }

    /**
     * An SLA notification as a WebSocket message (without {@code seq}): {@code type}, the ticket
     * as it is now, the event as a timeline entry, and {@code notify}, who must act (or null).
     */
    public static JsonObject notification(Notification n) {
        return new JsonObject().put("type", NOTIFICATION_TYPES.get(n.event().getClass()))
                .put("ticket", ticket(n.ticket())).put("event", timelineEntry(n.event())).put("notify", n.mustAct());
    }

    public static JsonObject agent(AgentView a) {
        JsonObject skills = new JsonObject();
        a.profile().skills().forEach(skills::put);
        JsonObject capacity = new JsonObject();
        a.profile().capacity().forEach((channel, n) -> capacity.put(channel.wire(), n));
        JsonObject load = new JsonObject();
        for (Channel channel : Channel.values()) {
            if (a.load().containsKey(channel)) {
                load.put(channel.wire(), a.load().get(channel));
            }
        }
        return new JsonObject()
                .put("id", a.profile().id())
                .put("name", a.profile().name())
                .put("team", a.profile().team())
                .put("tier", a.profile().tier().wire())
                .put("skills", skills)
                .put("languages", new JsonArray(a.profile().languages().stream().toList()))
                .put("capacity", capacity)
                .put("autoAccept", a.profile().autoAccept())
                .put("teamLeadId", a.profile().teamLeadId())
                .put("managerId", a.profile().managerId())
                .put("presence", a.presence().wire())
                .put("connected", a.connected())
                .put("load", load)
                .put("tickets", new JsonArray(a.tickets()));
    }

    public static JsonObject queue(QueueView q) {
        JsonObject skills = new JsonObject();
        q.definition().requiredSkills().forEach(skills::put);
        return new JsonObject()
                .put("name", q.definition().name())
                .put("strategy", q.definition().strategy().wire())
                .put("requiredSkills", skills)
                .put("teams", new JsonArray(q.definition().teams()))
                .put("waiting", q.waiting())
                .put("oldestWaitSeconds", q.oldestWaitSeconds())
                .put("eligibleAgents", q.eligibleAgents())
                .put("availableAgents", q.availableAgents());
    }

    /**
     * A timeline entry: {@code at}, {@code type} (the event name in snake_case), {@code actor},
     * {@code reason}, and the event's other members under {@code details}. Fingerprints and
     * idempotency keys are left out: they belong to the client, not to the audit trail.
     */
    public static JsonObject timelineEntry(DomainEvent.TicketEvent event) {
        JsonObject details = new JsonObject();
        for (RecordComponent component : event.getClass().getRecordComponents()) {
            String name = component.getName();
            if (name.equals("at") || name.equals("ticketId") || name.equals("actor") || name.equals("reason")
                    || name.equals("draft") || name.equals("fingerprint") || name.equals("idempotencyKey")) {
                continue;
            }
            try {
                Object value = component.getAccessor().invoke(event);
                if (value == null && name.equals("sla")) {
                    // a ticket from a journal that did not record the decision shows what that build showed
                    continue;
                }
                details.put(name, detailValue(name, value));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return new JsonObject()
                .put("at", time(event.at()))
                .put("type", snake(event.getClass().getSimpleName()))
                .put("actor", event.actor())
                .put("reason", event.reason())
                .put("details", details);
    }

    private static Object detailValue(String name, Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer) {
            return value;
        }
        if (value instanceof Long millis) {
            boolean isTime = name.endsWith("At") || name.endsWith("Until") || name.endsWith("Since")
                    || name.equals("deadline");
            return !isTime ? millis : millis == 0 ? null : time(millis);
        }
        if (value instanceof io.switchboard.core.agent.SupportTier tier) {
            return tier.wire();
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
        }
        if (value instanceof Double fraction) {
            return fraction;
        }
        if (value instanceof java.math.BigDecimal amount) {
            return amount;
        }
        if (value instanceof io.switchboard.core.ticket.Handoff handoff) {
            return handoff(handoff);
        }
        if (value instanceof List<?> list && (list.isEmpty() || list.get(0) instanceof String)) {
            return new JsonArray(list);
        }
        if (value instanceof List<?> list && list.get(0) instanceof io.switchboard.core.intake.FieldSource) {
            @SuppressWarnings("unchecked")
            List<io.switchboard.core.intake.FieldSource> sources = (List<io.switchboard.core.intake.FieldSource>) list;
            return fieldSources(sources);
        }
        if (value instanceof List<?> list && list.get(0) instanceof io.switchboard.core.intake.StoredAttachment) {
            JsonArray attachments = new JsonArray();
            for (Object item : list) {
                io.switchboard.core.intake.StoredAttachment a = (io.switchboard.core.intake.StoredAttachment) item;
                attachments.add(new JsonObject().put("id", a.id()).put("name", a.name())
                        .put("contentType", a.contentType()).put("size", a.size()));
            }
            return attachments;
        }
        if (value instanceof List<?> list && list.get(0) instanceof io.switchboard.core.intake.MailAttachment) {
            JsonArray attachments = new JsonArray();
            for (Object item : list) {
                io.switchboard.core.intake.MailAttachment a = (io.switchboard.core.intake.MailAttachment) item;
                attachments.add(new JsonObject().put("name", a.name()).put("contentType", a.contentType())
                        .put("size", a.size()));
            }
            return attachments;
        }
        if (value instanceof io.switchboard.core.routing.OverflowStep step) {
            return step.describe();
        }
        if (value instanceof io.switchboard.core.sla.SlaDecision decision) {
            JsonObject targets = new JsonObject();
            decision.targets().forEach((metric, millis) -> targets.put(metric.wire(), millis));
            JsonObject deadlines = new JsonObject();
            decision.deadlines().forEach((metric, at) -> deadlines.put(metric.wire(), time(at)));
            return new JsonObject().put("policy", decision.policy()).put("calendar", decision.calendar())
                    .put("targets", targets).put("deadlines", deadlines);
        }
        return String.valueOf(value);
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}

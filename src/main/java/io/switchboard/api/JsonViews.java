package io.switchboard.api;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.SkillRequirement;
import io.switchboard.engine.AgentView;
import io.switchboard.engine.QueueView;
import io.switchboard.engine.TicketView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Locale;
import java.util.LinkedHashMap;

/** Engine views and events as the JSON documented in docs/openapi.yaml. Times are ISO-8601 UTC. */
public final class JsonViews {
    private JsonViews() {
    }

    public static String time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
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
                .put("updatedAt", time(t.updatedAt()));
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
                details.put(name, detailValue(name, component.getAccessor().invoke(event)));
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
            boolean isTime = name.endsWith("At") || name.endsWith("Until");
            return !isTime ? millis : millis == 0 ? null : time(millis);
        }
        if (value instanceof io.switchboard.core.agent.SupportTier tier) {
            return tier.wire();
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
        }
        if (value instanceof io.switchboard.core.routing.OverflowStep step) {
            return step.describe();
        }
        return String.valueOf(value);
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}

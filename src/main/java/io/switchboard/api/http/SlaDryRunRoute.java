package io.switchboard.api.http;

import io.switchboard.api.ArchivedTickets;
import io.switchboard.api.ArchivedTickets.LiveSla;
import io.switchboard.config.Role;
import io.switchboard.config.ConfigException;
import io.switchboard.config.ProposedSla;
import io.switchboard.config.StrictYaml;
import io.switchboard.core.sla.BusinessCalendar;
import io.switchboard.core.sla.SlaConfig;
import io.switchboard.history.DryRunQuery;
import io.switchboard.history.ReportQuery.Dimension;
import io.switchboard.history.ReportQuery.Scope;
import io.switchboard.history.ReportTable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/sla/dry-run} (docs/reports.md, "SLA dry-run"), admins only: a proposed SLA
 * configuration ({@code calendars} and {@code sla}, the YAML sections' shape, validated by the
 * configuration's own code) replayed over a past period's archived tickets from the history
 * store, answered per group next to the outcome recorded. Nothing live changes: the engine is not
 * asked, the store is only read. A bad proposal answers 422 with the pointer of the offending field.
 */
final class SlaDryRunRoute {
    private static final Set<String> KEYS = Set.of("calendars", "sla", "proposal", "from", "to", "calendar", "groupBy",
            "filters");
    /** The configuration's key paths: {@code sla.policies[0].targets} → {@code /sla/policies/0/targets}. */
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");
    private static final int MAX_VALUE_LENGTH = 128;

    private final Access access;
    private final ArchivedTickets history;

    SlaDryRunRoute(Access access, ArchivedTickets history) {
        this.access = access;
        this.history = history;
    }

    void mount(Router router) {
        router.post("/v1/sla/dry-run").handler(access.roles(Role.ADMIN))
                .handler(rc -> JsonBodies.read(rc, false, body -> dryRun(rc, body)));
    }

    private void dryRun(RoutingContext rc, JsonObject body) {
        BodyReader r = new BodyReader();
        for (String key : body.fieldNames()) {
            if (!KEYS.contains(key)) {
                r.error("/" + key, "is not a field of a dry-run; it takes " + String.join(", ", KEYS.stream().sorted()
                        .toList()));
            }
        }
        LiveSla live = history.liveSla().orElse(new LiveSla(SlaConfig.none(), Set.of(), Set.of()));
        SlaConfig proposal = null;
        Object calendars = plain(body.getValue("calendars"));
        Object sla = plain(body.getValue("sla"));
        if (body.containsKey("proposal")) {
            Map<?, ?> sections = proposal(r, body);
            calendars = sections.get("calendars");
            sla = sections.get("sla");
        }
        if (!(sla instanceof Map)) {
            if (!r.errors().stream().anyMatch(e -> e.pointer().startsWith("/proposal"))) {
                r.error("/sla", "is required: the proposed sla section (policies, as in the configuration file)");
            }
        } else {
            try {
                proposal = ProposedSla.parse(calendars, sla, live.teams(), live.queues());
            } catch (ConfigException e) {
                r.error(pointer(e.key()), e.problem());
            }
        }
        String calendar = body.getValue("calendar") instanceof String s ? s : "24x7";
        ZoneId zone = zone(calendar, proposal, live);
        if (zone == null) {
            r.error("/calendar", "no business calendar '" + calendar + "' is proposed or configured");
            zone = ZoneOffset.UTC;
        }
        ZonedDateTime from = time(r, body, "from", zone);
        ZonedDateTime to = time(r, body, "to", zone);
        if (from != null && to != null && !to.isAfter(from)) {
            r.error("/to", "must be after from");
        }
        List<Dimension> groupBy = groupBy(r, body.getValue("groupBy"));
        Map<Dimension, Set<String>> filters = filters(r, body.getValue("filters"));
        if (!r.errors().isEmpty()) {
            Problem.validation(r.errors()).send(rc.response());
            return;
        }
        DryRunQuery query = new DryRunQuery(proposal, from.toInstant().toEpochMilli(), to.toInstant().toEpochMilli(),
                groupBy, filters, Scope.ALL);
        ZoneId shownZone = zone;
        history.dryRun(query).onComplete(done -> {
            if (done.failed()) {
                Answers.reportUnavailable(rc, done.cause());
            } else {
                Answers.json(rc, 200, json(query, shownZone, done.result()));
            }
        });
    }

    /**
     * The {@code calendars} and {@code sla} sections of {@code proposal}: the same two sections as
     * YAML text, as an administrator edits them in the configuration file (the reports page sends
     * what is pasted there). Instead of the JSON members, not with them. Errors go to {@code r}
     * under {@code /proposal}; an empty map then.
     */
    private static Map<?, ?> proposal(BodyReader r, JsonObject body) {
        if (body.containsKey("calendars") || body.containsKey("sla")) {
            r.error("/proposal", "is instead of calendars and sla, not with them");
            return Map.of();
        }
        if (!(body.getValue("proposal") instanceof String text)) {
            r.error("/proposal", "must be a string: the proposed calendars and sla sections as YAML");
            return Map.of();
        }
        Object doc;
        try {
            doc = StrictYaml.load(text, "proposal");
        } catch (ConfigException e) {
            r.error("/proposal", e.getMessage());
            return Map.of();
        }
        if (!(doc instanceof Map<?, ?> sections)) {
            r.error("/proposal", "must be a YAML mapping with an sla section (and calendars, if it proposes any)");
            return Map.of();
        }
        for (Object key : sections.keySet()) {
            if (!"calendars".equals(key) && !"sla".equals(key)) {
                r.error("/proposal", "has a section '" + key + "'; a proposal has only calendars and sla");
            }
        }
        return sections;
    }

    /** The zone of a proposed calendar of that name, else of a configured one; null when neither has it. */
    private static ZoneId zone(String name, SlaConfig proposal, LiveSla live) {
        BusinessCalendar c = proposal == null ? null : proposal.calendars().get(name);
        if (c == null) {
            c = live.sla().calendars().get(name);
        }
        if (c == null && "24x7".equals(name)) {
            return ZoneOffset.UTC;
        }
        return c == null ? null : c.zone();
    }

    static String pointer(String key) {
        Matcher m = INDEX.matcher(key);
        return "/" + m.replaceAll(".$1").replace('.', '/');
    }

    /** Parsed JSON as the configuration reader takes YAML: maps and lists, nested. */
    static Object plain(Object value) {
        if (value instanceof JsonObject o) {
            Map<String, Object> out = new LinkedHashMap<>();
            o.forEach(e -> out.put(e.getKey(), plain(e.getValue())));
            return out;
        }
        if (value instanceof JsonArray a) {
            List<Object> out = new ArrayList<>();
            a.forEach(v -> out.add(plain(v)));
            return out;
        }
        return value;
    }

    private static List<Dimension> groupBy(BodyReader r, Object value) {
        List<Dimension> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (!(value instanceof JsonArray list)) {
            r.error("/groupBy", "must be a list of dimensions: " + ReportRoutes.dimensionNames());
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            Dimension d = list.getValue(i) instanceof String s ? Dimension.parse(s).orElse(null) : null;
            if (d == null || out.contains(d)) {
                r.error("/groupBy/" + i, d == null ? "unknown dimension; one of " + ReportRoutes.dimensionNames()
                        : "names " + d.wire() + " twice");
            } else {
                out.add(d);
            }
        }
        return out;
    }

    private static Map<Dimension, Set<String>> filters(BodyReader r, Object value) {
        Map<Dimension, Set<String>> out = new EnumMap<>(Dimension.class);
        if (value == null) {
            return out;
        }
        if (!(value instanceof JsonObject map)) {
            r.error("/filters", "must be an object of dimension to a list of values");
            return out;
        }
        for (String name : map.fieldNames()) {
            Dimension d = Dimension.parse(name).orElse(null);
            Object values = map.getValue(name);
            if (d == null) {
                r.error("/filters/" + name, "unknown dimension; one of " + ReportRoutes.dimensionNames());
            } else if (!(values instanceof JsonArray list) || list.isEmpty() || list.stream().anyMatch(v ->
                    !(v instanceof String s) || s.isEmpty() || s.length() > MAX_VALUE_LENGTH)) {
                r.error("/filters/" + name, "must be a non-empty list of values, each 1-" + MAX_VALUE_LENGTH
                        + " characters");
            } else {
                Set<String> set = new LinkedHashSet<>();
                list.forEach(v -> set.add((String) v));
                out.put(d, set);
            }
        }
        return out;
    }

    /** As a report's {@code from}/{@code to} ({@link ReportRoutes#time}); anything but a string counts as missing. */
    private static ZonedDateTime time(BodyReader r, JsonObject body, String name, ZoneId zone) {
        return ReportRoutes.time(r, body.getValue(name) instanceof String text ? text : null, name, zone);
    }

    private static JsonObject json(DryRunQuery query, ZoneId zone, ReportTable table) {
        JsonArray groups = new JsonArray();
        for (List<Object> row : table.rows()) {
            JsonObject o = new JsonObject();
            for (int c = 0; c < table.columns().size(); c++) {
                o.put(table.columns().get(c), row.get(c));
            }
            groups.add(o);
        }
        JsonArray groupBy = new JsonArray();
        query.groupBy().forEach(d -> groupBy.add(d.wire()));
        return new JsonObject()
                .put("from", ReportRender.time(query.from(), zone))
                .put("to", ReportRender.time(query.to(), zone))
                .put("zone", zone.getId())
                .put("groupBy", groupBy)
                .put("columns", new JsonArray(table.columns()))
                .put("groups", groups);
    }
}

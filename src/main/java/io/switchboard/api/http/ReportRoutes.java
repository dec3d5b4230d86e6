package io.switchboard.api.http;

import io.switchboard.api.ArchivedTickets;
import io.switchboard.api.auth.Principal;
import io.switchboard.config.Role;
import io.switchboard.history.ReportBuckets;
import io.switchboard.history.ReportQuery;
import io.switchboard.history.ReportQuery.Dimension;
import io.switchboard.history.ReportQuery.Report;
import io.switchboard.history.ReportQuery.Scope;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code GET /v1/reports/{report}}: parses the range, buckets, grouping and filters, narrows the
 * query to the caller's reach (admins everything, supervisors the tickets of their queues and of
 * the agents they lead or manage, agents the tickets they handled), asks the history store, and
 * answers JSON, or CSV for {@code Accept: text/csv}. The measures are defined in docs/reports.md.
 */
final class ReportRoutes {
    private static final Set<String> PARAMS = Set.of("from", "to", "calendar", "bucket", "groupBy");
    private static final int MAX_VALUE_LENGTH = 128;

    private final Access access;
    private final ArchivedTickets history;

    ReportRoutes(Access access, ArchivedTickets history) {
        this.access = access;
        this.history = history;
    }

    void mount(Router router) {
        router.get("/v1/reports/:report").handler(access.roles(Role.AGENT, Role.SUPERVISOR, Role.ADMIN))
                .handler(this::report);
    }

    private void report(RoutingContext rc) {
        String name = rc.pathParam("report");
        Report report = Report.parse(name).orElse(null);
        if (report == null) {
            Problem.of(404, "not-found", "Not found", "no report '" + name + "'; reports: "
                    + Arrays.stream(Report.values()).map(Report::wire).collect(Collectors.joining(", ")))
                    .send(rc.response());
            return;
        }
        BodyReader r = new BodyReader();
        for (String param : rc.queryParams().names()) {
            if (!PARAMS.contains(param) && Dimension.parse(param).isEmpty()) {
                r.error("/" + param, "is not a parameter of reports; they take " + String.join(", ", PARAMS.stream()
                        .sorted().toList()) + " and the filters " + dimensionNames());
            }
        }
        String calendar = single(rc, "calendar");
        ZoneId zone = history.calendarZone(calendar == null ? "24x7" : calendar).orElse(null);
        if (zone == null) {
            r.error("/calendar", "no business calendar '" + calendar + "' is configured");
            zone = java.time.ZoneOffset.UTC;
        }
        ZonedDateTime from = time(r, rc, "from", zone);
        ZonedDateTime to = time(r, rc, "to", zone);
        String bucketText = single(rc, "bucket");
        ReportBuckets.Size bucket = bucketText == null ? null : ReportBuckets.Size.parse(bucketText).orElse(null);
        if (bucketText != null && bucket == null) {
            r.error("/bucket", "must be one of hour, day, week");
        }
        List<Dimension> groupBy = new ArrayList<>();
        for (String d : list(rc, "groupBy")) {
            Dimension dimension = Dimension.parse(d).orElse(null);
            if (dimension == null || groupBy.contains(dimension)) {
                r.error("/groupBy", dimension == null ? "unknown dimension '" + d + "'; one of " + dimensionNames()
                        : "names " + d + " twice");
            } else {
                groupBy.add(dimension);
            }
        }
        Map<Dimension, Set<String>> filters = new EnumMap<>(Dimension.class);
        for (Dimension d : Dimension.values()) {
            List<String> values = list(rc, d.wire());
            if (values.stream().anyMatch(v -> v.isEmpty() || v.length() > MAX_VALUE_LENGTH)) {
                r.error("/" + d.wire(), "each value must be 1-" + MAX_VALUE_LENGTH + " characters");
            } else if (!values.isEmpty()) {
                filters.put(d, new LinkedHashSet<>(values));
            }
        }
        if (!report.perTicket() && !groupBy.isEmpty()) {
            r.error("/groupBy", "report " + report.wire() + " is always per " + (report == Report.HANDOFFS
                    ? "receiving team" : "agent") + ": it takes no groupBy");
        }
        if (report.timeline() && (groupBy.contains(Dimension.POLICY) || filters.containsKey(Dimension.POLICY))) {
            r.error(groupBy.contains(Dimension.POLICY) ? "/groupBy" : "/policy", "report " + report.wire()
                    + " counts timeline events, whose tickets carry no SLA policy dimension: group or filter by "
                    + "team, agent, queue, tier, channel, type or priority");
        }
        if (report == Report.OCCUPANCY && filters.keySet().stream().anyMatch(d -> d != Dimension.AGENT)) {
            r.error("/" + filters.keySet().stream().filter(d -> d != Dimension.AGENT).findFirst().get().wire(),
                    "report occupancy is per agent: it takes only the agent filter");
        }
        List<long[]> buckets = null;
        if (from != null && to != null) {
            try {
                buckets = ReportBuckets.cut(from, to, bucket);
            } catch (IllegalArgumentException e) {
                r.error("/to", e.getMessage());
            }
        }
        if (!r.errors().isEmpty()) {
            Problem.validation(r.errors()).send(rc.response());
            return;
        }
        ZoneId shownZone = zone;
        List<long[]> cut = buckets;
        Principal p = Access.principal(rc);
        access.scope(p).onComplete(scope -> {
            if (scope.failed()) {
                Answers.unavailable(rc, scope.cause());
                return;
            }
            ReportQuery query = new ReportQuery(report, shownZone, cut, groupBy, filters, reach(scope.result()));
            history.report(query).onComplete(done -> {
                if (done.failed()) {
                    Answers.reportUnavailable(rc, done.cause());
                } else if (wantsCsv(rc)) {
                    rc.response().putHeader("Content-Type", "text/csv; charset=utf-8")
                            .end(ReportRender.csv(done.result(), shownZone));
                } else {
                    Answers.json(rc, 200, ReportRender.json(query, bucket, done.result()));
                }
            });
        });
    }

    /** What the caller may count: see docs/reports.md, Access. */
    static Scope reach(Access.Scope scope) {
        Principal p = scope.principal();
        switch (p.role()) {
            case ADMIN:
                return Scope.ALL;
            case AGENT:
                return new Scope(null, Set.of(p.id()));
            default:
                Set<String> agents = new HashSet<>(scope.person().leads());
                agents.addAll(scope.person().manages());
                return new Scope(Set.copyOf(scope.person().queues()), agents);
        }
    }

    static boolean wantsCsv(RoutingContext rc) {
        String accept = rc.request().getHeader("Accept");
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/csv");
    }

    static String dimensionNames() {
        return Arrays.stream(Dimension.values()).map(Dimension::wire).collect(Collectors.joining(", "));
    }

    static String single(RoutingContext rc, String name) {
        List<String> all = rc.queryParams().getAll(name);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /** Comma-separated values of a parameter, over all its occurrences. */
    static List<String> list(RoutingContext rc, String name) {
        List<String> out = new ArrayList<>();
        for (String value : rc.queryParams().getAll(name)) {
            out.addAll(Arrays.asList(value.split(",", -1)));
        }
        return out;
    }

    /**
     * A date ({@code 2026-11-02}: its midnight) or local date-time ({@code 2026-11-02T09:00}) in
     * the calendar's zone, or an instant with an offset ({@code 2026-11-02T01:00:00Z}).
     */
    static ZonedDateTime time(BodyReader r, RoutingContext rc, String name, ZoneId zone) {
        return time(r, single(rc, name), name, zone);
    }

    /** As above, from {@code text} (null: missing, reported as required) for the member {@code name}. */
    static ZonedDateTime time(BodyReader r, String text, String name, ZoneId zone) {
        if (text == null) {
            r.error("/" + name, "is required: a date (2026-11-02), a local date-time (2026-11-02T09:00) in the"
                    + " calendar's zone, or a time with an offset (2026-11-02T01:00:00Z)");
            return null;
        }
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(zone);
            }
            try {
                return OffsetDateTime.parse(text).atZoneSameInstant(zone);
            } catch (DateTimeParseException e) {
                return LocalDateTime.parse(text).atZone(zone);
            }
        } catch (DateTimeParseException e) {
            r.error("/" + name, "'" + text + "' is not a date, a local date-time or a time with an offset");
            return null;
        }
    }

}

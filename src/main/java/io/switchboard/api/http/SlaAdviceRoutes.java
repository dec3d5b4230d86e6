package io.switchboard.api.http;

import io.switchboard.api.ArchivedTickets;
import io.switchboard.config.Role;
import io.switchboard.history.AdviceQuery;
import io.switchboard.history.ReportQuery.Dimension;
import io.switchboard.history.ReportTable;
import io.switchboard.history.StaffingQuery;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /v1/sla/advice} (docs/reports.md, "SLA advice"): per group of archived tickets, the
 * achieved business-time distribution of a metric and the target a percentile of them met, next
 * to the target they were held to. Same roles and reach as the reports; bad parameters answer 422
 * naming each.
 */
final class SlaAdviceRoutes {
    private static final Set<String> PARAMS = Set.of("metric", "percentile", "groupBy", "from", "to", "calendar",
            "handleTime", "target");

    private final Access access;
    private final ArchivedTickets history;

    SlaAdviceRoutes(Access access, ArchivedTickets history) {
        this.access = access;
        this.history = history;
    }

    void mount(Router router) {
        router.get("/v1/sla/advice").handler(access.roles(Role.AGENT, Role.SUPERVISOR, Role.ADMIN))
                .handler(this::advice);
    }

    private void advice(RoutingContext rc) {
        BodyReader r = new BodyReader();
        for (String param : rc.queryParams().names()) {
            if (!PARAMS.contains(param)) {
                r.error("/" + param, "is not a parameter of SLA advice; it takes " + String.join(", ",
                        PARAMS.stream().sorted().toList()));
            }
        }
        String metricText = ReportRoutes.single(rc, "metric");
        AdviceQuery.Metric metric = metricText == null ? null : AdviceQuery.Metric.parse(metricText).orElse(null);
        if (metric == null) {
            r.error("/metric", "is required: firstResponse or resolution");
        }
        String percentileText = ReportRoutes.single(rc, "percentile");
        double percentile = 80;
        if (percentileText != null) {
            try {
                percentile = Double.parseDouble(percentileText);
            } catch (NumberFormatException e) {
                percentile = Double.NaN;
            }
            if (!(percentile >= 1 && percentile <= 99.9)) {
                r.error("/percentile", "must be a number from 1 to 99.9");
            }
        }
        String calendar = ReportRoutes.single(rc, "calendar");
        ZoneId zone = history.calendarZone(calendar == null ? "24x7" : calendar).orElse(null);
        if (zone == null) {
            r.error("/calendar", "no business calendar '" + calendar + "' is configured");
            zone = ZoneOffset.UTC;
        }
        ZonedDateTime from = ReportRoutes.time(r, rc, "from", zone);
        ZonedDateTime to = ReportRoutes.time(r, rc, "to", zone);
        if (from != null && to != null && !to.isAfter(from)) {
            r.error("/to", "must be after from");
        }
        List<Dimension> groupBy = new ArrayList<>();
        for (String d : ReportRoutes.list(rc, "groupBy")) {
            Dimension dimension = Dimension.parse(d).orElse(null);
            if (dimension == null || groupBy.contains(dimension)) {
                r.error("/groupBy", dimension == null ? "unknown dimension '" + d + "'; one of "
                        + ReportRoutes.dimensionNames() : "names " + d + " twice");
            } else {
                groupBy.add(dimension);
            }
        }
        Double handleTime = seconds(r, rc, "handleTime", 1);
        Double target = seconds(r, rc, "target", 0);
        if ((handleTime == null) != (target == null) && r.errors().isEmpty()) {
            r.error(handleTime == null ? "/handleTime" : "/target", "the staffing check needs both handleTime and"
                    + " target (seconds)");
        }
        if (!r.errors().isEmpty()) {
            Problem.validation(r.errors()).send(rc.response());
            return;
        }
        boolean staffing = handleTime != null && target != null;
        if (staffing && Access.principal(rc).role() != Role.ADMIN) {
            // arrivals and presence are counted over every ticket and agent: no scope to narrow them to
            Access.forbidden(rc, "forbidden_role", "the staffing check counts every ticket and agent; only admins"
                    + " may ask for it");
            return;
        }
        ZoneId shownZone = zone;
        double p = percentile;
        access.scope(Access.principal(rc)).onComplete(scope -> {
            if (scope.failed()) {
                Answers.unavailable(rc, scope.cause());
                return;
            }
            AdviceQuery query = new AdviceQuery(metric, p, groupBy, from.toInstant().toEpochMilli(),
                    to.toInstant().toEpochMilli(), ReportRoutes.reach(scope.result()));
            Future<ReportTable> check = staffing ? history.staffing(new StaffingQuery(shownZone, query.from(),
                    query.to(), handleTime, target, p / 100)) : Future.succeededFuture(null);
            Future.all(history.advice(query), check).onComplete(done -> {
                if (done.failed()) {
                    Answers.reportUnavailable(rc, done.cause());
                    return;
                }
                if (ReportRoutes.wantsCsv(rc)) {
                    // the groups, one line each (the staffing check's hours are in the JSON answer only)
                    rc.response().putHeader("Content-Type", "text/csv; charset=utf-8")
                            .end(ReportRender.csv(done.result().resultAt(0), null));
                    return;
                }
                JsonObject body = json(query, shownZone, done.result().resultAt(0));
                if (staffing) {
                    body.put("staffing", new JsonObject().put("handleTime", handleTime).put("target", target)
                            .put("share", p / 100).put("hours", objects(check.result())));
                }
                Answers.json(rc, 200, body);
            });
        });
    }

    /** A positive number of seconds (at least {@code min}), or null when absent. */
    private static Double seconds(BodyReader r, RoutingContext rc, String name, double min) {
        String text = ReportRoutes.single(rc, name);
        if (text == null) {
            return null;
        }
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!(v >= min && v <= 30 * 86_400)) {
            r.error("/" + name, "must be seconds from " + (int) min + " to 2592000");
            return null;
        }
        return v;
    }

    private static JsonArray objects(ReportTable table) {
        JsonArray out = new JsonArray();
        for (List<Object> row : table.rows()) {
            JsonObject o = new JsonObject();
            for (int c = 0; c < table.columns().size(); c++) {
                o.put(table.columns().get(c), row.get(c));
            }
            out.add(o);
        }
        return out;
    }

    private static JsonObject json(AdviceQuery query, ZoneId zone, ReportTable table) {
        JsonArray groups = objects(table);
        JsonArray groupBy = new JsonArray();
        query.groupBy().forEach(d -> groupBy.add(d.wire()));
        return new JsonObject()
                .put("metric", query.metric().wire())
                .put("percentile", query.percentile())
                .put("from", ReportRender.time(query.from(), zone))
                .put("to", ReportRender.time(query.to(), zone))
                .put("zone", zone.getId())
                .put("groupBy", groupBy)
                .put("columns", new JsonArray(table.columns()))
                .put("groups", groups);
    }
}

package io.switchboard.history;

import static io.switchboard.history.SqlParts.compareKeys;
import static io.switchboard.history.SqlParts.in;
import static io.switchboard.history.SqlParts.prepare;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.sla.SlaMetric;
import io.switchboard.store.EventCodec;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The reports that count events rather than archived tickets (docs/reports.md, {@code backlog} and
 * {@code sla-events}): they read {@code ticket_events} (every ticket's timeline, open tickets
 * included, as far as the store has committed) and {@code compensations}, and count an event in
 * the bucket of its own time. Grouped, filtered or scoped, they join each event's ticket to its
 * dimensions in {@code ticket_dims} (no {@code policy}: the route refuses it).
 */
final class EventReportSql {
    private static final EventCodec CODEC = EventCodec.instance();
    private static final List<SlaMetric> METRICS = List.of(SlaMetric.FIRST_RESPONSE, SlaMetric.NEXT_RESPONSE,
            SlaMetric.RESOLUTION);

    private EventReportSql() {}

    /**
     * Backlog per bucket (and group). Each lifecycle event (created, reopened: the ticket is open
     * after it; resolved, closed: it is not) moves the open count by the ticket's change of state,
     * read against its previous lifecycle event (a ticket resolved and then closed leaves the
     * backlog once); open at the end of a bucket is the sum of those moves before the bucket's end.
     * The moves are projected ({@code backlog_moves}, {@link BacklogMoves}), so both statements
     * are plain sums: the open count before the range, then the counts and moves per bucket.
     * Grouped, filtered or scoped, each event takes its ticket's dimensions from ticket_dims.
     */
    static ReportTable backlog(Connection c, ReportQuery q, long visibleUpTo) throws SQLException {
        List<String> args = new ArrayList<>();
        String visible = visibleUpTo == Long.MAX_VALUE ? "" : " AND e.position <= " + visibleUpTo;
        int dims = q.groupBy().size();
        String life = "WITH life AS (SELECT e.event_at, e.event_type" + dimsSelect(q) + ", e.delta FROM backlog_moves e"
                + keyJoin(q, "e") + " WHERE e.event_at < " + q.to() + visible + dimsWhere(q, args) + ") ";
        Map<List<String>, Long> openAtStart = new TreeMap<>(SqlParts::compareKeys);
        try (PreparedStatement ps = prepare(c, life + "SELECT " + groups(dims, "") + "CAST(coalesce(sum(delta), 0)"
                + " AS BIGINT) FROM life WHERE event_at < " + q.from() + groupBy(dims, 0), args);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                openAtStart.put(key(rs, 1, dims), rs.getLong(dims + 1));
            }
        }
        long uniform = uniformLength(q.buckets());
        String bucket = uniform > 0 ? "CAST(" + q.from() + " + floor(CAST(t.event_at - " + q.from()
                + " AS DOUBLE PRECISION) / " + uniform + ") * " + uniform + " AS BIGINT)" : "b.lo";
        StringBuilder sql = new StringBuilder(life).append("SELECT ").append(bucket).append(", ")
                .append(groups(dims, "t."))
                .append(count("t.event_type = 'TicketCreated'")).append(", ")
                .append(count("t.event_type = 'TicketReopened'")).append(", ")
                .append(count("t.event_type = 'TicketResolved'")).append(", ")
                .append(count("t.event_type = 'TicketClosed'"))
                .append(", CAST(coalesce(sum(t.delta), 0) AS BIGINT) FROM life t");
        if (uniform == 0) {
            sql.append(" JOIN ").append(values(q.buckets())).append(" ON t.event_at >= b.lo AND t.event_at < b.hi");
        }
        sql.append(" WHERE t.event_at >= ").append(q.from()).append(" GROUP BY 1");
        for (int d = 0; d < dims; d++) {
            sql.append(", ").append(d + 2);
        }
        Map<List<String>, TreeMap<Long, long[]>> counts = new TreeMap<>(SqlParts::compareKeys);
        try (PreparedStatement ps = prepare(c, sql.toString(), args); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                int col = 2 + dims;
                counts.computeIfAbsent(key(rs, 2, dims), k -> new TreeMap<>()).put(rs.getLong(1), new long[] {
                    rs.getLong(col), rs.getLong(col + 1), rs.getLong(col + 2), rs.getLong(col + 3), rs.getLong(col + 4)});
            }
        }
        TreeSet<List<String>> groups = new TreeSet<>(SqlParts::compareKeys);
        groups.addAll(counts.keySet());
        openAtStart.forEach((k, open) -> {
            if (open != 0) {
                groups.add(k);
            }
        });
        if (dims == 0) {
            groups.add(List.of()); // ungrouped, every bucket gives a row, events or not
        }
        List<List<List<Object>>> perGroup = new ArrayList<>();
        for (List<String> group : groups) {
            long open = openAtStart.getOrDefault(group, 0L);
            TreeMap<Long, long[]> byBucket = counts.getOrDefault(group, new TreeMap<>());
            List<List<Object>> rows = new ArrayList<>();
            for (long[] b : q.buckets()) {
                long[] n = byBucket.getOrDefault(b[0], new long[5]);
                long start = open;
                open += n[4];
                List<Object> row = new ArrayList<>();
                row.add(b[0]);
                row.addAll(group);
                row.addAll(List.of(start, n[0], n[1], n[2], n[3], open));
                row.add(n[2] == 0 ? null : (double) open / n[2]);
                rows.add(row);
            }
            perGroup.add(rows);
        }
        List<List<Object>> rows = new ArrayList<>();
        for (int b = 0; b < q.buckets().size(); b++) {
            for (List<List<Object>> g : perGroup) {
                rows.add(g.get(b));
            }
        }
        List<String> columns = new ArrayList<>(List.of("bucket"));
        q.groupBy().forEach(d -> columns.add(d.wire()));
        columns.addAll(List.of("open_at_start", "created", "reopened", "resolved", "closed", "open_at_end",
                "backlog_ratio"));
        return new ReportTable(columns, rows);
    }

    /**
     * SLA events per bucket (and group): warnings and breaches per metric, escalations per rung
     * (step + 1 of the policy's ladder), and compensations issued with their total per currency.
     * Counted in SQL from {@code sla_alerts} ({@link SlaAlerts}: the SLA events of ticket_events
     * with their metric and rung, projected from the encoded events, not the informal JSON text).
     */
    static ReportTable slaEvents(Connection c, ReportQuery q, long visibleUpTo) throws SQLException {
        List<long[]> buckets = q.buckets();
        int dims = q.groupBy().size();
        int metrics = METRICS.size();
        List<TreeMap<List<String>, Tally>> tallies = new ArrayList<>();
        for (int i = 0; i < buckets.size(); i++) {
            tallies.add(new TreeMap<>(SqlParts::compareKeys));
        }
        TreeSet<Integer> allRungs = new TreeSet<>();
        TreeSet<String> currencies = new TreeSet<>();
        String visible = visibleUpTo == Long.MAX_VALUE ? "" : " AND e.position <= " + visibleUpTo;
        List<String> args = new ArrayList<>();
        String where = dimsWhere(q, args);
        long uniform = uniformLength(buckets);
        String bucket = uniform > 0 ? "CAST(" + q.from() + " + floor(CAST(e.event_at - " + q.from()
                + " AS DOUBLE PRECISION) / " + uniform + ") * " + uniform + " AS BIGINT)" : "b.lo";
        StringBuilder sql = new StringBuilder("SELECT ").append(bucket).append(", e.event_type, e.metric, e.rung, ")
                .append("count(*)").append(dimsSelect(q)).append(" FROM sla_alerts e").append(keyJoin(q, "e"));
        if (uniform == 0) {
            sql.append(" JOIN ").append(values(buckets)).append(" ON e.event_at >= b.lo AND e.event_at < b.hi");
        }
        sql.append(" WHERE e.event_at >= ").append(q.from()).append(" AND e.event_at < ").append(q.to())
                .append(visible).append(where).append(" GROUP BY 1, 2, 3, 4");
        for (int d = 0; d < dims; d++) {
            sql.append(", ").append(d + 6);
        }
        try (PreparedStatement ps = prepare(c, sql.toString(), args); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Tally t = tallies.get(bucketOf(buckets, rs.getLong(1))).computeIfAbsent(key(rs, 6, dims),
                        k -> new Tally(metrics));
                long n = rs.getLong(5);
                String metric = rs.getString(3);
                switch (rs.getString(2)) {
                    case "SlaWarning" -> t.alerts[metricIndex(metric)] += n;
                    case "SlaBreached" -> t.alerts[metrics + metricIndex(metric)] += n;
                    default -> {
                        int rung = rs.getInt(4);
                        t.rungs.merge(rung, n, Long::sum);
                        allRungs.add(rung);
                    }
                }
            }
        }
        try (PreparedStatement ps = prepare(c, "SELECT e.event_at, e.amount, e.currency" + dimsSelect(q)
                + " FROM compensations e" + join(q, "e") + " WHERE e.event_at >= " + q.from() + " AND e.event_at < "
                + q.to() + where, args); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Tally t = tallies.get(bucketOf(buckets, rs.getLong(1))).computeIfAbsent(key(rs, 4, dims),
                        k -> new Tally(metrics));
                t.compensations++;
                t.totals.merge(rs.getString(3), rs.getBigDecimal(2), BigDecimal::add);
                currencies.add(rs.getString(3));
            }
        }
        List<String> columns = new ArrayList<>(List.of("bucket"));
        q.groupBy().forEach(d -> columns.add(d.wire()));
        for (String kind : List.of("warnings_", "breaches_")) {
            METRICS.forEach(m -> columns.add(kind + m.wire()));
        }
        columns.add("escalations");
        allRungs.forEach(r -> columns.add("escalations_rung_" + r));
        columns.add("compensations");
        currencies.forEach(cur -> columns.add("compensation_total_" + cur));
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < buckets.size(); i++) {
            long start = buckets.get(i)[0];
            tallies.get(i).forEach((group, t) -> { // like the other reports: nothing counted, no row
                List<Object> row = new ArrayList<>();
                row.add(start);
                row.addAll(group);
                for (long n : t.alerts) {
                    row.add(n);
                }
                row.add(t.rungs.values().stream().mapToLong(Long::longValue).sum());
                for (int r : allRungs) {
                    row.add(t.rungs.getOrDefault(r, 0L));
                }
                row.add(t.compensations);
                for (String cur : currencies) {
                    row.add(t.totals.getOrDefault(cur, BigDecimal.ZERO).setScale(2));
                }
                rows.add(row);
            });
        }
        return new ReportTable(columns, rows);
    }

    /**
     * Handoffs per bucket (of the transfer's time) and receiving team: each {@code ticket_transferred}
     * to a team, accepted by the ticket's next {@code ticket_assigned} (the handoff time is the
     * time between), overdue when a {@code handoff_overdue} (the engine's alert against the
     * team's limit in force then) came before that. Filters and reach through {@code ticket_dims}.
     */
    static ReportTable handoffs(Connection c, ReportQuery q, long visibleUpTo) throws SQLException {
        List<long[]> buckets = q.buckets();
        String visible = visibleUpTo == Long.MAX_VALUE ? "" : " AND e.position <= " + visibleUpTo;
        List<String> args = new ArrayList<>();
        String sql = "SELECT e.ticket_id, e.event_at, e.event_type, e.payload FROM ticket_events e" + join(q, "e")
                + " WHERE e.event_type IN ('TicketTransferred', 'TicketAssigned', 'HandoffOverdue')" + visible
                + " AND e.ticket_id IN (SELECT x.ticket_id FROM ticket_events x WHERE x.event_type = 'TicketTransferred'"
                + " AND x.event_at >= " + q.from() + " AND x.event_at < " + q.to() + ")" + dimsWhere(q, args)
                + " ORDER BY e.ticket_id, e.position";
        List<TreeMap<String, Handoffs>> perBucket = new ArrayList<>();
        for (int i = 0; i < buckets.size(); i++) {
            perBucket.add(new TreeMap<>());
        }
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            String ticket = null;
            Handoffs open = null; // the tally of the ticket's transfer not accepted yet, or null
            long openAt = 0;
            boolean openOverdue = false;
            while (rs.next()) {
                if (!rs.getString(1).equals(ticket)) {
                    ticket = rs.getString(1);
                    open = null;
                }
                long at = rs.getLong(2);
                switch (rs.getString(3)) {
                    case "TicketTransferred":
                        DomainEvent.TicketTransferred t = (DomainEvent.TicketTransferred) CODEC.decode(rs.getBytes(4));
                        open = null;
                        if (t.team() != null && at >= q.from() && at < q.to()) {
                            open = perBucket.get(bucketOf(buckets, at)).computeIfAbsent(t.team(), k -> new Handoffs());
                            open.handoffs++;
                            openAt = at;
                            openOverdue = false;
                        }
                        break;
                    case "HandoffOverdue":
                        if (open != null && !openOverdue) {
                            open.overdue++;
                            openOverdue = true;
                        }
                        break;
                    default: // assigned: the receiving team took it
                        if (open != null) {
                            open.times.add(at - openAt);
                            open = null;
                        }
                }
            }
        }
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < buckets.size(); i++) {
            long start = buckets.get(i)[0];
            perBucket.get(i).forEach((team, h) -> {
                List<Object> row = new ArrayList<>(List.of(start, team, h.handoffs, (long) h.times.size(), h.overdue));
                h.times.sort(null);
                row.add(h.times.isEmpty() ? null : h.times.stream().mapToLong(Long::longValue).average().orElse(0));
                row.add(percentile(h.times, 0.5));
                row.add(percentile(h.times, 0.9));
                row.add((double) h.overdue / h.handoffs);
                rows.add(row);
            });
        }
        return new ReportTable(List.of("bucket", "team", "handoffs", "accepted", "overdue", "handoff_mean_ms",
                "handoff_p50_ms", "handoff_p90_ms", "overdue_rate"), rows);
    }

    /** The index in {@link #METRICS} of the metric of that wire name. */
    private static int metricIndex(String wire) {
        for (int i = 0; i < METRICS.size(); i++) {
            if (METRICS.get(i).wire().equals(wire)) {
                return i;
            }
        }
        throw new IllegalStateException("sla_alerts holds an unknown metric " + wire);
    }

    /** {@code percentile_cont(p)} of sorted values: linear interpolation at p × (n − 1); null when empty. */
    private static Double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return null;
        }
        double position = p * (sorted.size() - 1);
        int lo = (int) Math.floor(position);
        int hi = (int) Math.ceil(position);
        return sorted.get(lo) + (position - lo) * (sorted.get(hi) - sorted.get(lo));
    }

    /** One bucket and receiving team of {@code handoffs}. */
    private static final class Handoffs {
        long handoffs;
        long overdue;
        final List<Long> times = new ArrayList<>();
    }

    /** One bucket and group of {@code sla-events}. */
    private static final class Tally {
        final long[] alerts; // warnings then breaches, per metric
        final TreeMap<Integer, Long> rungs = new TreeMap<>();
        long compensations;
        final TreeMap<String, BigDecimal> totals = new TreeMap<>();

        Tally(int metrics) {
            alerts = new long[2 * metrics];
        }
    }

    /** True when the query needs each event's ticket dimensions (grouped, filtered or scoped). */
    private static boolean needsDims(ReportQuery q) {
        return !q.groupBy().isEmpty() || !q.filters().isEmpty() || !q.scope().all();
    }

    /**
     * As {@link #join}, for the tables that carry the ticket's integer key (schema 5,
     * {@link TicketKeys}): the same rows, a cheaper join than on the id string.
     */
    private static String keyJoin(ReportQuery q, String alias) {
        return needsDims(q) ? " LEFT JOIN ticket_dims d ON d.ticket_key = " + alias + ".ticket_key" : "";
    }

    private static String join(ReportQuery q, String alias) {
        return needsDims(q) ? " LEFT JOIN ticket_dims d ON d.ticket_id = " + alias + ".ticket_id" : "";
    }

    /** The grouped dimensions' columns, as {@code , d.queue AS g0, ...}. */
    private static String dimsSelect(ReportQuery q) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < q.groupBy().size(); i++) {
            out.append(", ").append(TicketDims.column(q.groupBy().get(i))).append(" AS g").append(i);
        }
        return out.toString();
    }

    /** The filters' and the scope's conditions on ticket_dims, each after " AND "; binds go to {@code args}. */
    private static String dimsWhere(ReportQuery q, List<String> args) {
        StringBuilder out = new StringBuilder();
        q.filters().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(f ->
                out.append(" AND ").append(in(TicketDims.column(f.getKey()), f.getValue(), args)));
        if (!q.scope().all()) {
            List<String> reach = new ArrayList<>();
            if (q.scope().queues() != null) {
                reach.add(in("d.queue", q.scope().queues(), args));
            }
            if (q.scope().agents() != null) {
                reach.add(in("d.handled_by", q.scope().agents(), args));
            }
            out.append(" AND (").append(String.join(" OR ", reach)).append(")");
        }
        return out.toString();
    }

    /** {@code prefix}g0, {@code prefix}g1, ... followed by ", " (empty without dimensions). */
    private static String groups(int dims, String prefix) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < dims; i++) {
            out.append(prefix).append('g').append(i).append(", ");
        }
        return out.toString();
    }

    /** " GROUP BY 1, 2, ..." over the first {@code dims} columns after {@code offset} (empty without dimensions). */
    private static String groupBy(int dims, int offset) {
        if (dims == 0) {
            return "";
        }
        StringBuilder out = new StringBuilder(" GROUP BY ");
        for (int i = 0; i < dims; i++) {
            out.append(i == 0 ? "" : ", ").append(offset + i + 1);
        }
        return out.toString();
    }

    private static List<String> key(ResultSet rs, int first, int dims) throws SQLException {
        List<String> key = new ArrayList<>(dims);
        for (int i = 0; i < dims; i++) {
            key.add(rs.getString(first + i));
        }
        return key;
    }

    /** The index of the bucket holding {@code at} (within the report's range). */
    private static int bucketOf(List<long[]> buckets, long at) {
        int lo = 0;
        int hi = buckets.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (buckets.get(mid)[0] <= at) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private static String count(String condition) {
        return "CAST(coalesce(sum(CASE WHEN " + condition + " THEN 1 ELSE 0 END), 0) AS BIGINT)";
    }

    private static String values(List<long[]> buckets) {
        StringBuilder sql = new StringBuilder("(VALUES ");
        for (int i = 0; i < buckets.size(); i++) {
            long[] b = buckets.get(i);
            sql.append(i == 0 ? "" : ", ").append("(CAST(").append(b[0]).append(" AS BIGINT), CAST(").append(b[1])
                    .append(" AS BIGINT))");
        }
        return sql.append(") AS b(lo, hi)").toString();
    }

    /** The common length of the buckets (the last may be shorter), or 0 when they differ (a DST change). */
    private static long uniformLength(List<long[]> buckets) {
        long length = buckets.get(0)[1] - buckets.get(0)[0];
        for (int i = 1; i < buckets.size(); i++) {
            long l = buckets.get(i)[1] - buckets.get(i)[0];
            if (l != length && !(i == buckets.size() - 1 && l < length)) {
                return 0;
            }
        }
        return length;
    }
}

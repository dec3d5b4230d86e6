package io.switchboard.history;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.SlaBreached;
import io.switchboard.core.event.DomainEvent.SlaEscalated;
import io.switchboard.core.event.DomainEvent.SlaWarning;
import io.switchboard.core.sla.SlaMetric;
import io.switchboard.store.EventCodec;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The reports that count events rather than archived tickets (docs/reports.md, {@code backlog} and
 * {@code sla-events}): they read {@code ticket_events} (every ticket's timeline, open tickets
 * included, as far as the store has committed) and {@code compensations}, and count an event in
 * the bucket of its own time. These tables carry no ticket dimensions, so these reports take no
 * {@code groupBy} or filters and are for admins only (the route enforces both).
 */
final class EventReportSql {
    private static final EventCodec CODEC = EventCodec.instance();
    private static final String OPENS = "('TicketCreated', 'TicketReopened')";
    private static final List<SlaMetric> METRICS = List.of(SlaMetric.FIRST_RESPONSE, SlaMetric.NEXT_RESPONSE,
            SlaMetric.RESOLUTION);

    private EventReportSql() {}

    /**
     * Backlog per bucket. Each lifecycle event (created, reopened: the ticket is open after it;
     * resolved, closed: it is not) moves the open count by the ticket's change of state, read
     * against its previous lifecycle event (a ticket resolved and then closed leaves the backlog
     * once); open at the end of a bucket is the sum of those moves before the bucket's end.
     */
    static ReportTable backlog(Connection c, ReportQuery q, long visibleUpTo) throws SQLException {
        String visible = visibleUpTo == Long.MAX_VALUE ? "" : " AND e.position <= " + visibleUpTo;
        String life = "WITH life AS (SELECT e.event_at, e.event_type, CASE WHEN e.event_type IN " + OPENS
                + " THEN 1 ELSE 0 END - CASE WHEN lag(e.event_type) OVER (PARTITION BY e.ticket_id ORDER BY e.position)"
                + " IN " + OPENS + " THEN 1 ELSE 0 END AS delta FROM ticket_events e WHERE e.event_type IN"
                + " ('TicketCreated', 'TicketReopened', 'TicketResolved', 'TicketClosed') AND e.event_at < " + q.to()
                + visible + ") ";
        long open = 0;
        try (PreparedStatement ps = c.prepareStatement(life + "SELECT CAST(coalesce(sum(delta), 0) AS BIGINT) FROM life"
                + " WHERE event_at < " + q.from()); ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                open = rs.getLong(1);
            }
        }
        long uniform = uniformLength(q.buckets());
        String bucket = uniform > 0 ? "CAST(" + q.from() + " + floor(CAST(t.event_at - " + q.from()
                + " AS DOUBLE PRECISION) / " + uniform + ") * " + uniform + " AS BIGINT)" : "b.lo";
        StringBuilder sql = new StringBuilder(life).append("SELECT ").append(bucket).append(", ")
                .append(count("t.event_type = 'TicketCreated'")).append(", ")
                .append(count("t.event_type = 'TicketReopened'")).append(", ")
                .append(count("t.event_type = 'TicketResolved'")).append(", ")
                .append(count("t.event_type = 'TicketClosed'"))
                .append(", CAST(coalesce(sum(t.delta), 0) AS BIGINT) FROM life t");
        if (uniform == 0) {
            sql.append(" JOIN ").append(values(q.buckets())).append(" ON t.event_at >= b.lo AND t.event_at < b.hi");
        }
        sql.append(" WHERE t.event_at >= ").append(q.from()).append(" GROUP BY 1 ORDER BY 1");
        TreeMap<Long, long[]> counts = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString()); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                    rs.getLong(6)});
            }
        }
        List<List<Object>> rows = new ArrayList<>();
        for (long[] b : q.buckets()) {
            long[] n = counts.getOrDefault(b[0], new long[5]);
            long start = open;
            open += n[4];
            List<Object> row = new ArrayList<>(List.of(b[0], start, n[0], n[1], n[2], n[3], open));
            row.add(n[2] == 0 ? null : (double) open / n[2]);
            rows.add(row);
        }
        return new ReportTable(List.of("bucket", "open_at_start", "created", "reopened", "resolved", "closed",
                "open_at_end", "backlog_ratio"), rows);
    }

    /**
     * SLA events per bucket: warnings and breaches per metric, escalations per rung (step + 1 of
     * the policy's ladder), and compensations issued with their total per currency. The SLA rows
     * of ticket_events are few (a handful per late ticket) and decoded here, from the encoded
     * event (the source of truth), not from the informal JSON text.
     */
    static ReportTable slaEvents(Connection c, ReportQuery q, long visibleUpTo) throws SQLException {
        List<long[]> buckets = q.buckets();
        int metrics = METRICS.size();
        long[][] alerts = new long[buckets.size()][2 * metrics]; // warnings then breaches, per metric
        List<TreeMap<Integer, Long>> rungs = new ArrayList<>();
        long[] compensations = new long[buckets.size()];
        List<TreeMap<String, BigDecimal>> totals = new ArrayList<>();
        for (int i = 0; i < buckets.size(); i++) {
            rungs.add(new TreeMap<>());
            totals.add(new TreeMap<>());
        }
        TreeSet<Integer> allRungs = new TreeSet<>();
        TreeSet<String> currencies = new TreeSet<>();
        String visible = visibleUpTo == Long.MAX_VALUE ? "" : " AND position <= " + visibleUpTo;
        try (PreparedStatement ps = c.prepareStatement("SELECT event_at, payload FROM ticket_events WHERE event_type IN"
                + " ('SlaWarning', 'SlaBreached', 'SlaEscalated') AND event_at >= " + q.from() + " AND event_at < "
                + q.to() + visible); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                int at = bucketOf(buckets, rs.getLong(1));
                DomainEvent event = CODEC.decode(rs.getBytes(2));
                if (event instanceof SlaWarning w) {
                    alerts[at][METRICS.indexOf(w.metric())]++;
                } else if (event instanceof SlaBreached b) {
                    alerts[at][metrics + METRICS.indexOf(b.metric())]++;
                } else if (event instanceof SlaEscalated e) {
                    rungs.get(at).merge(e.step() + 1, 1L, Long::sum);
                    allRungs.add(e.step() + 1);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT event_at, amount, currency FROM compensations WHERE"
                + " event_at >= " + q.from() + " AND event_at < " + q.to()); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                int at = bucketOf(buckets, rs.getLong(1));
                compensations[at]++;
                totals.get(at).merge(rs.getString(3), rs.getBigDecimal(2), BigDecimal::add);
                currencies.add(rs.getString(3));
            }
        }
        List<String> columns = new ArrayList<>(List.of("bucket"));
        for (String kind : List.of("warnings_", "breaches_")) {
            METRICS.forEach(m -> columns.add(kind + m.wire()));
        }
        columns.add("escalations");
        allRungs.forEach(r -> columns.add("escalations_rung_" + r));
        columns.add("compensations");
        currencies.forEach(cur -> columns.add("compensation_total_" + cur));
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < buckets.size(); i++) {
            long escalations = rungs.get(i).values().stream().mapToLong(Long::longValue).sum();
            boolean any = escalations > 0 || compensations[i] > 0;
            for (long n : alerts[i]) {
                any |= n > 0;
            }
            if (!any) {
                continue; // like the other reports: a bucket with nothing to count gives no row
            }
            List<Object> row = new ArrayList<>();
            row.add(buckets.get(i)[0]);
            for (long n : alerts[i]) {
                row.add(n);
            }
            row.add(escalations);
            for (int r : allRungs) {
                row.add(rungs.get(i).getOrDefault(r, 0L));
            }
            row.add(compensations[i]);
            for (String cur : currencies) {
                row.add(totals.get(i).getOrDefault(cur, BigDecimal.ZERO).setScale(2));
            }
            rows.add(row);
        }
        return new ReportTable(columns, rows);
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

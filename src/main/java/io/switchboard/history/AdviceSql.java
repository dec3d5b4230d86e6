package io.switchboard.history;

import static io.switchboard.history.SqlParts.in;

import io.switchboard.history.ReportQuery.Dimension;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import io.switchboard.core.sla.SlaMetric;
import io.switchboard.core.sla.SlaPolicy;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;

/**
 * The SLA advice's SQL (docs/reports.md, "SLA advice"): one statement over {@code report_tickets},
 * the same text on DuckDB and PostgreSQL. Per group: the metric's business time at p50, p90 and
 * the chosen percentile ({@code percentile_cont}, one sort), the targets the tickets were held to
 * and how often they met them. The margin and attainment are computed here, in Java.
 */
final class AdviceSql {
    private AdviceSql() {}

    static ReportTable run(Connection c, AdviceQuery q, long visibleUpTo) throws SQLException {
        String clock = q.metric().clock;
        String business = "t." + clock + "_elapsed_ms";
        String target = "t." + clock + "_target_ms";
        String p = BigDecimal.valueOf(q.percentile()).movePointLeft(2).stripTrailingZeros().toPlainString();
        StringBuilder sql = new StringBuilder("SELECT ");
        List<String> columns = new ArrayList<>();
        for (Dimension d : q.groupBy()) {
            sql.append(d.column).append(", ");
            columns.add(d.wire());
        }
        sql.append("count(*), percentile_cont(ARRAY[0.5, 0.9, ").append(p).append("]) WITHIN GROUP (ORDER BY ")
                .append(business).append("), min(").append(target).append("), max(").append(target).append("), ")
                .append(count(target + " IS NOT NULL AND NOT t." + clock + "_breached")).append(", ")
                .append(count(target + " IS NOT NULL AND t." + clock + "_breached"))
                .append(" FROM report_tickets t");
        List<String> args = new ArrayList<>();
        String conditions = conditions(q, visibleUpTo, args);
        sql.append(conditions);
        if (!q.groupBy().isEmpty()) {
            StringBuilder order = new StringBuilder(" ORDER BY ");
            sql.append(" GROUP BY ");
            for (int d = 0; d < q.groupBy().size(); d++) {
                sql.append(d == 0 ? "" : ", ").append(d + 1);
                order.append(d == 0 ? "" : ", ").append(d + 1).append(" NULLS LAST");
            }
            sql.append(order);
        }
        columns.addAll(List.of("measured", "business_p50_ms", "business_p90_ms", "supported_target_ms", "target_ms",
                "target_min_ms", "target_max_ms", "met", "missed", "attainment", "margin_ms", "configured_policy",
                "configured_target_ms", "configured_target_min_ms", "configured_target_max_ms", "configured_margin_ms"));
        Map<List<String>, Configured> configured = q.configured() == null ? Map.of() : configured(c, q, conditions, args);
        List<List<Object>> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setString(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int col = 1;
                    List<Object> row = new ArrayList<>();
                    for (int d = 0; d < q.groupBy().size(); d++) {
                        row.add(rs.getString(col++));
                    }
                    long measured = rs.getLong(col++);
                    if (measured == 0) {
                        continue; // no group by: the one aggregate row of an empty population
                    }
                    row.add(measured);
                    Object[] percentiles = (Object[]) rs.getArray(col++).getArray();
                    for (Object v : percentiles) {
                        row.add(((Number) v).doubleValue());
                    }
                    Long min = nullableLong(rs, col++);
                    Long max = nullableLong(rs, col++);
                    long met = rs.getLong(col++);
                    long missed = rs.getLong(col);
                    Long one = min != null && min.equals(max) ? min : null;
                    row.add(one);
                    row.add(min);
                    row.add(max);
                    row.add(met);
                    row.add(missed);
                    row.add(met + missed == 0 ? null : (double) met / (met + missed));
                    row.add(one == null ? null : one - ((Number) percentiles[2]).doubleValue());
                    Configured today = configured.get(new ArrayList<>(row.subList(0, q.groupBy().size())));
                    if (today == null) {
                        row.addAll(java.util.Arrays.asList(null, null, null, null, null));
                    } else {
                        today.addTo(row, ((Number) percentiles[2]).doubleValue());
                    }
                    rows.add(row);
                }
            }
        }
        return new ReportTable(columns, rows);
    }

    /** The population's conditions (after FROM report_tickets t), the same for every statement of one advice. */
    private static String conditions(AdviceQuery q, long visibleUpTo, List<String> args) {
        String business = "t." + q.metric().clock + "_elapsed_ms";
        StringBuilder sql = new StringBuilder(" WHERE t.").append(q.metric().measuredAt).append(" IS NOT NULL AND ")
                .append(business).append(" IS NOT NULL AND t.created_at >= ").append(q.from())
                .append(" AND t.created_at < ").append(q.to());
        if (visibleUpTo != Long.MAX_VALUE) {
            sql.append(" AND t.archived_position <= ").append(visibleUpTo);
        }
        if (!q.scope().all()) {
            List<String> reach = new ArrayList<>();
            if (q.scope().queues() != null) {
                reach.add(in("t.queue", q.scope().queues(), args));
            }
            if (q.scope().agents() != null) {
                reach.add(in("t.handled_by", q.scope().agents(), args));
            }
            sql.append(" AND (").append(String.join(" OR ", reach)).append(")");
        }
        return sql.toString();
    }

    /**
     * Per group, the targets today's configuration gives its tickets: each distinct combination
     * of the values a policy matches on (the ticket's final tier, priority, channel, type and
     * queue) is matched against {@code q.configured()} here, in Java, as the engine matches them.
     */
    private static Map<List<String>, Configured> configured(Connection c, AdviceQuery q, String conditions,
            List<String> args) throws SQLException {
        SlaMetric metric = SlaMetric.valueOf(q.metric().name());
        int dims = q.groupBy().size();
        StringBuilder sql = new StringBuilder("SELECT ");
        for (Dimension d : q.groupBy()) {
            sql.append(d.column).append(", ");
        }
        sql.append("t.customer_tier, t.priority, t.channel, t.type, t.queue FROM report_tickets t").append(conditions)
                .append(" GROUP BY ");
        for (int i = 1; i <= dims + 5; i++) {
            sql.append(i == 1 ? "" : ", ").append(i);
        }
        Map<List<String>, Configured> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setString(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> key = new ArrayList<>();
                    for (int d = 1; d <= dims; d++) {
                        key.add(rs.getString(d));
                    }
                    SlaPolicy policy = q.configured().policyFor(CustomerTier.parse(rs.getString(dims + 1)).orElse(null),
                            Priority.parse(rs.getString(dims + 2)).orElse(null),
                            Channel.parse(rs.getString(dims + 3)).orElse(null), rs.getString(dims + 4),
                            rs.getString(dims + 5)).orElse(null);
                    long target = policy == null ? 0 : policy.targets().of(metric);
                    out.computeIfAbsent(key, k -> new Configured()).add(target > 0 ? policy.name() : null, target);
                }
            }
        }
        return out;
    }

    /** The targets today's configuration gives one group's tickets (0: no policy, or none for this clock). */
    private static final class Configured {
        private final java.util.Set<String> policies = new java.util.HashSet<>();
        private long min = Long.MAX_VALUE;
        private long max = Long.MIN_VALUE;
        private boolean none;

        void add(String policy, long target) {
            if (target <= 0) {
                none = true;
                return;
            }
            policies.add(policy);
            min = Math.min(min, target);
            max = Math.max(max, target);
        }

        /** configured_policy, configured_target_ms, _min, _max, configured_margin_ms (against {@code supported}). */
        void addTo(List<Object> row, double supported) {
            boolean any = max != Long.MIN_VALUE;
            Long one = any && !none && min == max ? min : null;
            row.add(!none && policies.size() == 1 ? policies.iterator().next() : null);
            row.add(one);
            row.add(any ? min : null);
            row.add(any ? max : null);
            row.add(one == null ? null : one - supported);
        }
    }

    private static Long nullableLong(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    private static String count(String condition) {
        return "CAST(coalesce(sum(CASE WHEN " + condition + " THEN 1 ELSE 0 END), 0) AS BIGINT)";
    }
}

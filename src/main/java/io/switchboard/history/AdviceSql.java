package io.switchboard.history;

import io.switchboard.history.ReportQuery.Dimension;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
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
                .append(" FROM report_tickets t WHERE t.").append(q.metric().measuredAt).append(" IS NOT NULL AND ")
                .append(business).append(" IS NOT NULL AND t.created_at >= ").append(q.from())
                .append(" AND t.created_at < ").append(q.to());
        if (visibleUpTo != Long.MAX_VALUE) {
            sql.append(" AND t.archived_position <= ").append(visibleUpTo);
        }
        List<String> args = new ArrayList<>();
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
                "target_min_ms", "target_max_ms", "met", "missed", "attainment", "margin_ms"));
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
                    rows.add(row);
                }
            }
        }
        return new ReportTable(columns, rows);
    }

    private static Long nullableLong(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    private static String count(String condition) {
        return "CAST(coalesce(sum(CASE WHEN " + condition + " THEN 1 ELSE 0 END), 0) AS BIGINT)";
    }

    private static String in(String column, Set<String> values, List<String> args) {
        if (values.isEmpty()) {
            return "1 = 0";
        }
        args.addAll(values.stream().sorted().toList());
        return column + " IN (" + "?, ".repeat(values.size() - 1) + "?)";
    }
}

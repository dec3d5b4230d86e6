package io.switchboard.history;

import static io.switchboard.history.SqlParts.in;

import io.switchboard.history.ReportQuery.Dimension;
import io.switchboard.history.ReportQuery.Report;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The reports' SQL: one statement per report, the same text on DuckDB and PostgreSQL (ordered-set
 * {@code percentile_cont ... WITHIN GROUP}, {@code VALUES} lists, explicit casts), over
 * {@code report_tickets} alone. Tickets count in the bucket of their creation: buckets of one
 * length (hours, and days or weeks without a daylight-saving change) are computed from the
 * creation time, others by a range join on a {@code VALUES} list of the buckets.
 * The measures are defined once, in docs/reports.md; rates are divided here, in Java, so both
 * backends round alike. Buckets and groups without tickets give no row.
 */
final class ReportSql {
    private static final String FR_WALL = "(t.first_reply_at - t.created_at)";
    private static final String FR_BUSINESS = "CASE WHEN t.first_reply_at IS NOT NULL THEN t.first_response_elapsed_ms END";
    private static final String RES_WALL = "(t.resolved_at - t.created_at)";
    private static final String RES_BUSINESS = "CASE WHEN t.resolved_at IS NOT NULL THEN t.resolution_elapsed_ms END";

    private ReportSql() {}

    /**
     * One measure: its SQL aggregate and its columns in the answer; a count, a real, or the
     * percentiles of {@link #PERCENTILES} as one array (one sort for all three).
     */
    private record Measure(String name, String sql, Kind kind) {
        Measure(String name, String sql) {
            this(name, sql, Kind.COUNT);
        }

        List<String> columns() {
            return kind == Kind.PERCENTILES ? PERCENTILES.stream().map(p -> name + "_p" + p + "_ms").toList()
                    : List.of(name);
        }
    }

    private enum Kind { COUNT, REAL, PERCENTILES }

    private static final List<String> PERCENTILES = List.of("50", "90", "99");

    static ReportTable run(Connection c, ReportQuery q, long visibleUpTo) throws SQLException {
        List<Measure> measures = measures(q.report());
        List<String> columns = new ArrayList<>();
        columns.add("bucket");
        q.groupBy().forEach(d -> columns.add(d.wire()));
        long from = q.from();
        long uniform = uniformLength(q.buckets());
        StringBuilder sql = new StringBuilder("SELECT ");
        sql.append(uniform > 0 ? "CAST(" + from + " + floor(CAST(t.created_at - " + from + " AS DOUBLE PRECISION) / "
                + uniform + ") * " + uniform + " AS BIGINT)" : "b.lo");
        for (Dimension d : q.groupBy()) {
            sql.append(", ").append(d.column);
        }
        for (Measure m : measures) {
            sql.append(", ").append(m.sql());
            columns.addAll(m.columns());
        }
        sql.append(" FROM report_tickets t");
        if (uniform == 0) {
            sql.append(" JOIN (VALUES ");
            for (int i = 0; i < q.buckets().size(); i++) {
                long[] b = q.buckets().get(i);
                sql.append(i == 0 ? "" : ", ").append("(CAST(").append(b[0]).append(" AS BIGINT), CAST(").append(b[1])
                        .append(" AS BIGINT))");
            }
            sql.append(") AS b(lo, hi) ON t.created_at >= b.lo AND t.created_at < b.hi");
        }
        List<String> args = new ArrayList<>();
        sql.append(" WHERE t.created_at >= ").append(from).append(" AND t.created_at < ").append(q.to());
        if (visibleUpTo != Long.MAX_VALUE) {
            sql.append(" AND t.archived_position <= ").append(visibleUpTo);
        }
        q.filters().forEach((d, values) -> sql.append(" AND ").append(in(d.column, values, args)));
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
        sql.append(" GROUP BY 1");
        StringBuilder order = new StringBuilder(" ORDER BY 1");
        for (int d = 0; d < q.groupBy().size(); d++) {
            sql.append(", ").append(d + 2);
            order.append(", ").append(d + 2).append(" NULLS LAST");
        }
        sql.append(order);
        List<List<Object>> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setString(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Object> row = new ArrayList<>(columns.size());
                    row.add(rs.getLong(1));
                    int col = 2;
                    for (int d = 0; d < q.groupBy().size(); d++) {
                        row.add(rs.getString(col++));
                    }
                    for (Measure m : measures) {
                        switch (m.kind()) {
                            case COUNT:
                                row.add(rs.getLong(col++));
                                break;
                            case REAL:
                                row.add(nullableDouble(rs, col++));
                                break;
                            default:
                                java.sql.Array values = rs.getArray(col++);
                                Object[] each = values == null ? null : (Object[]) values.getArray();
                                for (int p = 0; p < PERCENTILES.size(); p++) {
                                    row.add(each == null || each[p] == null ? null : ((Number) each[p]).doubleValue());
                                }
                        }
                    }
                    rows.add(row);
                }
            }
        }
        return derive(q.report(), columns, rows);
    }

    /** The common length of the buckets (the last may be shorter), or 0 when they differ (a DST change). */
    private static long uniformLength(List<long[]> buckets) {
        long length = buckets.get(0)[1] - buckets.get(0)[0];
        for (int i = 1; i < buckets.size(); i++) {
            long[] b = buckets.get(i);
            long l = b[1] - b[0];
            if (l != length && !(i == buckets.size() - 1 && l < length)) {
                return 0;
            }
        }
        return length;
    }

    private static Double nullableDouble(ResultSet rs, int col) throws SQLException {
        double v = rs.getDouble(col);
        return rs.wasNull() ? null : v;
    }

    private static List<Measure> measures(Report report) {
        List<Measure> m = new ArrayList<>();
        m.add(new Measure("tickets", "count(*)"));
        switch (report) {
            case RESPONSE_TIMES:
                m.add(new Measure("first_response_count", "count(t.first_reply_at)"));
                distribution(m, "first_response_wall", FR_WALL);
                distribution(m, "first_response_business", FR_BUSINESS);
                attainment(m, "first_response");
                m.add(new Measure("resolution_count", "count(t.resolved_at)"));
                distribution(m, "resolution_wall", RES_WALL);
                distribution(m, "resolution_business", RES_BUSINESS);
                attainment(m, "resolution");
                break;
            case RESOLUTION:
                m.add(new Measure("resolved", "count(t.resolved_at)"));
                m.add(new Measure("first_contact_resolved", sum("t.resolved_at IS NOT NULL AND t.reopens = 0"
                        + " AND t.transfers = 0 AND t.agents <= 1")));
                m.add(new Measure("reopened", sum("t.resolved_at IS NOT NULL AND t.reopens > 0")));
                m.add(new Measure("transferred", sum("t.transfers > 0")));
                m.add(new Measure("transfers", "CAST(coalesce(sum(t.transfers), 0) AS BIGINT)"));
                break;
            case SATISFACTION:
                m.add(new Measure("resolved", "count(t.resolved_at)"));
                m.add(new Measure("rated", "count(t.csat)"));
                m.add(new Measure("csat_mean", "avg(CAST(t.csat AS DOUBLE PRECISION))", Kind.REAL));
                for (int k = 1; k <= 5; k++) {
                    m.add(new Measure("csat_" + k, sum("t.csat = " + k)));
                }
                m.add(new Measure("promoters", sum("t.nps >= 9")));
                m.add(new Measure("passives", sum("t.nps BETWEEN 7 AND 8")));
                m.add(new Measure("detractors", sum("t.nps <= 6")));
                break;
            default:
                throw new IllegalArgumentException(report.toString());
        }
        return m;
    }

    /** count of matching tickets as BIGINT on both backends. */
    private static String sum(String condition) {
        return "CAST(coalesce(sum(CASE WHEN " + condition + " THEN 1 ELSE 0 END), 0) AS BIGINT)";
    }

    private static void distribution(List<Measure> m, String name, String expr) {
        m.add(new Measure(name + "_mean_ms", "avg(CAST(" + expr + " AS DOUBLE PRECISION))", Kind.REAL));
        // One ordered-set aggregate for the three percentiles (an array on both backends): a sort
        // each would cost three times as much. ORDER BY the BIGINT itself: PostgreSQL casts it to
        // double precision implicitly, DuckDB sorts integers faster than cast doubles.
        m.add(new Measure(name, "percentile_cont(ARRAY[" + PERCENTILES.stream().map(p -> "0." + p)
                .collect(java.util.stream.Collectors.joining(", ")) + "]) WITHIN GROUP (ORDER BY " + expr + ")",
                Kind.PERCENTILES));
    }

    private static void attainment(List<Measure> m, String metric) {
        m.add(new Measure(metric + "_met", sum("t." + metric + "_target_ms IS NOT NULL AND NOT t." + metric + "_breached")));
        m.add(new Measure(metric + "_missed", sum("t." + metric + "_target_ms IS NOT NULL AND t." + metric + "_breached")));
    }

    /** Adds the rates (divided here so both backends round alike) and gives measures their final names. */
    private static ReportTable derive(Report report, List<String> columns, List<List<Object>> rows) {
        switch (report) {
            case RESPONSE_TIMES:
                return addRates(columns, rows, new String[][] {
                    {"first_response_attainment", "first_response_met", "first_response_met+first_response_missed"},
                    {"resolution_attainment", "resolution_met", "resolution_met+resolution_missed"}});
            case RESOLUTION:
                return addRates(columns, rows, new String[][] {
                    {"first_contact_resolution_rate", "first_contact_resolved", "resolved"},
                    {"reopen_rate", "reopened", "resolved"}});
            case SATISFACTION: {
                ReportTable rated = addRates(columns, rows, new String[][] {{"response_rate", "rated", "resolved"}});
                List<String> cols = new ArrayList<>(rated.columns());
                cols.add("nps");
                int promoters = cols.indexOf("promoters");
                int detractors = cols.indexOf("detractors");
                int ratedCol = cols.indexOf("rated");
                List<List<Object>> out = new ArrayList<>();
                for (List<Object> row : rated.rows()) {
                    List<Object> r = new ArrayList<>(row);
                    long n = (Long) row.get(ratedCol);
                    r.add(n == 0 ? null : 100.0 * ((Long) row.get(promoters) - (Long) row.get(detractors)) / n);
                    out.add(r);
                }
                return new ReportTable(cols, out);
            }
            default:
                throw new IllegalArgumentException(report.toString());
        }
    }

    /** Each spec {name, numerator, denominator (a column or a+b)}: numerator / denominator, null when 0. */
    private static ReportTable addRates(List<String> columns, List<List<Object>> rows, String[][] specs) {
        List<String> cols = new ArrayList<>(columns);
        for (String[] spec : specs) {
            cols.add(spec[0]);
        }
        List<List<Object>> out = new ArrayList<>();
        for (List<Object> row : rows) {
            List<Object> r = new ArrayList<>(row);
            for (String[] spec : specs) {
                long numerator = (Long) row.get(columns.indexOf(spec[1]));
                long denominator = 0;
                for (String part : spec[2].split("\\+")) {
                    denominator += (Long) row.get(columns.indexOf(part));
                }
                r.add(denominator == 0 ? null : (double) numerator / denominator);
            }
            out.add(r);
        }
        return new ReportTable(cols, out);
    }
}

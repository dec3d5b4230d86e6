package io.switchboard.history;

import io.switchboard.history.ReportQuery.Dimension;
import io.switchboard.history.ReportQuery.Report;
import io.switchboard.history.ReportQuery.Scope;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reports a golden history store is checked with: every report, whole range in one bucket,
 * plain, grouped by team and by channel, and scoped to a supervisor's reach, rendered as text.
 * The build that wrote the store renders them into {@code reports.txt} next to it
 * ({@link GoldenHistoryWriter}); later builds must render the same text after migrating it.
 */
final class GoldenReports {
    private GoldenReports() {}

    static String render(HistoryStore store, long from, long to) {
        StringBuilder out = new StringBuilder("from " + from + " to " + to + "\n");
        List<long[]> all = List.of(new long[] {from, to});
        Scope supervisor = new Scope(Set.of("vip", "billing"), Set.of("alice"));
        for (Report r : Report.values()) {
            boolean grouped = r.perTicket();
            add(out, store, new ReportQuery(r, ZoneId.of("UTC"), all, List.of(), Map.of(), Scope.ALL));
            if (grouped) {
                add(out, store, new ReportQuery(r, ZoneId.of("UTC"), all, List.of(Dimension.TEAM), Map.of(),
                        Scope.ALL));
                add(out, store, new ReportQuery(r, ZoneId.of("UTC"), all, List.of(Dimension.CHANNEL), Map.of(),
                        Scope.ALL));
            }
            add(out, store, new ReportQuery(r, ZoneId.of("UTC"), all, List.of(), Map.of(), supervisor));
        }
        return out.toString();
    }

    private static void add(StringBuilder out, HistoryStore store, ReportQuery q) {
        ReportTable t = store.report(q);
        out.append(q.report().wire()).append(" groupBy=").append(q.groupBy()).append(" scope=")
                .append(q.scope().all() ? "all" : "supervisor").append('\n').append(t.columns()).append('\n');
        for (List<Object> row : t.rows()) {
            out.append(row).append('\n');
        }
    }

    /** The range a rendering covers, from its first line. */
    static long[] range(String rendered) {
        String[] first = rendered.substring(0, rendered.indexOf('\n')).split(" ");
        return new long[] {Long.parseLong(first[1]), Long.parseLong(first[3])};
    }
}

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

    /**
     * Every archived ticket the store lists (seq order, all pages) with its timeline as
     * {@link HistoryStore#ticket} reads it, one line per ticket and per event ({@code toString} of
     * the records): what a later build must read the same after migrating the store.
     */
    static String timelines(HistoryStore store) {
        StringBuilder out = new StringBuilder();
        long after = 0;
        boolean more = true;
        while (more) {
            HistoryPage page = store.list(HistoryFilter.ALL, after, 1000);
            for (ArchivedRecord listed : page.tickets()) {
                ArchivedRecord r = store.ticket(listed.ticket().id()).orElseThrow();
                canonical(out, r.ticket());
                out.append('\n');
                for (Object e : r.timeline()) {
                    canonical(out.append("  "), e);
                    out.append('\n');
                }
                after = r.ticket().seq();
            }
            more = page.more();
        }
        return out.toString();
    }

    /** A record's text with its maps' entries in key order (a {@code Map.copyOf}'s order changes per JVM). */
    private static void canonical(StringBuilder out, Object value) {
        if (value instanceof Record r) {
            out.append(r.getClass().getSimpleName()).append('[');
            java.lang.reflect.RecordComponent[] parts = r.getClass().getRecordComponents();
            for (int i = 0; i < parts.length; i++) {
                try {
                    java.lang.reflect.Method m = parts[i].getAccessor();
                    m.setAccessible(true);
                    canonical(out.append(i == 0 ? "" : ", ").append(parts[i].getName()).append('='), m.invoke(r));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            map.entrySet().stream().sorted(java.util.Comparator.comparing(e -> String.valueOf(e.getKey())))
                    .forEach(e -> canonical(out.append(e.getKey()).append('='), e.getValue()));
            out.append('}');
        } else if (value instanceof java.util.Collection<?> list) {
            out.append('[');
            list.forEach(v -> canonical(out.append(' '), v));
            out.append(']');
        } else {
            out.append(value);
        }
    }

    /** The range a rendering covers, from its first line. */
    static long[] range(String rendered) {
        String[] first = rendered.substring(0, rendered.indexOf('\n')).split(" ");
        return new long[] {Long.parseLong(first[1]), Long.parseLong(first[3])};
    }
}

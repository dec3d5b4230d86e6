package io.switchboard.history;

import io.switchboard.history.ReportQuery.Dimension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code occupancy} report (docs/reports.md): per bucket and agent, the time spent in each
 * presence, from the presence history ({@code agent_presence}: a {@code presence} row sets the
 * agent's presence, a {@code disconnect} makes it offline; before an agent's first row it is
 * offline). Read in Java: presence changes are few (a handful per agent and day).
 */
final class OccupancySql {
    private static final List<String> STATES = List.of("available", "busy", "away");

    private OccupancySql() {}

    static ReportTable run(Connection c, ReportQuery q, long visibleUpTo) throws SQLException {
        List<long[]> buckets = q.buckets();
        Set<String> only = q.filters().get(Dimension.AGENT);
        Set<String> reach = q.scope().all() ? null : q.scope().agents() == null ? Set.of() : q.scope().agents();
        // per agent: per bucket, ms in available, busy, away
        TreeMap<String, long[][]> time = new TreeMap<>();
        Map<String, String> state = new HashMap<>();
        Map<String, Long> since = new HashMap<>();
        String visible = visibleUpTo == Long.MAX_VALUE ? "" : " AND position <= " + visibleUpTo;
        try (PreparedStatement ps = c.prepareStatement("SELECT agent_id, event_at, kind, presence FROM agent_presence"
                + " WHERE event_at < " + q.to() + visible + " ORDER BY position"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String agent = rs.getString(1);
                String kind = rs.getString(3);
                if (!"presence".equals(kind) && !"disconnect".equals(kind)) {
                    continue;
                }
                long at = rs.getLong(2);
                add(time, buckets, agent, state.get(agent), since.getOrDefault(agent, at), at);
                state.put(agent, "presence".equals(kind) ? rs.getString(4) : "offline");
                since.put(agent, at);
            }
        }
        for (Map.Entry<String, String> e : state.entrySet()) {
            add(time, buckets, e.getKey(), e.getValue(), since.get(e.getKey()), q.to());
        }
        Map<String, String> teams = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT agent_id, team FROM agents");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                teams.put(rs.getString(1), rs.getString(2));
            }
        }
        List<List<Object>> rows = new ArrayList<>();
        for (int b = 0; b < buckets.size(); b++) {
            for (Map.Entry<String, long[][]> e : time.entrySet()) {
                String agent = e.getKey();
                if ((only != null && !only.contains(agent)) || (reach != null && !reach.contains(agent))) {
                    continue;
                }
                long[] ms = e.getValue()[b];
                long present = ms[0] + ms[1] + ms[2];
                if (present == 0) {
                    continue; // like the other reports: nothing to count, no row
                }
                long ready = ms[0] + ms[1];
                rows.add(java.util.Arrays.asList(buckets.get(b)[0], agent, teams.getOrDefault(agent, ""), ms[0], ms[1],
                        ms[2], present, (double) ms[0] / present, ready == 0 ? null : (double) ms[1] / ready));
            }
        }
        return new ReportTable(List.of("bucket", "agent", "team", "available_ms", "busy_ms", "away_ms", "present_ms",
                "available_share", "utilisation"), nullTeams(rows));
    }

    /** Team "" (unknown) back to null: List.of refuses nulls. */
    private static List<List<Object>> nullTeams(List<List<Object>> rows) {
        List<List<Object>> out = new ArrayList<>();
        for (List<Object> row : rows) {
            List<Object> r = new ArrayList<>(row);
            if ("".equals(r.get(2))) {
                r.set(2, null);
            }
            out.add(r);
        }
        return out;
    }

    /** Adds {@code [start, end)} in {@code presence} (null: offline, not counted) to the agent's buckets. */
    private static void add(TreeMap<String, long[][]> time, List<long[]> buckets, String agent, String presence,
            long start, long end) {
        int s = presence == null ? -1 : STATES.indexOf(presence);
        if (s < 0) {
            return;
        }
        long[][] ms = time.computeIfAbsent(agent, a -> new long[buckets.size()][STATES.size()]);
        for (int b = 0; b < buckets.size(); b++) {
            long lo = Math.max(start, buckets.get(b)[0]);
            long hi = Math.min(end, buckets.get(b)[1]);
            if (hi > lo) {
                ms[b][s] += hi - lo;
            }
        }
    }
}

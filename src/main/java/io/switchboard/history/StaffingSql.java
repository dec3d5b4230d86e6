package io.switchboard.history;

import io.switchboard.core.sla.ErlangC;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SLA advice's staffing check (docs/reports.md, "Staffing check"), per hour of the week in a
 * calendar's zone (168 slots, Monday 00:00 first): the arrival rate (tickets created, from every
 * timeline in {@code ticket_events}, per hour of that slot in the range), the agents available
 * (mean number of agents whose presence was {@code available}, from {@code agent_presence}: a
 * presence change sets it, a disconnect makes it offline), and with Erlang C the agents needed
 * for {@code share} of arrivals answered within {@code targetSeconds} at {@code handleSeconds} per
 * ticket; an hour is infeasible when fewer agents were available than needed. UTC hours are
 * assigned to the local slot of their start (zones with a half-hour offset shift by 30 min).
 */
final class StaffingSql {
    static final long HOUR = 3_600_000;
    static final int SLOTS = 168;

    private StaffingSql() {}

    static ReportTable run(Connection c, StaffingQuery q, long visibleUpTo) throws SQLException {
        long from = Math.floorDiv(q.from(), HOUR) * HOUR; // whole UTC hours covering the range
        long to = Math.floorDiv(q.to() + HOUR - 1, HOUR) * HOUR;
        long[] hours = new long[SLOTS];
        for (long h = from; h < to; h += HOUR) {
            hours[slot(h, q.zone())]++;
        }
        long[] arrivals = new long[SLOTS];
        String visible = visibleUpTo == Long.MAX_VALUE ? "" : " AND position <= " + visibleUpTo;
        try (PreparedStatement ps = c.prepareStatement("SELECT CAST(floor(CAST(event_at AS DOUBLE PRECISION) / " + HOUR
                + ") AS BIGINT), count(*) FROM ticket_events WHERE event_type = 'TicketCreated' AND event_at >= " + from
                + " AND event_at < " + to + visible + " GROUP BY 1"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                arrivals[slot(rs.getLong(1) * HOUR, q.zone())] += rs.getLong(2);
            }
        }
        double[] availableMs = new double[SLOTS];
        Map<String, Long> availableSince = new HashMap<>(); // agents available now, since when
        try (PreparedStatement ps = c.prepareStatement("SELECT agent_id, event_at, kind, presence FROM agent_presence"
                + " WHERE event_at < " + to + visible + " ORDER BY position"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String agent = rs.getString(1);
                long at = rs.getLong(2);
                String kind = rs.getString(3);
                boolean available = "presence".equals(kind) && "available".equals(rs.getString(4));
                boolean changes = "presence".equals(kind) || "disconnect".equals(kind);
                if (!changes) {
                    continue;
                }
                Long since = availableSince.remove(agent);
                if (since != null) {
                    spread(availableMs, since, at, from, to, q.zone());
                }
                if (available) {
                    availableSince.put(agent, at);
                }
            }
        }
        availableSince.values().forEach(since -> spread(availableMs, since, to, from, to, q.zone()));
        List<List<Object>> rows = new ArrayList<>();
        for (int s = 0; s < SLOTS; s++) {
            if (hours[s] == 0) {
                continue;
            }
            double rate = (double) arrivals[s] / hours[s];
            double agents = availableMs[s] / (hours[s] * (double) HOUR);
            int needed = ErlangC.agentsNeeded(ErlangC.traffic(rate, q.handleSeconds()), q.handleSeconds(),
                    q.targetSeconds(), q.share());
            rows.add(List.of((long) s, hours[s], arrivals[s], rate, agents, (long) needed, agents < needed));
        }
        return new ReportTable(List.of("hour_of_week", "hours", "arrivals", "arrivals_per_hour", "agents_available",
                "agents_needed", "infeasible"), rows);
    }

    /** Adds the part of {@code [start, end)} inside {@code [from, to)} to the slots of the hours it spans. */
    private static void spread(double[] ms, long start, long end, long from, long to, ZoneId zone) {
        long lo = Math.max(start, from);
        long hi = Math.min(end, to);
        while (lo < hi) {
            long hourEnd = Math.min(hi, Math.floorDiv(lo, HOUR) * HOUR + HOUR);
            ms[slot(lo, zone)] += hourEnd - lo;
            lo = hourEnd;
        }
    }

    /** The local hour of the week (0 = Monday 00:00) of the UTC hour holding {@code at}. */
    static int slot(long at, ZoneId zone) {
        ZonedDateTime local = Instant.ofEpochMilli(Math.floorDiv(at, HOUR) * HOUR).atZone(zone);
        return (local.getDayOfWeek().getValue() - 1) * 24 + local.getHour();
    }
}

package io.switchboard.history;

import static io.switchboard.history.SqlParts.compareKeys;
import static io.switchboard.history.SqlParts.in;
import static io.switchboard.history.SqlParts.prepare;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.TicketCreated;
import io.switchboard.core.event.DomainEvent.TicketOverflowed;
import io.switchboard.core.event.DomainEvent.TicketPending;
import io.switchboard.core.event.DomainEvent.TicketQueued;
import io.switchboard.core.event.DomainEvent.TicketReprioritized;
import io.switchboard.core.routing.OverflowStep;
import io.switchboard.core.sla.SlaMetric;
import io.switchboard.core.sla.SlaReplay;
import io.switchboard.core.sla.SlaReplay.Kind;
import io.switchboard.core.sla.SlaReplay.Step;
import io.switchboard.core.ticket.TicketStatus;
import io.switchboard.history.ReportQuery.Dimension;
import io.switchboard.store.EventCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SLA dry-run over the history store (docs/reports.md, "SLA dry-run"): reads the period's
 * archived tickets ({@code report_tickets}: their dimensions and the outcome recorded) and the
 * steps of their timelines that move SLA clocks ({@code ticket_events}), replays each under the
 * proposal in core ({@link SlaReplay}), and sums recorded next to proposed per group. Reads only;
 * the store and the engine are left as they were.
 */
final class DryRunSql {
    private static final EventCodec CODEC = EventCodec.instance();
    private static final List<SlaMetric> METRICS = List.of(SlaMetric.FIRST_RESPONSE, SlaMetric.RESOLUTION);
    /** The timeline events that move a clock or choose a policy, and those that move the status (end a wait). */
    private static final String STEPS = "('TicketCreated', 'TicketReplied', 'TicketPending', 'TicketResolved',"
            + " 'TicketReopened', 'TicketClosed', 'TicketReprioritized', 'TicketQueued', 'TicketOverflowed',"
            + " 'CustomerMessaged', 'TicketOffered', 'TicketAssigned', 'OfferWithdrawn', 'TicketReleased')";

    private DryRunSql() {}

    static ReportTable run(Connection c, DryRunQuery q, long visibleUpTo) throws SQLException {
        List<String> args = new ArrayList<>();
        String where = where(q, visibleUpTo, args);
        int dims = q.groupBy().size();
        StringBuilder sql = new StringBuilder("SELECT t.ticket_id");
        for (Dimension d : q.groupBy()) {
            sql.append(", ").append(d.column);
        }
        for (SlaMetric m : METRICS) {
            String clock = "t." + m.wire();
            sql.append(", ").append(clock).append("_target_ms, ").append(clock).append("_elapsed_ms, ").append(clock)
                    .append("_breached");
        }
        sql.append(" FROM report_tickets t").append(where);
        Map<String, Recorded> tickets = new HashMap<>();
        try (PreparedStatement ps = prepare(c, sql.toString(), args); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String[] key = new String[dims];
                for (int d = 0; d < dims; d++) {
                    key[d] = rs.getString(2 + d);
                }
                Recorded r = new Recorded(key);
                int col = 2 + dims;
                for (int m = 0; m < METRICS.size(); m++) {
                    long target = rs.getLong(col++);
                    boolean hasTarget = !rs.wasNull();
                    long elapsed = rs.getLong(col++);
                    boolean breached = rs.getBoolean(col++);
                    if (hasTarget) {
                        r.clocks[m] = new long[] {target, elapsed, breached ? 1 : 0};
                    }
                }
                tickets.put(rs.getString(1), r);
            }
        }
        Map<List<String>, Group> groups = new TreeMap<>(SqlParts::compareKeys);
        String timeline = "SELECT e.ticket_id, e.event_at, e.event_type, e.payload FROM ticket_events e JOIN report_tickets t"
                + " ON e.ticket_id = t.ticket_id" + where + " AND e.event_type IN " + STEPS
                + " AND e.position < t.archived_position ORDER BY e.ticket_id, e.position";
        try (PreparedStatement ps = prepare(c, timeline, args); ResultSet rs = ps.executeQuery()) {
            String current = null;
            TicketCreated created = null;
            List<Step> steps = new ArrayList<>();
            while (true) {
                boolean more = rs.next();
                String id = more ? rs.getString(1) : null;
                if (current != null && !current.equals(id)) {
                    add(groups, q, tickets.remove(current), created, steps);
                    created = null;
                    steps.clear();
                }
                if (!more) {
                    break;
                }
                current = id;
                long at = rs.getLong(2);
                String type = rs.getString(3);
                if (type.equals("TicketCreated")) {
                    created = (TicketCreated) CODEC.decode(rs.getBytes(4));
                } else {
                    Step step = step(at, type, rs);
                    if (step != null) {
                        steps.add(step);
                    }
                }
            }
        }
        for (Recorded r : tickets.values()) {
            add(groups, q, r, null, List.of()); // creation not in the store (compacted before it): recorded only
        }
        return table(q, groups);
    }

    /** The report_tickets conditions of the query, as a WHERE clause over {@code t}; binds go to {@code args}. */
    private static String where(DryRunQuery q, long visibleUpTo, List<String> args) {
        StringBuilder w = new StringBuilder(" WHERE t.created_at >= ").append(q.from()).append(" AND t.created_at < ")
                .append(q.to());
        if (visibleUpTo != Long.MAX_VALUE) {
            w.append(" AND t.archived_position <= ").append(visibleUpTo);
        }
        q.filters().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(f -> w.append(" AND ").append(in(f.getKey().column, f.getValue(), args)));
        if (!q.scope().all()) {
            List<String> reach = new ArrayList<>();
            if (q.scope().queues() != null) {
                reach.add(in("t.queue", q.scope().queues(), args));
            }
            if (q.scope().agents() != null) {
                reach.add(in("t.handled_by", q.scope().agents(), args));
            }
            w.append(" AND (").append(String.join(" OR ", reach)).append(")");
        }
        return w.toString();
    }

    /** The replay step of one timeline row, or null for an event that moves nothing the replay sees. */
    private static Step step(long at, String type, ResultSet rs) throws SQLException {
        switch (type) {
            case "TicketReplied":
                return Step.of(at, Kind.REPLIED);
            case "TicketResolved":
                return Step.of(at, Kind.RESOLVED);
            case "TicketReopened":
                return Step.of(at, Kind.REOPENED);
            case "TicketClosed":
                return Step.of(at, Kind.CLOSED);
            case "TicketPending":
                TicketPending pending = (TicketPending) CODEC.decode(rs.getBytes(4));
                return Step.of(at, pending.status() == TicketStatus.PENDING_CUSTOMER ? Kind.PENDING_CUSTOMER
                        : Kind.MOVED);
            case "TicketReprioritized":
                TicketReprioritized r = (TicketReprioritized) CODEC.decode(rs.getBytes(4));
                return new Step(at, Kind.REPRIORITIZED, r.priority(), r.tier(), null);
            case "TicketQueued":
                return new Step(at, Kind.QUEUED, null, null, ((TicketQueued) CODEC.decode(rs.getBytes(4))).queue());
            case "TicketOverflowed":
                DomainEvent e = CODEC.decode(rs.getBytes(4));
                return ((TicketOverflowed) e).applied() instanceof OverflowStep.RaisePriority raise
                        ? new Step(at, Kind.REPRIORITIZED, raise.to(), null, null) : null;
            default:
                return Step.of(at, Kind.MOVED); // offered, assigned, withdrawn, released, the customer wrote
        }
    }

    private static void add(Map<List<String>, Group> groups, DryRunQuery q, Recorded recorded, TicketCreated created,
            List<Step> steps) {
        if (recorded == null) {
            return;
        }
        Group g = groups.computeIfAbsent(Arrays.asList(recorded.key), k -> new Group());
        g.tickets++;
        SlaReplay.Outcome proposed = null;
        if (created != null) {
            proposed = SlaReplay.replay(q.proposal(), new SlaReplay.Ticket(created.at(), created.draft().customer().tier(),
                    created.draft().priority(), created.draft().channel(), created.draft().type(), created.queue(),
                    steps));
        } else {
            g.notReplayed++;
        }
        for (int m = 0; m < METRICS.size(); m++) {
            long[] was = recorded.clocks[m];
            SlaReplay.Clock would = proposed == null ? null : proposed.clock(METRICS.get(m));
            g.metrics[m].add(was, would);
        }
    }

    private static ReportTable table(DryRunQuery q, Map<List<String>, Group> groups) {
        List<String> columns = new ArrayList<>();
        q.groupBy().forEach(d -> columns.add(d.wire()));
        columns.add("tickets");
        columns.add("not_replayed");
        for (SlaMetric m : METRICS) {
            for (String side : List.of("recorded", "proposed")) {
                for (String measure : List.of("met", "missed", "attainment", "margin_p50_ms")) {
                    columns.add(m.wire() + "_" + side + "_" + measure);
                }
            }
            columns.add(m.wire() + "_newly_met");
            columns.add(m.wire() + "_newly_missed");
        }
        List<List<Object>> rows = new ArrayList<>();
        groups.forEach((key, g) -> {
            List<Object> row = new ArrayList<>(key);
            row.add(g.tickets);
            row.add(g.notReplayed);
            for (Side s : g.metrics) {
                s.recorded.addTo(row);
                s.proposed.addTo(row);
                row.add(s.newlyMet);
                row.add(s.newlyMissed);
            }
            rows.add(row);
        });
        return new ReportTable(columns, rows);
    }

    /** A ticket's group and, per metric, {target, business time, breached 0/1} as recorded, or null without that clock. */
    private static final class Recorded {
        final String[] key;
        final long[][] clocks = new long[METRICS.size()][];

        Recorded(String[] key) {
            this.key = key;
        }
    }

    private static final class Group {
        long tickets;
        long notReplayed;
        final Side[] metrics = {new Side(), new Side()};
    }

    /** One metric of one group: the recorded and the proposed outcomes, and the tickets that changed side. */
    private static final class Side {
        final Tally recorded = new Tally();
        final Tally proposed = new Tally();
        long newlyMet;
        long newlyMissed;

        void add(long[] was, SlaReplay.Clock would) {
            if (was != null) {
                recorded.add(was[2] == 1, was[0] - was[1]);
            }
            if (would != null) {
                proposed.add(would.missed(), would.marginMillis());
            }
            if (was != null && would != null) {
                newlyMet += was[2] == 1 && !would.missed() ? 1 : 0;
                newlyMissed += was[2] == 0 && would.missed() ? 1 : 0;
            }
        }
    }

    /** Met and missed counts and the margins (target minus business time) of one side. */
    private static final class Tally {
        long met;
        long missed;
        final List<Long> margins = new ArrayList<>();

        void add(boolean wasMissed, long margin) {
            if (wasMissed) {
                missed++;
            } else {
                met++;
            }
            margins.add(margin);
        }

        /** met, missed, attainment (null without clocks), median margin (percentile_cont 0.5; null without clocks). */
        void addTo(List<Object> row) {
            row.add(met);
            row.add(missed);
            row.add(met + missed == 0 ? null : (double) met / (met + missed));
            if (margins.isEmpty()) {
                row.add(null);
                return;
            }
            margins.sort(null);
            double position = 0.5 * (margins.size() - 1);
            int lo = (int) Math.floor(position);
            int hi = (int) Math.ceil(position);
            row.add(margins.get(lo) + (position - lo) * (margins.get(hi) - margins.get(lo)));
        }
    }
}

package io.switchboard.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * How far the tables that schema 4 derives from the timeline ({@code backlog_moves},
 * {@code backlog_open}, {@code sla_alerts}) are complete: {@code history_derived.position}, moved
 * with {@code history_position} in each write of this build. An older build sharing a PostgreSQL
 * store during a rolling upgrade (issue 18) moves only {@code history_position}; the positions it
 * projected are then derived here from {@code ticket_events}, the next time this build opens the
 * store or writes to it, so the reports never miss them.
 */
final class DerivedRows {
    private static final String LIFECYCLE = BacklogMoves.LIFECYCLE;
    private static final String OPENS = BacklogMoves.OPENS;
    /** The tickets with a lifecycle event in (?, ?]: the only ones whose backlog rows can change. */
    private static final String AFFECTED = "(SELECT r.ticket_id FROM ticket_events r WHERE r.position > ? AND"
            + " r.position <= ? AND r.event_type IN " + LIFECYCLE + ")";
    private static final String STILL_OPEN = "(SELECT m.ticket_id FROM backlog_moves m WHERE m.ticket_id IN "
            + AFFECTED + " GROUP BY m.ticket_id HAVING sum(m.delta) > 0)";
    static final List<String> DDL = List.of(
            "CREATE TABLE history_derived (id INTEGER PRIMARY KEY, position BIGINT NOT NULL)",
            "INSERT INTO history_derived SELECT p.id, p.position FROM history_position p WHERE p.id = 1");

    private DerivedRows() {}

    static long position(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT position FROM history_derived WHERE id = 1");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("history_derived has no row");
            }
            return rs.getLong(1);
        }
    }

    /**
     * Moves the position to ?, inside the caller's transaction, with its move of
     * {@code history_position} (run through the writer's {@link WriterStatements}).
     */
    static final String ADVANCE = "UPDATE history_derived SET position = ? WHERE id = 1";

    /**
     * Derives the rows of positions ({@code after}, {@code upTo}] that another writer stored
     * without them (inside the caller's transaction; no key is deleted and inserted in it). Each
     * lifecycle event is read against its ticket's previous one, as {@link BacklogMoves#BACKFILL}
     * does; rows already there are kept.
     */
    static void catchUp(Connection c, long after, long upTo) throws SQLException {
        update(c, "INSERT INTO backlog_moves (position, ticket_id, event_at, event_type, delta) SELECT x.position, x.ticket_id, x.event_at, x.event_type, x.delta FROM"
                + " (SELECT e.position, e.ticket_id, e.event_at, e.event_type, CASE WHEN e.event_type IN " + OPENS
                + " THEN 1 ELSE 0 END - CASE WHEN lag(e.event_type) OVER (PARTITION BY e.ticket_id ORDER BY"
                + " e.position) IN " + OPENS + " THEN 1 ELSE 0 END AS delta FROM ticket_events e WHERE e.event_type IN "
                + LIFECYCLE + " AND e.position <= ? AND e.ticket_id IN " + AFFECTED + ") x WHERE x.position > ?"
                + " AND x.position NOT IN (SELECT b.position FROM backlog_moves b WHERE b.position > ?)",
                upTo, after, upTo, after, after);
        update(c, "DELETE FROM backlog_open WHERE ticket_id IN " + AFFECTED + " AND ticket_id NOT IN " + STILL_OPEN,
                after, upTo, after, upTo);
        update(c, "INSERT INTO backlog_open SELECT s.ticket_id FROM " + STILL_OPEN + " s WHERE s.ticket_id NOT IN"
                + " (SELECT o.ticket_id FROM backlog_open o)", after, upTo);
        SlaAlerts.catchUp(c, after, upTo);
        TicketKeys.fill(c, after); // the older build's rows have no key (schema 5)
    }

    private static void update(Connection c, String sql, long... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setLong(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }
}

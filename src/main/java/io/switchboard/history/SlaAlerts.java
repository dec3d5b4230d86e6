package io.switchboard.history;

import io.switchboard.core.event.DomainEvent.SlaBreached;
import io.switchboard.core.event.DomainEvent.SlaEscalated;
import io.switchboard.core.event.DomainEvent.SlaWarning;
import io.switchboard.core.event.DomainEvent.TicketEvent;
import io.switchboard.store.EventCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;

/**
 * {@code sla_alerts} (schema 4): the {@code sla-events} report's input, one row per
 * {@code sla_warning}, {@code sla_breached} and {@code sla_escalated} of {@code ticket_events} with
 * what the report counts by (the metric, the escalation's rung = step + 1) in columns, so the
 * report counts them in SQL instead of reading and decoding every encoded event of the range (1.1M
 * at 1M tickets: most of its time).
 *
 * <p>Rebuildable: a function of {@code ticket_events}' encoded events; {@link #backfill} derives
 * the rows of a store upgraded from schema 3 at its first open. Threading: one per write, confined
 * to the writer.
 */
final class SlaAlerts {
    private static final EventCodec CODEC = EventCodec.instance();
    static final String TYPES_IN = "('SlaWarning', 'SlaBreached', 'SlaEscalated')";
    /**
     * The table, and a marker ({@code history_backfill}) that the rows still have to be derived:
     * removed by {@link #backfill} once they are, so a back-fill cut short runs again at the next open.
     */
    static final List<String> DDL = List.of("CREATE TABLE sla_alerts (position BIGINT PRIMARY KEY,"
            + " ticket_id VARCHAR NOT NULL, event_at BIGINT NOT NULL, event_type VARCHAR NOT NULL, metric VARCHAR,"
            + " rung INTEGER)", "CREATE TABLE history_backfill (name VARCHAR PRIMARY KEY)",
            "INSERT INTO history_backfill VALUES ('sla_alerts')");
    /** The columns in order; the last, ticket_key, came with schema 5 ({@link TicketKeys}). */
    private static final int[] TYPES = {Types.BIGINT, Types.VARCHAR, Types.BIGINT, Types.VARCHAR, Types.VARCHAR,
        Types.INTEGER, Types.BIGINT};

    private final RowInserter rows = new RowInserter("sla_alerts", TYPES, "");
    private int count;

    /** True for the events this folds in: SLA warnings, breaches and escalations. */
    static boolean alert(TicketEvent event) {
        return event instanceof SlaWarning || event instanceof SlaBreached || event instanceof SlaEscalated;
    }

    /** Folds one ticket event in ({@code key}: its ticket's key); other than SLA alerts are ignored. */
    void add(long position, TicketEvent event, long key) {
        add(position, event.ticketId(), event.at(), event, key);
    }

    /**
     * As {@link #add(long, TicketEvent)}, with the ticket and time of the event's ticket_events row
     * (what the report counted by before schema 4; the back-fill reads them from there).
     */
    private void add(long position, String ticketId, long at, TicketEvent event, Long key) {
        if (event instanceof SlaWarning w) {
            rows.add(position, ticketId, at, "SlaWarning", wire(w.metric()), null, key);
        } else if (event instanceof SlaBreached b) {
            rows.add(position, ticketId, at, "SlaBreached", wire(b.metric()), null, key);
        } else if (event instanceof SlaEscalated e) {
            rows.add(position, ticketId, at, "SlaEscalated", wire(e.metric()), e.step() + 1, key);
        } else {
            return;
        }
        count++;
    }

    private static String wire(io.switchboard.core.sla.SlaMetric metric) {
        return metric == null ? null : metric.wire();
    }

    /** Inserts the batch's rows (inside the caller's transaction). */
    void insert(Connection c) throws SQLException {
        rows.insert(c);
    }

    /** DuckDB: appends the batch's rows (inside the caller's transaction, see {@link JdbcHistoryStore}). */
    void append(Connection c) throws SQLException {
        rows.append(c);
    }

    /**
     * Derives the rows of a store migrated to schema 4 (its SLA events up to {@code upTo}, the
     * committed position, decoded once) while the {@code history_backfill} marker says they are
     * not derived yet; a no-op afterwards. Rows a cut-short attempt left are deleted first. On
     * DuckDB the rows are appended (an INSERT per 200 rows took minutes for 1.1M rows there; the
     * appender is outside the transaction, which is why the marker, not the rows, says "done").
     */
    static void backfill(Connection c, long upTo, Dialect dialect) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM history_backfill WHERE name = 'sla_alerts'");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getLong(1) == 0) {
                return;
            }
        }
        String visible = upTo == Long.MAX_VALUE ? "" : " AND e.position <= " + upTo;
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM sla_alerts");
            c.commit(); // on its own: a delete and a re-append of the same keys in one transaction may collide
            try (PreparedStatement ps = c.prepareStatement("SELECT e.position, e.ticket_id, e.event_at, e.payload FROM"
                    + " ticket_events e WHERE"
                    + " e.event_type IN " + TYPES_IN + visible + " ORDER BY e.position");
                    ResultSet rs = ps.executeQuery()) {
                SlaAlerts alerts = new SlaAlerts();
                while (rs.next()) {
                    alerts.add(rs.getLong(1), rs.getString(2), rs.getLong(3), (TicketEvent) CODEC.decode(rs.getBytes(4)),
                            null); // keyed by TicketKeys.fill
                    if (alerts.count >= 100 * RowInserter.ROWS_PER_STATEMENT) {
                        alerts.flush(c, dialect);
                        alerts = new SlaAlerts();
                    }
                }
                alerts.flush(c, dialect);
            }
            s.executeUpdate("DELETE FROM history_backfill WHERE name = 'sla_alerts'");
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /**
     * The rows of positions ({@code after}, {@code upTo}] that another writer stored without them
     * (an older build, see {@link DerivedRows}); inside the caller's transaction.
     */
    static void catchUp(Connection c, long after, long upTo) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT e.position, e.ticket_id, e.event_at, e.payload FROM"
                + " ticket_events e WHERE e.position > ? AND e.position <= ? AND e.event_type IN " + TYPES_IN
                + " AND e.position NOT IN (SELECT a.position FROM sla_alerts a WHERE a.position > ?)"
                + " ORDER BY e.position")) {
            ps.setLong(1, after);
            ps.setLong(2, upTo);
            ps.setLong(3, after);
            SlaAlerts alerts = new SlaAlerts();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    alerts.add(rs.getLong(1), rs.getString(2), rs.getLong(3), (TicketEvent) CODEC.decode(rs.getBytes(4)),
                            null); // keyed by TicketKeys.fill
                }
            }
            alerts.rows.insert(c);
        }
    }

    private void flush(Connection c, Dialect dialect) throws SQLException {
        if (dialect == Dialect.DUCKDB) {
            rows.append(c);
        } else {
            rows.insert(c);
        }
    }
}

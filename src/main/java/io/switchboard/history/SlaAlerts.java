package io.switchboard.history;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.SlaBreached;
import io.switchboard.core.event.DomainEvent.SlaEscalated;
import io.switchboard.core.event.DomainEvent.SlaWarning;
import io.switchboard.core.event.DomainEvent.TicketEvent;
import io.switchboard.store.EventCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

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
    static final String DDL = "CREATE TABLE sla_alerts (position BIGINT PRIMARY KEY, ticket_id VARCHAR NOT NULL,"
            + " event_at BIGINT NOT NULL, event_type VARCHAR NOT NULL, metric VARCHAR, rung INTEGER)";
    private static final int[] TYPES = {Types.BIGINT, Types.VARCHAR, Types.BIGINT, Types.VARCHAR, Types.VARCHAR,
        Types.INTEGER};

    private final RowInserter rows = new RowInserter("sla_alerts", TYPES, "");
    private int count;

    /** Folds one ticket event in; other than SLA warnings, breaches and escalations are ignored. */
    void add(long position, TicketEvent event) {
        if (event instanceof SlaWarning || event instanceof SlaBreached || event instanceof SlaEscalated) {
            count++;
        }
        if (event instanceof SlaWarning w) {
            rows.add(position, w.ticketId(), w.at(), "SlaWarning", wire(w.metric()), null);
        } else if (event instanceof SlaBreached b) {
            rows.add(position, b.ticketId(), b.at(), "SlaBreached", wire(b.metric()), null);
        } else if (event instanceof SlaEscalated e) {
            rows.add(position, e.ticketId(), e.at(), "SlaEscalated", wire(e.metric()), e.step() + 1);
        }
    }

    private static String wire(io.switchboard.core.sla.SlaMetric metric) {
        return metric == null ? null : metric.wire();
    }

    /** Inserts the batch's rows (inside the caller's transaction). */
    void write(Connection c) throws SQLException {
        rows.insert(c);
    }

    /**
     * Derives the rows of a store upgraded from schema 3 (its SLA events up to {@code upTo}, the
     * committed position, decoded once). A no-op when the table has rows or there are no SLA events:
     * every write since schema 4 fills both together.
     */
    static void backfill(Connection c, long upTo) throws SQLException {
        String visible = upTo == Long.MAX_VALUE ? "" : " AND e.position <= " + upTo;
        try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT count(*) FROM (SELECT 1 FROM sla_alerts LIMIT 1)"
                + " a), (SELECT count(*) FROM (SELECT 1 FROM ticket_events e WHERE e.event_type IN " + TYPES_IN + visible
                + " LIMIT 1) x)"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getLong(1) > 0 || rs.getLong(2) == 0) {
                return;
            }
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("SELECT e.position, e.payload FROM ticket_events e WHERE"
                + " e.event_type IN " + TYPES_IN + visible + " ORDER BY e.position"); ResultSet rs = ps.executeQuery()) {
            SlaAlerts alerts = new SlaAlerts();
            while (rs.next()) {
                DomainEvent event = CODEC.decode(rs.getBytes(2));
                alerts.add(rs.getLong(1), (TicketEvent) event);
                if (alerts.count >= 10 * RowInserter.ROWS_PER_STATEMENT) {
                    alerts.write(c);
                    alerts = new SlaAlerts();
                }
            }
            alerts.write(c);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }
}

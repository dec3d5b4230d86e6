package io.switchboard.history;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.TicketAssigned;
import io.switchboard.core.event.DomainEvent.TicketCreated;
import io.switchboard.core.event.DomainEvent.TicketOverflowed;
import io.switchboard.core.event.DomainEvent.TicketQueued;
import io.switchboard.core.event.DomainEvent.TicketReprioritized;
import io.switchboard.core.routing.OverflowStep;
import io.switchboard.history.ReportQuery.Dimension;
import io.switchboard.store.EventCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code ticket_dims} (schema 3): every ticket's report dimensions as its timeline has set them so
 * far, so the reports that count timeline events ({@code backlog}, {@code sla-events}) can group,
 * filter and scope them like the others. Columns are named as in {@code report_tickets}:
 * {@code queue} (the latest {@code ticket_queued}), {@code handled_by} (the agent of the latest
 * {@code ticket_assigned}) and {@code team} (that agent's team when assigned), {@code customer_tier}
 * and {@code priority} (at creation, then each re-prioritization or priority-raising overflow),
 * {@code channel} and {@code type} (at creation). A row is upserted per write batch with the values
 * the batch changed ({@code coalesce}: a null leaves the stored value), and back-filled at open for
 * tickets whose creation was projected before schema 3.
 *
 * <p>Threading: one per write, confined to the writer.
 */
final class TicketDims {
    private static final EventCodec CODEC = EventCodec.instance();
    static final String DDL = "CREATE TABLE ticket_dims (ticket_id VARCHAR PRIMARY KEY, queue VARCHAR,"
            + " handled_by VARCHAR, team VARCHAR, customer_tier VARCHAR, channel VARCHAR, type VARCHAR,"
            + " priority VARCHAR, position BIGINT NOT NULL)";
    private static final String[] COLUMNS = {"queue", "handled_by", "team", "customer_tier", "channel", "type",
        "priority"};
    private static final int V = Types.VARCHAR;
    private static final int[] TYPES = {V, V, V, V, V, V, V, V, Types.BIGINT};
    private static final String EVENTS = "('TicketCreated', 'TicketQueued', 'TicketAssigned', 'TicketReprioritized',"
            + " 'TicketOverflowed')";

    /** Per ticket of the batch, the values it changed (null: unchanged), and the last position. */
    private final Map<String, Object[]> changed = new LinkedHashMap<>();

    /** The column of {@code d} in a query that names ticket_dims {@code d}, or null for a dimension it lacks (policy). */
    static String column(Dimension d) {
        return d == Dimension.POLICY ? null : "d." + d.column.substring(2);
    }

    /** Folds one event in; {@code teamOf} gives an agent's team as the store knows it now. */
    void add(long position, DomainEvent event, Function<String, String> teamOf) {
        if (event instanceof TicketCreated c) {
            set(c.ticketId(), position, c.queue(), null, null, TicketRow.wire(c.draft().customer().tier()),
                    TicketRow.wire(c.draft().channel()), c.draft().type(), TicketRow.wire(c.draft().priority()));
        } else if (event instanceof TicketQueued q) {
            set(q.ticketId(), position, q.queue(), null, null, null, null, null, null);
        } else if (event instanceof TicketAssigned a) {
            set(a.ticketId(), position, null, a.agentId(), teamOf.apply(a.agentId()), null, null, null, null);
        } else if (event instanceof TicketReprioritized r) {
            set(r.ticketId(), position, null, null, null, TicketRow.wire(r.tier()), null, null,
                    TicketRow.wire(r.priority()));
        } else if (event instanceof TicketOverflowed o && o.applied() instanceof OverflowStep.RaisePriority raise) {
            set(o.ticketId(), position, null, null, null, null, null, null, TicketRow.wire(raise.to()));
        }
    }

    private void set(String ticketId, long position, String... values) {
        Object[] row = changed.computeIfAbsent(ticketId, id -> {
            Object[] r = new Object[TYPES.length];
            r[0] = id;
            return r;
        });
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                row[1 + i] = values[i];
            }
        }
        row[TYPES.length - 1] = position;
    }

    /** Upserts the batch's rows (inside the caller's transaction). */
    void write(Connection c) throws SQLException {
        if (changed.isEmpty()) {
            return;
        }
        StringBuilder update = new StringBuilder(" ON CONFLICT (ticket_id) DO UPDATE SET");
        for (String column : COLUMNS) {
            update.append(' ').append(column).append(" = coalesce(excluded.").append(column).append(", ticket_dims.")
                    .append(column).append("),");
        }
        update.append(" position = excluded.position");
        RowInserter rows = new RowInserter("ticket_dims", TYPES, update.toString());
        changed.values().forEach(rows::add);
        rows.insert(c);
        changed.clear();
    }

    /**
     * Fills rows for tickets whose creation is in {@code ticket_events} (up to {@code upTo}) but
     * that have none: those projected before schema 3. A no-op once done (one anti-join); each
     * ticket's events are read in position order and folded as a write would have.
     */
    static void backfill(Connection c, long upTo, Map<String, String> teams) throws SQLException {
        String visible = upTo == Long.MAX_VALUE ? "" : " AND e.position <= " + upTo;
        String sql = "SELECT e.position, e.payload FROM ticket_events e WHERE e.event_type IN " + EVENTS + visible
                + " AND e.ticket_id IN (SELECT n.ticket_id FROM ticket_events n WHERE n.event_type = 'TicketCreated'"
                + " AND NOT EXISTS (SELECT 1 FROM ticket_dims x WHERE x.ticket_id = n.ticket_id))"
                + " ORDER BY e.ticket_id, e.position";
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            TicketDims dims = new TicketDims();
            while (rs.next()) {
                dims.add(rs.getLong(1), CODEC.decode(rs.getBytes(2)), teams::get);
                if (dims.changed.size() >= 10 * RowInserter.ROWS_PER_STATEMENT) {
                    // rows of one ticket are consecutive: flushing may split a ticket in two upserts, which coalesce
                    dims.write(c);
                }
            }
            dims.write(c);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }
}

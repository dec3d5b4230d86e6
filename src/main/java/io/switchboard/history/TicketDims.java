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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
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
 * <p>On DuckDB a batch is written in two set-based steps instead of multi-row upserts, which cost
 * about 110 µs of CPU per row there (a 9-column, 200-row {@code INSERT ... ON CONFLICT DO UPDATE}
 * parsed, bound and executed per chunk) and doubled the projection's CPU at 5k tickets/s: the rows
 * of tickets created in the batch (no stored row can exist) are appended to {@code ticket_dims}
 * with the Appender, and the other rows are appended to the scratch table {@link #CHANGES} and
 * applied with one {@code UPDATE ... FROM}; 27–43 µs per row in the same measurement. The
 * appended rows are part of the writer's transaction (see {@link RowInserter#append}); should a
 * fresh row ever be left above the committed position, it is deleted as garbage with the
 * timeline's rows; the scratch table is emptied inside the transaction before each use.
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
    /** The scratch table's columns ({@link #CHANGES}): ticket_dims' without ticket_key (a key never changes). */
    private static final int[] TYPES = {V, V, V, V, V, V, V, V, Types.BIGINT};
    /** ticket_dims' columns: ticket_key (schema 5, {@link TicketKeys}) last. */
    private static final int[] ROW_TYPES = {V, V, V, V, V, V, V, V, Types.BIGINT, Types.BIGINT};
    private static final String EVENTS = "('TicketCreated', 'TicketQueued', 'TicketAssigned', 'TicketReprioritized',"
            + " 'TicketOverflowed')";

    /**
     * DuckDB's scratch table for the batch's rows of tickets created earlier; not history (no
     * report reads it), made at open, emptied before each write.
     */
    static final String CHANGES = "ticket_dims_changes";
    static final String CHANGES_DDL = "CREATE TABLE IF NOT EXISTS " + CHANGES + " (ticket_id VARCHAR, queue VARCHAR,"
            + " handled_by VARCHAR, team VARCHAR, customer_tier VARCHAR, channel VARCHAR, type VARCHAR,"
            + " priority VARCHAR, position BIGINT NOT NULL)";
    private static final String APPLY_CHANGES = applyChanges();
    private static final String CLEAR_CHANGES = "DELETE FROM " + CHANGES;

    /** Per ticket of the batch, the values it changed (null: unchanged), and the last position. */
    private final Map<String, Object[]> changed = new LinkedHashMap<>();
    /** Tickets whose creation is in the batch: no stored row. */
    private final Set<String> created = new HashSet<>();
    /** The key of the ticket of the event being folded in (set by {@link #add}). */
    private long key;

    /** The column of {@code d} in a query that names ticket_dims {@code d}, or null for a dimension it lacks (policy). */
    static String column(Dimension d) {
        return d == Dimension.POLICY ? null : "d." + d.column.substring(2);
    }

    /** True for the events that set a dimension: this folds in no others. */
    static boolean setsDimensions(DomainEvent event) {
        return event instanceof TicketCreated || event instanceof TicketQueued || event instanceof TicketAssigned
                || event instanceof TicketReprioritized || event instanceof TicketOverflowed;
    }

    /**
     * Folds one event in; {@code teamOf} gives an agent's team as the store knows it now, {@code key}
     * is the ticket's {@link TicketKeys key}.
     */
    void add(long position, DomainEvent event, Function<String, String> teamOf, long key) {
        this.key = key;
        if (event instanceof TicketCreated c) {
            created.add(c.ticketId());
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
            Object[] r = new Object[ROW_TYPES.length];
            r[0] = id;
            r[ROW_TYPES.length - 1] = key;
            return r;
        });
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                row[1 + i] = values[i];
            }
        }
        row[TYPES.length - 1] = position;
    }

    /**
     * Writes the batch's rows inside the caller's transaction: on DuckDB by append and one update
     * (class comment; the caller deletes rows above its committed position after a failed
     * attempt), elsewhere by upserts.
     */
    void write(Connection c, Dialect dialect, WriterStatements.Updates updates) throws SQLException {
        if (dialect != Dialect.DUCKDB) {
            upsert(c);
            return;
        }
        if (changed.isEmpty()) {
            return;
        }
        RowInserter fresh = new RowInserter("ticket_dims", ROW_TYPES, "");
        RowInserter changes = new RowInserter(CHANGES, TYPES, "");
        for (Object[] row : changed.values()) {
            if (created.contains((String) row[0])) {
                fresh.add(row);
            } else {
                changes.add(java.util.Arrays.copyOf(row, TYPES.length));
            }
        }
        boolean anyUpdate = !changes.isEmpty();
        WritePhases.mark("dims java");
        fresh.append(c);
        WritePhases.mark("dims append fresh");
        if (anyUpdate) {
            updates.run(CLEAR_CHANGES); // rows of an attempt that did not commit
            WritePhases.mark("dims clear scratch");
            changes.append(c);
            WritePhases.mark("dims append scratch");
            updates.run(APPLY_CHANGES);
            WritePhases.mark("dims update");
        }
        changed.clear();
        created.clear();
    }

    /** {@code UPDATE ticket_dims ... FROM ticket_dims_changes}: each column as the upsert sets it. */
    private static String applyChanges() {
        StringBuilder sql = new StringBuilder("UPDATE ticket_dims SET");
        for (String column : COLUMNS) {
            sql.append(' ').append(column).append(" = coalesce(b.").append(column).append(", ticket_dims.")
                    .append(column).append("),");
        }
        return sql.append(" position = b.position FROM ").append(CHANGES)
                .append(" b WHERE ticket_dims.ticket_id = b.ticket_id").toString();
    }

    /** Upserts the batch's rows (inside the caller's transaction). */
    private void upsert(Connection c) throws SQLException {
        if (changed.isEmpty()) {
            return;
        }
        StringBuilder update = new StringBuilder(" ON CONFLICT (ticket_id) DO UPDATE SET");
        for (String column : COLUMNS) {
            update.append(' ').append(column).append(" = coalesce(excluded.").append(column).append(", ticket_dims.")
                    .append(column).append("),");
        }
        update.append(" position = excluded.position");
        RowInserter rows = new RowInserter("ticket_dims", ROW_TYPES, update.toString());
        changed.values().forEach(rows::add);
        rows.insert(c);
        changed.clear();
        created.clear();
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
                long position = rs.getLong(1);
                // rows come per ticket in position order, its creation first: the key of a new row is that position
                dims.add(position, CODEC.decode(rs.getBytes(2)), teams::get, position);
                if (dims.changed.size() >= 10 * RowInserter.ROWS_PER_STATEMENT) {
                    // rows of one ticket are consecutive: flushing may split a ticket in two upserts, which coalesce
                    dims.upsert(c);
                }
            }
            dims.upsert(c);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }
}

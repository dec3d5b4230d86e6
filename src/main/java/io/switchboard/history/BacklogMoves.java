package io.switchboard.history;

import io.switchboard.core.event.DomainEvent.TicketClosed;
import io.switchboard.core.event.DomainEvent.TicketCreated;
import io.switchboard.core.event.DomainEvent.TicketEvent;
import io.switchboard.core.event.DomainEvent.TicketReopened;
import io.switchboard.core.event.DomainEvent.TicketResolved;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code backlog_moves} and {@code backlog_open} (schema 4): the {@code backlog} report's input,
 * projected from the lifecycle events so the report sums a column instead of reading each event
 * against its ticket's previous one (a window over every ticket's whole history before the range's
 * end, which cost seconds at 1M tickets).
 *
 * <p>{@code backlog_moves}: one row per lifecycle event of {@code ticket_events} (created and
 * reopened: the ticket is open after it; resolved and closed: it is not), with {@code delta}, the
 * change it made to the open count: open after it (1 or 0) minus open after the ticket's previous
 * lifecycle event (0 without one). The sum of a ticket's deltas up to a time is 1 when it was open
 * then, so the backlog at any time is a plain sum. {@code backlog_open}: the tickets open now (the
 * writer's state, read at open; its size follows open work, not history).
 *
 * <p>Rebuildable: both are functions of {@code ticket_events}; {@link #BACKFILL} derives them from
 * it (the migration to schema 4 runs it once). Threading: one per write, confined to the writer.
 */
final class BacklogMoves {
    static final String OPENS = "('TicketCreated', 'TicketReopened')";
    static final String LIFECYCLE = "('TicketCreated', 'TicketReopened', 'TicketResolved', 'TicketClosed')";
    static final List<String> DDL = List.of(
            "CREATE TABLE backlog_moves (position BIGINT PRIMARY KEY, ticket_id VARCHAR NOT NULL,"
                    + " event_at BIGINT NOT NULL, event_type VARCHAR NOT NULL, delta INTEGER NOT NULL)",
            "CREATE TABLE backlog_open (ticket_id VARCHAR PRIMARY KEY)");
    /**
     * The two tables from the committed timelines up to {@code history_derived}'s position, set
     * first from the committed one (rows above it are a crashed attempt's garbage on DuckDB, or, on
     * a shared PostgreSQL store, an older build's batches committed meanwhile: each statement
     * reads its own snapshot there, so the bound must be one the older writer cannot move; what
     * it writes later is derived by {@link DerivedRows#catchUp}): each lifecycle event read against the ticket's previous
     * one, as the report did before schema 4; then the tickets whose deltas sum to 1.
     */
    static final List<String> BACKFILL = List.of(
            "INSERT INTO backlog_moves (position, ticket_id, event_at, event_type, delta) SELECT e.position,"
                    + " e.ticket_id, e.event_at, e.event_type, CASE WHEN"
                    + " e.event_type IN " + OPENS + " THEN 1 ELSE 0 END - CASE WHEN lag(e.event_type) OVER (PARTITION BY"
                    + " e.ticket_id ORDER BY e.position) IN " + OPENS + " THEN 1 ELSE 0 END FROM ticket_events e WHERE"
                    + " e.event_type IN " + LIFECYCLE + " AND e.position <= (SELECT p.position FROM history_derived p"
                    + " WHERE p.id = 1)",
            "INSERT INTO backlog_open SELECT m.ticket_id FROM backlog_moves m GROUP BY m.ticket_id"
                    + " HAVING sum(m.delta) > 0");
    /** The columns in order; the last, ticket_key, came with schema 5 ({@link TicketKeys}). */
    private static final int[] TYPES = {Types.BIGINT, Types.VARCHAR, Types.BIGINT, Types.VARCHAR, Types.INTEGER,
        Types.BIGINT};

    /** The committed open tickets (the writer's): read here, changed only by {@link #committed()}. */
    private final Set<String> open;
    /** Per ticket of the batch: open after its last lifecycle event in the batch. */
    private final Map<String, Boolean> after = new HashMap<>();
    private final RowInserter moves = new RowInserter("backlog_moves", TYPES, "");
    private boolean appended;

    BacklogMoves(Set<String> open) {
        this.open = open;
    }

    /** The tickets open now, as {@code backlog_open} holds them (read at open). */
    static void load(Connection c, Set<String> into) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT ticket_id FROM backlog_open");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                into.add(rs.getString(1));
            }
        }
    }

    /** True for the events this folds in: a ticket's creation, reopening, resolution and closing. */
    static boolean lifecycle(TicketEvent event) {
        return event instanceof TicketCreated || event instanceof TicketReopened || event instanceof TicketResolved
                || event instanceof TicketClosed;
    }

    /**
     * Folds one ticket event in (events in position order; {@code key}: its ticket's
     * {@link TicketKeys key}); other than lifecycle events are ignored.
     */
    void add(long position, TicketEvent event, long key) {
        boolean opens;
        if (event instanceof TicketCreated || event instanceof TicketReopened) {
            opens = true;
        } else if (event instanceof TicketResolved || event instanceof TicketClosed) {
            opens = false;
        } else {
            return;
        }
        String id = event.ticketId();
        boolean was = after.getOrDefault(id, open.contains(id));
        after.put(id, opens);
        moves.add(position, id, event.at(), event.getClass().getSimpleName(), (opens ? 1 : 0) - (was ? 1 : 0),
                key);
    }

    /**
     * DuckDB: appends the batch's moves as ticket_events' rows are appended (inside the caller's
     * transaction, see {@link JdbcHistoryStore}); with {@link #write} after it.
     */
    void append(Connection c) throws SQLException {
        moves.append(c);
        appended = true;
    }

    /**
     * Inserts the batch's moves (unless {@link #append}ed) and the net change of the open set
     * (inside the caller's transaction; a ticket opened and closed within the batch touches
     * neither side, so no key is deleted and inserted again in one transaction). Only tickets not
     * in the committed open set are inserted: on DuckDB (no primary key since schema 5) a plain
     * INSERT; on PostgreSQL, whose key a schema-4 build still needs, {@code ON CONFLICT DO NOTHING}
     * (another writer may have opened the ticket meanwhile).
     */
    void write(Connection c, Dialect dialect) throws SQLException {
        if (!appended) {
            moves.insert(c);
        }
        RowInserter opened = new RowInserter("backlog_open", new int[] {Types.VARCHAR},
                dialect == Dialect.DUCKDB ? "" : " ON CONFLICT (ticket_id) DO NOTHING");
        List<String> stopped = new ArrayList<>();
        after.forEach((id, nowOpen) -> {
            if (nowOpen && !open.contains(id)) {
                opened.add(id);
            } else if (!nowOpen && open.contains(id)) {
                stopped.add(id);
            }
        });
        opened.insert(c);
        WritePhases.mark("backlog_open insert");
        for (int i = 0; i < stopped.size(); i += RowInserter.ROWS_PER_STATEMENT) {
            List<String> chunk = stopped.subList(i, Math.min(stopped.size(), i + RowInserter.ROWS_PER_STATEMENT));
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM backlog_open WHERE ticket_id IN ("
                    + "?, ".repeat(chunk.size() - 1) + "?)")) {
                for (int k = 0; k < chunk.size(); k++) {
                    ps.setString(k + 1, chunk.get(k));
                }
                ps.executeUpdate();
            }
        }
        WritePhases.mark("backlog_open delete");
    }

    /** After the batch's commit: the writer's open set takes the batch's changes. */
    void committed() {
        after.forEach((id, nowOpen) -> {
            if (nowOpen) {
                open.add(id);
            } else {
                open.remove(id);
            }
        });
        after.clear();
    }
}

package io.switchboard.history;

import io.switchboard.core.event.ArchivedTicket;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.AgentConnected;
import io.switchboard.core.event.DomainEvent.AgentDisconnected;
import io.switchboard.core.event.DomainEvent.AgentGraceExpired;
import io.switchboard.core.event.DomainEvent.AgentPresenceChanged;
import io.switchboard.core.event.DomainEvent.CompensationIssued;
import io.switchboard.core.event.DomainEvent.TicketArchived;
import io.switchboard.core.event.DomainEvent.TicketClosed;
import io.switchboard.core.event.DomainEvent.TicketEvent;
import io.switchboard.store.EventCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link HistoryStore} over JDBC, the same SQL on DuckDB and PostgreSQL (see {@link Schema}).
 *
 * <p>Idempotency: a write reads the committed position inside its transaction, inserts only the
 * rows above it and moves the position with a compare-and-set ({@code WHERE position = old}). Two
 * writers at once (a standby taking over on PostgreSQL) never store a position twice: the second
 * either collides on a position's primary key (its transaction fails, the projection retries and
 * then skips what is there) or loses the compare-and-set (rolled back, started over).
 *
 * <p>Threading: each call takes its own connection from the {@link ConnectionSource}; safe for
 * concurrent readers and writers.
 */
final class JdbcHistoryStore implements HistoryStore {
    private static final EventCodec CODEC = EventCodec.instance();
    private static final int B = Types.BIGINT;
    private static final int V = Types.VARCHAR;
    private static final int[] EVENT_TYPES = {B, V, B, V, V, V, Types.BINARY, V};
    private static final int[] PRESENCE_TYPES = {B, V, B, V, V, V, V};
    private static final int[] COMPENSATION_TYPES = {B, V, B, Types.INTEGER, Types.DECIMAL, V, V, B};
    private static final int MAX_LIMIT = 1000;

    private final ConnectionSource connections;
    private final Dialect dialect;
    private final String description;
    /**
     * DuckDB only: appended rows may lie above the committed position (an attempt that failed
     * after appending, or a crash); they are deleted before the next append. True at open.
     */
    private boolean maybeGarbage = true;
    /**
     * The highest archived_position readers may see: DuckDB's appended archived_tickets rows can
     * be visible before (or without) their commit, so readers skip rows above the position this
     * store last committed (deleted at open, so nothing is above it then). PostgreSQL's rows are
     * transactional: no limit.
     */
    private volatile long visibleUpTo = Long.MAX_VALUE;
    /** Reused by {@link #write} (synchronized) for each event's payload and JSON, so only the results are new. */
    private final java.io.ByteArrayOutputStream payloadScratch = new java.io.ByteArrayOutputStream(512);
    private final java.io.DataOutputStream payloadOut = new java.io.DataOutputStream(payloadScratch);
    private final StringBuilder jsonScratch = new StringBuilder(1024);

    JdbcHistoryStore(ConnectionSource connections, Dialect dialect, String description) {
        this.connections = connections;
        this.dialect = dialect;
        this.description = description;
        try (Connection c = connections.get()) {
            Schema.migrate(c, dialect, description);
            if (dialect == Dialect.DUCKDB) {
                long committed = position(c);
                deleteAbove(c, committed); // left by a crash between append and commit
                maybeGarbage = false;
                visibleUpTo = committed;
            }
        } catch (SQLException e) {
            throw new HistoryOpenException("history store " + description + " cannot be prepared: " + e.getMessage(), e);
        }
    }

    @Override
    public long committedPosition() {
        try (Connection c = connections.get()) {
            return position(c);
        } catch (SQLException e) {
            throw unavailable("read the committed position", e);
        }
    }

    @Override
    public synchronized void write(long firstPosition, List<DomainEvent> events) {
        if (firstPosition < 1) {
            throw new IllegalArgumentException("journal positions start at 1, not " + firstPosition);
        }
        if (events.isEmpty()) {
            return;
        }
        try (Connection c = connections.get()) {
            c.setAutoCommit(false);
            try {
                while (!writeOnce(c, firstPosition, events)) {
                    c.rollback();
                }
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw unavailable("write positions " + firstPosition + ".." + (firstPosition + events.size() - 1), e);
        }
    }

    /** The event's journal bytes, written through {@link #payloadScratch} (writes hold this store's lock). */
    private byte[] encode(DomainEvent event) {
        payloadScratch.reset();
        try {
            CODEC.encode(event, payloadOut);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return payloadScratch.toByteArray();
    }

    /** One transaction attempt; false when another writer moved the position meanwhile. */
    private boolean writeOnce(Connection c, long firstPosition, List<DomainEvent> events) throws SQLException {
        long committed = position(c);
        long last = firstPosition + events.size() - 1;
        if (last <= committed) {
            c.rollback();
            return true;
        }
        if (firstPosition > committed + 1) {
            c.rollback();
            throw new IllegalArgumentException("history store " + description + " has positions up to " + committed
                    + "; a batch starting at " + firstPosition + " would leave a gap");
        }
        int from = (int) (committed + 1 - firstPosition);
        RowInserter ticketEvents = new RowInserter("ticket_events", EVENT_TYPES, "");
        RowInserter presence = new RowInserter("agent_presence", PRESENCE_TYPES, "");
        RowInserter compensations = new RowInserter("compensations", COMPENSATION_TYPES, "");
        RowInserter tickets = TicketRow.inserter();
        java.util.Map<String, Long> closedInBatch = new java.util.HashMap<>();
        List<Object[]> ticketRows = new ArrayList<>();
        for (int i = from; i < events.size(); i++) {
            long position = firstPosition + i;
            DomainEvent event = events.get(i);
            if (event instanceof TicketEvent t) {
                byte[] payload = encode(t);
                ticketEvents.add(position, t.ticketId(), t.at(), t.getClass().getSimpleName(), t.actor(), t.reason(),
                        payload, EventJson.of(t, jsonScratch));
                if (t instanceof TicketArchived a) {
                    Object[] row = TicketRow.values(a.ticket(), a.at(), position, payload);
                    row[TicketRow.CLOSED_AT] = closedInBatch.get(a.ticketId());
                    ticketRows.add(row);
                } else if (t instanceof TicketClosed closed) {
                    closedInBatch.put(closed.ticketId(), closed.at());
                } else if (t instanceof CompensationIssued ci) {
                    compensations.add(position, ci.ticketId(), ci.at(), ci.level(), ci.amount(), ci.currency(),
                            TicketRow.wire(ci.metric()), ci.overdueMillis());
                }
            } else {
                Object[] row = presenceRow(position, event);
                if (row != null) {
                    presence.add(row);
                }
            }
        }
        if (dialect == Dialect.DUCKDB) {
            // The appender's rows are outside this transaction: anything above `committed` from
            // an earlier attempt is garbage and goes first; the position's compare-and-set below
            // stays the one commit point (readers reach ticket_events only through committed
            // archived_tickets rows, whose timelines lie below them).
            if (maybeGarbage) {
                deleteAbove(c, committed);
                c.commit(); // on its own: a delete and a re-append of the same keys in one transaction may collide
            }
            maybeGarbage = true;
            ticketEvents.append(c);
            presence.append(c);
        } else {
            ticketEvents.insert(c);
            presence.insert(c);
        }
        compensations.insert(c); // rare rows: plain SQL inside the transaction on both backends
        if (!ticketRows.isEmpty()) {
            List<String> closedEarlier = new ArrayList<>();
            for (Object[] row : ticketRows) {
                tickets.add(row);
                if (row[TicketRow.CLOSED_AT] == null) {
                    closedEarlier.add((String) row[0]);
                }
            }
            if (dialect == Dialect.DUCKDB) {
                tickets.append(c);
            } else {
                tickets.insert(c);
            }
            if (!closedEarlier.isEmpty()) {
                fillClosedAt(c, closedEarlier);
            }
        }
        try (PreparedStatement move = c.prepareStatement(
                "UPDATE history_position SET position = ? WHERE id = 1 AND position = ?")) {
            move.setLong(1, last);
            move.setLong(2, committed);
            if (move.executeUpdate() != 1) {
                return false;
            }
        }
        c.commit();
        maybeGarbage = false;
        if (dialect == Dialect.DUCKDB) {
            visibleUpTo = last;
        }
        return true;
    }

    /** DuckDB: deletes appended rows above the committed position (left by a failed attempt). */
    private static void deleteAbove(Connection c, long committed) throws SQLException {
        for (String table : List.of("ticket_events", "agent_presence", "archived_tickets")) {
            String column = table.equals("archived_tickets") ? "archived_position" : "position";
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE " + column + " > ?")) {
                ps.setLong(1, committed);
                ps.executeUpdate();
            }
        }
    }

    /**
     * closed_at of tickets closed in an earlier batch (usual: archiving comes days after the
     * close), one indexed lookup per ticket rather than one statement over the whole timeline table.
     */
    private static void fillClosedAt(Connection c, List<String> ticketIds) throws SQLException {
        // Only the ticket_id filter in SQL: DuckDB 1.4 uses the ART index only when it covers every filter.
        try (PreparedStatement find = c.prepareStatement("SELECT event_at, event_type FROM ticket_events WHERE ticket_id = ?");
                PreparedStatement set = c.prepareStatement(
                        "UPDATE archived_tickets SET closed_at = ? WHERE ticket_id = ?")) {
            for (String id : ticketIds) {
                find.setString(1, id);
                try (ResultSet rs = find.executeQuery()) {
                    long at = -1;
                    while (rs.next()) {
                        if ("TicketClosed".equals(rs.getString(2))) {
                            at = Math.max(at, rs.getLong(1));
                        }
                    }
                    if (at < 0) {
                        continue;
                    }
                    set.setLong(1, at);
                    set.setString(2, id);
                    set.executeUpdate();
                }
            }
        }
    }

    /** An agent presence-history row, or null for events that have none (agent profile upserts). */
    private static Object[] presenceRow(long position, DomainEvent event) {
        if (event instanceof AgentPresenceChanged p) {
            return new Object[] {position, p.agentId(), p.at(), "presence", TicketRow.wire(p.presence()), null,
                p.reason()};
        } else if (event instanceof AgentConnected p) {
            return new Object[] {position, p.agentId(), p.at(), "connect", null, p.sessionId(),
                p.replacedSessionId() == null ? null : "replaced:" + p.replacedSessionId()};
        } else if (event instanceof AgentDisconnected p) {
            return new Object[] {position, p.agentId(), p.at(), "disconnect", null, p.sessionId(), null};
        } else if (event instanceof AgentGraceExpired p) {
            return new Object[] {position, p.agentId(), p.at(), "grace_expired", null, null, null};
        }
        return null;
    }

    @Override
    public Optional<ArchivedRecord> ticket(String ticketId) {
        try (Connection c = connections.get()) {
            ArchivedTicket ticket;
            long archivedPosition;
            // One filter per query, on an indexed column: DuckDB 1.4 scans the whole table when a
            // second filter is present, so visibility and the TicketArchived row are skipped here.
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT archive_event, archived_position FROM archived_tickets WHERE ticket_id = ?")) {
                ps.setString(1, ticketId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    archivedPosition = rs.getLong(2);
                    if (archivedPosition > visibleUpTo) {
                        return Optional.empty(); // appended, not committed (yet)
                    }
                    ticket = ((TicketArchived) CODEC.decode(rs.getBytes(1))).ticket();
                }
            }
            List<TicketEvent> timeline = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT position, payload FROM ticket_events WHERE ticket_id = ? ORDER BY position")) {
                ps.setString(1, ticketId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getLong(1) < archivedPosition) { // the timeline ends before its TicketArchived
                            timeline.add((TicketEvent) CODEC.decode(rs.getBytes(2)));
                        }
                    }
                }
            }
            return Optional.of(new ArchivedRecord(ticket, timeline));
        } catch (SQLException e) {
            throw unavailable("read ticket " + ticketId, e);
        }
    }

    @Override
    public HistoryPage list(HistoryFilter filter, long afterSeq, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", not " + limit);
        }
        StringBuilder sql = new StringBuilder("SELECT archive_event FROM archived_tickets WHERE seq > ?");
        List<Object> args = new ArrayList<>();
        args.add(afterSeq);
        condition(sql, args, "status", TicketRow.wire(filter.status()));
        condition(sql, args, "queue", filter.queue());
        condition(sql, args, "assignee", filter.assignee());
        condition(sql, args, "customer_id", filter.customerId());
        condition(sql, args, "channel", TicketRow.wire(filter.channel()));
        if (filter.createdFrom() != null) {
            sql.append(" AND created_at >= ?");
            args.add(filter.createdFrom());
        }
        if (filter.createdTo() != null) {
            sql.append(" AND created_at < ?");
            args.add(filter.createdTo());
        }
        if (visibleUpTo != Long.MAX_VALUE) {
            sql.append(" AND archived_position <= ?");
            args.add(visibleUpTo);
        }
        sql.append(" ORDER BY seq LIMIT ?");
        args.add((long) limit + 1);
        try (Connection c = connections.get(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                Object arg = args.get(i);
                if (arg instanceof Long l) {
                    ps.setLong(i + 1, l);
                } else {
                    ps.setObject(i + 1, arg, Types.VARCHAR);
                }
            }
            List<ArchivedTicket> tickets = new ArrayList<>();
            boolean more = false;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (tickets.size() == limit) {
                        more = true;
                        break;
                    }
                    tickets.add(((TicketArchived) CODEC.decode(rs.getBytes(1))).ticket());
                }
            }
            return new HistoryPage(withTimelines(c, tickets), more);
        } catch (SQLException e) {
            throw unavailable("list archived tickets", e);
        }
    }

    /** The page's timelines in one query (a list shows each ticket's alerts and compensations). */
    private static List<ArchivedRecord> withTimelines(Connection c, List<ArchivedTicket> tickets) throws SQLException {
        if (tickets.isEmpty()) {
            return List.of();
        }
        java.util.Map<String, List<TicketEvent>> timelines = new java.util.HashMap<>();
        String in = "?,".repeat(tickets.size() - 1) + "?";
        try (PreparedStatement ps = c.prepareStatement("SELECT payload, event_type FROM ticket_events WHERE ticket_id IN ("
                + in + ") ORDER BY position")) {
            for (int i = 0; i < tickets.size(); i++) {
                ps.setString(i + 1, tickets.get(i).id());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if ("TicketArchived".equals(rs.getString(2))) {
                        continue;
                    }
                    TicketEvent event = (TicketEvent) CODEC.decode(rs.getBytes(1));
                    timelines.computeIfAbsent(event.ticketId(), k -> new ArrayList<>()).add(event);
                }
            }
        }
        List<ArchivedRecord> out = new ArrayList<>(tickets.size());
        for (ArchivedTicket t : tickets) {
            out.add(new ArchivedRecord(t, timelines.getOrDefault(t.id(), List.of())));
        }
        return out;
    }

    private static void condition(StringBuilder sql, List<Object> args, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            args.add(value);
        }
    }

    /** Rows in one of the store's tables; for tests and diagnostics (the name is not user input). */
    long count(String table) {
        try (Connection c = connections.get(); PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw unavailable("count " + table, e);
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        connections.close();
    }

    private static long position(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT position FROM history_position WHERE id = 1");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("history_position has no row");
            }
            return rs.getLong(1);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the transaction dies with it
        }
    }

    private HistoryUnavailableException unavailable(String what, SQLException e) {
        return new HistoryUnavailableException("history store " + description + " could not " + what + ": "
                + e.getMessage(), e);
    }
}

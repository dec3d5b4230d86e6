package io.switchboard.history;

import io.switchboard.core.event.ArchivedTicket;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.AgentConnected;
import io.switchboard.core.event.DomainEvent.AgentDisconnected;
import io.switchboard.core.event.DomainEvent.AgentGraceExpired;
import io.switchboard.core.event.DomainEvent.AgentPresenceChanged;
import io.switchboard.core.event.DomainEvent.AgentUpserted;
import io.switchboard.core.event.DomainEvent.CompensationIssued;
import io.switchboard.core.event.DomainEvent.FeedbackGiven;
import io.switchboard.core.event.DomainEvent.TicketArchived;
import io.switchboard.core.event.DomainEvent.TicketCreated;
import io.switchboard.core.event.DomainEvent.TicketEvent;
import io.switchboard.store.EventCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link HistoryStore} over JDBC, the same SQL on DuckDB and PostgreSQL (see {@link Schema}).
 *
 * <p>Idempotency: a write reads the committed position inside its transaction, inserts only the
 * rows above it and moves the position with a compare-and-set ({@code WHERE position = old}). Two
 * writers at once (a standby taking over on PostgreSQL) never store a position twice: the second
 * either collides on a position's primary key (its transaction fails, the projection retries and
 * then skips what is there) or loses the compare-and-set (rolled back, started over). On DuckDB
 * this store is the file's only writer, so it keeps the position it committed in memory instead
 * of reading it in each transaction ({@code knownPosition}); the compare-and-set stays the commit
 * point, in the same transaction as the rows.
 *
 * <p>Threading: each call takes its own connection from the {@link ConnectionSource}, except the
 * DuckDB writer, which keeps one between writes ({@link WriterStatements}); safe for concurrent
 * readers and writers.
 */
final class JdbcHistoryStore implements HistoryStore {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(
            JdbcHistoryStore.class.getName());
    private static final EventCodec CODEC = EventCodec.instance();
    private static final int B = Types.BIGINT;
    private static final int V = Types.VARCHAR;
    private static final int[] EVENT_TYPES = {B, V, B, V, V, V, Types.BINARY, V};
    private static final int[] PRESENCE_TYPES = {B, V, B, V, V, V, V};
    private static final int[] COMPENSATION_TYPES = {B, V, B, Types.INTEGER, Types.DECIMAL, V, V, B};
    private static final int[] FEEDBACK_TYPES = {B, V, B, Types.INTEGER, Types.INTEGER, V};
    private static final int[] AGENT_TYPES = {V, V, V, B};
    private static final int MAX_LIMIT = 1000;
    /** The commit point of a write: the compare-and-set of the committed position (class comment). */
    private static final String MOVE_POSITION = "UPDATE history_position SET position = ? WHERE id = 1 AND position = ?";

    private final ConnectionSource connections;
    private final Dialect dialect;
    private final String description;
    /**
     * DuckDB only: appended rows may lie above the committed position (an attempt that failed
     * after appending, or a crash); they are deleted before the next append. True at open.
     */
    private boolean maybeGarbage = true;
    /**
     * The highest archived_position readers may see on DuckDB: the position this store last
     * committed. The writer's appended rows are part of its transaction (see {@link #writeOnce});
     * the limit keeps readers off rows an append outside a transaction may leave (deleted at open,
     * so nothing is above it then). PostgreSQL's rows are transactional: no limit.
     */
    private volatile long visibleUpTo = Long.MAX_VALUE;
    /** Agent id to team, as the agents table holds it; confined to the writer (write is synchronized). */
    private final Map<String, String> teams = new HashMap<>();
    /** The tickets open now, as backlog_open holds them (read at open; kept by each write, after its commit). */
    private final java.util.Set<String> openTickets = new java.util.HashSet<>();
    /** The committed position openTickets reflects: another writer (a standby on PostgreSQL) may have moved on. */
    private long openTicketsAt = -1;
    /**
     * DuckDB only: the committed position, which is also {@code history_derived}'s, as this store
     * last read or committed it; -1 when unknown (a failed attempt, whose commit may or may not
     * have happened: the next write reads both). Why it may stay in memory: the file is this
     * process's alone (DuckDB locks it) and this store is its one writer (write is synchronized),
     * so only this store moves either position; the two reads were two of the dozen statements
     * of every transaction. Confined to the writer.
     */
    private long knownPosition = -1;
    /**
     * DuckDB only: the writer's connection and its prepared statements, kept between writes; null
     * before the first write and after a failed one (closed then). Confined to the writer.
     */
    private WriterStatements writer;
    /** The tickets' surrogate keys this writer gives its rows (schema 5); confined to the writer. */
    private final TicketKeys keys = new TicketKeys();
    /** Reused by {@link #write} (synchronized) for each event's payload and JSON, so only the results are new. */
    private final EventCodec.Encoder payloads = CODEC.encoder();
    private final StringBuilder jsonScratch = new StringBuilder(1024);

    JdbcHistoryStore(ConnectionSource connections, Dialect dialect, String description) {
        this.connections = connections;
        this.dialect = dialect;
        this.description = description;
        try (Connection c = connections.get()) {
            Schema.migrate(c, dialect, description);
            if (dialect == Dialect.DUCKDB) {
                try (java.sql.Statement s = c.createStatement()) {
                    s.execute(TicketDims.CHANGES_DDL); // the writer's scratch table, not history
                }
                long committed = position(c);
                deleteAbove(c, committed); // left by a crash between append and commit
                maybeGarbage = false;
                visibleUpTo = committed;
            }
            teams.putAll(loadTeams(c));
            backfillReportRows(c);
            TicketDims.backfill(c, visibleUpTo, teams);
            SlaAlerts.backfill(c, visibleUpTo, dialect);
            catchUpDerived(c);
            TicketKeys.fill(c, 0); // rows the back-fills above (or an older build) wrote without a key
            BacklogMoves.load(c, openTickets);
            openTicketsAt = position(c);
            if (dialect == Dialect.DUCKDB) {
                knownPosition = openTicketsAt; // catchUpDerived moved history_derived to it
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
        boolean kept = dialect == Dialect.DUCKDB;
        boolean failed = true;
        Connection c = null;
        try {
            if (kept && writer == null) {
                writer = new WriterStatements(connections.get());
            }
            c = kept ? writer.connection() : connections.get();
            Connection connection = c;
            WriterStatements.Updates updates = kept ? writer::update
                    : (sql, params) -> WriterStatements.updateOnce(connection, sql, params);
            c.setAutoCommit(false);
            try {
                while (!writeOnce(c, updates, firstPosition, events)) {
                    c.rollback();
                }
            } catch (SQLException | RuntimeException e) {
                knownPosition = -1;
                rollbackQuietly(c);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
            failed = false;
        } catch (SQLException e) {
            throw unavailable("write positions " + firstPosition + ".." + (firstPosition + events.size() - 1), e);
        } finally {
            if (!kept) {
                closeQuietly(c);
            } else if (failed && writer != null) {
                writer.close(); // the next write starts on a new connection, its statements prepared again
                writer = null;
            }
        }
    }

    /** The event's journal bytes, written through {@link #payloads} (writes hold this store's lock). */
    private byte[] encode(DomainEvent event) {
        return payloads.encode(event);
    }

    /** One transaction attempt; false when another writer moved the position meanwhile. */
    private boolean writeOnce(Connection c, WriterStatements.Updates updates, long firstPosition,
            List<DomainEvent> events) throws SQLException {
        WritePhases.start();
        long committed = knownPosition >= 0 ? knownPosition : position(c);
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
        long derived = knownPosition >= 0 ? committed : DerivedRows.position(c);
        if (derived < committed) { // an older build projected (derived, committed]: derive what it did not
            log(derived, committed);
            DerivedRows.catchUp(c, derived, committed);
            openTicketsAt = -1;
        }
        if (committed != openTicketsAt) { // written by another writer since: read the open set again
            TicketKeys.fill(c, Math.max(0, openTicketsAt)); // a schema-4 writer's rows have no key
            keys.clear();
            openTickets.clear();
            BacklogMoves.load(c, openTickets);
            openTicketsAt = committed;
        }
        RowInserter ticketEvents = new RowInserter("ticket_events", EVENT_TYPES, "");
        RowInserter presence = new RowInserter("agent_presence", PRESENCE_TYPES, "");
        RowInserter compensations = new RowInserter("compensations", COMPENSATION_TYPES, "");
        RowInserter feedback = new RowInserter("feedback", FEEDBACK_TYPES, "");
        java.util.Map<String, Object[]> agents = new java.util.LinkedHashMap<>(); // the batch's last profile per agent
        List<Object[]> ticketRows = new ArrayList<>();
        TicketDims dims = new TicketDims();
        BacklogMoves moves = new BacklogMoves(openTickets);
        SlaAlerts alerts = new SlaAlerts();
        java.util.function.Function<String, String> teamOf = agent -> agents.containsKey(agent)
                ? (String) agents.get(agent)[1] : teams.get(agent);
        for (int i = from; i < events.size(); i++) {
            long position = firstPosition + i;
            DomainEvent event = events.get(i);
            if (event instanceof TicketEvent t) {
                byte[] payload = encode(t);
                // payload_json: on DuckDB its UTF-8 bytes, which the appender stores as the VARCHAR
                // (RowInserter.insert would bind them as bytes: PostgreSQL gets the text)
                ticketEvents.add(position, t.ticketId(), t.at(), t.getClass().getSimpleName(), t.actor(), t.reason(),
                        payload, dialect == Dialect.DUCKDB ? EventJson.utf8(t, jsonScratch) : EventJson.of(t, jsonScratch));
                if (TicketDims.setsDimensions(t) || BacklogMoves.lifecycle(t) || SlaAlerts.alert(t)) {
                    long key = keys.of(c, t.ticketId(), position, committed, t instanceof TicketCreated);
                    dims.add(position, t, teamOf, key);
                    moves.add(position, t, key);
                    alerts.add(position, t, key);
                }
                if (t instanceof TicketArchived a) {
                    keys.forget(a.ticketId());
                    ticketRows.add(TicketRow.values(a.ticket(), a.at(), position, payload));
                } else if (t instanceof CompensationIssued ci) {
                    // DECIMAL(18,2): the Appender takes only that scale (an INSERT's cast rounds half away from zero)
                    compensations.add(position, ci.ticketId(), ci.at(), ci.level(),
                            ci.amount().setScale(2, java.math.RoundingMode.HALF_UP), ci.currency(),
                            TicketRow.wire(ci.metric()), ci.overdueMillis());
                } else if (t instanceof FeedbackGiven f) {
                    feedback.add(position, f.ticketId(), f.at(), f.csat(), f.nps(), f.comment());
                }
            } else if (event instanceof AgentUpserted u) {
                agents.put(u.agentId(), new Object[] {u.agentId(), u.profile().team(),
                    u.profile().tier() == null ? null : u.profile().tier().wire(), position});
            } else {
                Object[] row = presenceRow(position, event);
                if (row != null) {
                    presence.add(row);
                }
            }
        }
        WritePhases.mark("java");
        if (dialect == Dialect.DUCKDB) {
            // Rows above `committed` (a crash of a build whose appends committed on their own, or
            // an attempt that failed after an append outside a transaction) are garbage and go
            // first; the position's compare-and-set stays the one commit point (readers reach
            // ticket_events only through committed archived_tickets rows, whose timelines lie below them).
            if (maybeGarbage) {
                deleteAbove(c, committed);
                c.commit(); // on its own: a delete and a re-append of the same keys in one transaction may collide
            }
            maybeGarbage = true;
            // The commit point first: duckdb_jdbc begins the transaction at its first statement,
            // and an Appender flushed before that commits on its own (in a file, a WAL flush and
            // an fsync each: four or five per write instead of one). Begun here, every appended
            // row below is this transaction's and a failed attempt's are rolled back with it.
            WritePhases.mark("garbage");
            if (!movePosition(updates, last, committed)) {
                return false;
            }
            WritePhases.mark("position cas");
            ticketEvents.append(c);
            WritePhases.mark("append ticket_events");
            presence.append(c);
            WritePhases.mark("append agent_presence");
            moves.append(c);
            WritePhases.mark("append backlog_moves");
            // rarer rows, appended too: a multi-row INSERT of the SLA alerts cost as much as the
            // whole timeline's append (docs/BENCHMARKS.md, branch hist-duck)
            compensations.append(c);
            feedback.append(c);
            alerts.append(c);
            WritePhases.mark("append compensations, feedback, sla_alerts");
        } else {
            ticketEvents.insert(c);
            presence.insert(c);
            compensations.insert(c);
            feedback.insert(c);
            alerts.insert(c);
        }
        dims.write(c, dialect, updates); // on DuckDB its fresh rows are appended: garbage above `committed` after a failure
        moves.write(c, dialect); // appended on DuckDB, like the timeline
        if (!agents.isEmpty()) {
            RowInserter agentRows = new RowInserter("agents", AGENT_TYPES, " ON CONFLICT (agent_id) DO UPDATE SET"
                    + " team = excluded.team, tier = excluded.tier, position = excluded.position");
            agents.values().forEach(agentRows::add);
            agentRows.insert(c);
            agents.values().forEach(row -> teams.put((String) row[0], (String) row[1])); // an upsert: harmless if retried
        }
        if (!ticketRows.isEmpty()) {
            writeArchived(c, ticketRows);
        }
        WritePhases.mark("agents+archived");
        if (dialect != Dialect.DUCKDB && !movePosition(updates, last, committed)) {
            return false;
        }
        c.commit();
        WritePhases.mark("commit");
        moves.committed();
        openTicketsAt = last;
        maybeGarbage = false;
        if (dialect == Dialect.DUCKDB) {
            visibleUpTo = last;
            knownPosition = last;
        }
        return true;
    }

    /**
     * The compare-and-set of the committed position (the commit point of a write) and
     * {@code history_derived}'s move with it; false when another writer moved the position.
     */
    private boolean movePosition(WriterStatements.Updates updates, long last, long committed) throws SQLException {
        if (updates.run(MOVE_POSITION, last, committed) != 1) {
            knownPosition = -1; // not on DuckDB (one writer); read again anyway
            return false;
        }
        updates.run(DerivedRows.ADVANCE, last);
        return true;
    }

    /** At open: the positions an older build projected since this build's last write get their derived rows. */
    private void catchUpDerived(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try {
            long committed = position(c);
            long derived = DerivedRows.position(c);
            if (derived < committed) {
                log(derived, committed);
                DerivedRows.catchUp(c, derived, committed);
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE history_derived SET position = ? WHERE id = 1 AND position = ?")) {
                    ps.setLong(1, committed);
                    ps.setLong(2, derived);
                    ps.executeUpdate();
                }
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private void log(long derived, long committed) {
        LOG.info("history store " + description + ": positions " + (derived + 1) + ".." + committed
                + " were projected by an older build; deriving the backlog and SLA-event rows it did not write");
    }

    /** DuckDB: deletes appended rows above the committed position (left by a failed attempt). */
    private static void deleteAbove(Connection c, long committed) throws SQLException {
        for (String table : List.of("ticket_events", "agent_presence", "archived_tickets", "report_tickets",
                "backlog_moves", "ticket_dims", "compensations", "feedback", "sla_alerts")) {
            String column = table.endsWith("_tickets") ? "archived_position" : "position";
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE " + column + " > ?")) {
                ps.setLong(1, committed);
                ps.executeUpdate();
            }
        }
    }

    /**
     * The batch's archived tickets (their timelines, this batch's rows included, already written):
     * each ticket's closed_at and its {@code report_tickets} row ({@link ReportRow}) from its
     * timeline, read with one query per {@value TicketOutcome#PER_QUERY} tickets
     * ({@link TicketOutcome#readAll}: archiving comes long after the close, so the timeline is in
     * earlier batches), then both tables' rows.
     * closed_at is set before the row is stored, not updated after it: one UPDATE per archived
     * ticket was a fifth of the writer's CPU. On DuckDB both tables are appended, as the timeline
     * is (inside the transaction, which the compare-and-set began; readers see rows up to
     * {@link #visibleUpTo} only); on
     * PostgreSQL they are inserted ({@code ON CONFLICT DO NOTHING}: another writer may have
     * stored the ticket).
     */
    private void writeArchived(Connection c, List<Object[]> ticketRows) throws SQLException {
        RowInserter tickets = TicketRow.inserter();
        RowInserter reportRows = new RowInserter("report_tickets", ReportRow.TYPES, " ON CONFLICT (ticket_id) DO NOTHING");
        List<String> ids = new ArrayList<>(ticketRows.size());
        ticketRows.forEach(row -> ids.add((String) row[0]));
        Map<String, TicketOutcome> outcomes = TicketOutcome.readAll(c, ids);
        for (Object[] row : ticketRows) {
            TicketOutcome outcome = outcomes.get((String) row[0]);
            if (outcome.closedAt() >= 0) {
                row[TicketRow.CLOSED_AT] = outcome.closedAt();
            }
            tickets.add(row);
            reportRows.add(ReportRow.values(ReportRow.archived(row), outcome, teams));
        }
        if (dialect == Dialect.DUCKDB) {
            tickets.append(c);
            reportRows.append(c);
        } else {
            tickets.insert(c);
            reportRows.insert(c);
        }
    }

    /**
     * Fills {@code report_tickets} for archived tickets that have no row: those a build before
     * schema 2 archived. Runs at open; a no-op once done (one anti-join).
     */
    private void backfillReportRows(Connection c) throws SQLException {
        List<Object[]> missing = new ArrayList<>();
        String visible = visibleUpTo == Long.MAX_VALUE ? "" : " AND a.archived_position <= " + visibleUpTo;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ReportRow.ARCHIVED_COLUMNS
                + " FROM archived_tickets a WHERE NOT EXISTS (SELECT 1 FROM report_tickets r WHERE r.ticket_id ="
                + " a.ticket_id)" + visible);
                ResultSet rs = ps.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Object[] row = new Object[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                missing.add(row);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        c.setAutoCommit(false);
        try {
            RowInserter reportRows = new RowInserter("report_tickets", ReportRow.TYPES, " ON CONFLICT (ticket_id) DO NOTHING");
            List<String> ids = new ArrayList<>(missing.size());
            missing.forEach(archived -> ids.add((String) archived[0]));
            Map<String, TicketOutcome> outcomes = TicketOutcome.readAll(c, ids);
            for (Object[] archived : missing) {
                reportRows.add(ReportRow.values(normalized(archived), outcomes.get((String) archived[0]), teams));
            }
            reportRows.insert(c);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c);
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** JDBC values as RowInserter binds them: BIGINT as Long, BOOLEAN as Boolean, text as String. */
    private static Object[] normalized(Object[] values) {
        Object[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] instanceof Number n && !(out[i] instanceof Long)) {
                out[i] = n.longValue();
            }
        }
        return out;
    }

    /** The agents' teams as the agents table holds them (read at open; kept current by each write). */
    private static Map<String, String> loadTeams(Connection c) throws SQLException {
        Map<String, String> teams = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT agent_id, team FROM agents");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                teams.put(rs.getString(1), rs.getString(2));
            }
        }
        return teams;
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

    @Override
    public ReportTable report(ReportQuery query) {
        return read("run report " + query.report().wire(), c -> switch (query.report()) {
            case BACKLOG -> EventReportSql.backlog(c, query, visibleUpTo);
            case SLA_EVENTS -> EventReportSql.slaEvents(c, query, visibleUpTo);
            case OCCUPANCY -> OccupancySql.run(c, query, visibleUpTo);
            case HANDOFFS -> EventReportSql.handoffs(c, query, visibleUpTo);
            default -> ReportSql.run(c, query, visibleUpTo);
        });
    }

    @Override
    public ReportTable advice(AdviceQuery query) {
        return read("give SLA advice on " + query.metric().wire(), c -> AdviceSql.run(c, query, visibleUpTo));
    }

    @Override
    public ReportTable staffing(StaffingQuery query) {
        return read("check staffing", c -> StaffingSql.run(c, query, visibleUpTo));
    }

    @Override
    public ReportTable dryRun(DryRunQuery query) {
        return read("replay SLA outcomes", c -> DryRunSql.run(c, query, visibleUpTo));
    }

    /** A read over one of the store's connections (reports); may throw SQLException. */
    interface SqlRead<T> {
        T apply(Connection c) throws SQLException;
    }

    /**
     * Runs {@code read} on a connection of its own; {@code what} names it in the error.
     *
     * @throws HistoryUnavailableException when the backend fails
     */
    <T> T read(String what, SqlRead<T> read) {
        try (Connection c = connections.get()) {
            return read.apply(c);
        } catch (SQLException e) {
            throw unavailable(what, e);
        }
    }

    /**
     * The highest journal position a reader may count: rows of DuckDB's appended tables above it
     * may be garbage of a failed write; {@code Long.MAX_VALUE} on PostgreSQL (transactional rows).
     */
    long visibleUpTo() {
        return visibleUpTo;
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
        WriterStatements kept = writer;
        if (kept != null) {
            kept.close(); // before the database it duplicates
        }
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

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // a pooled connection the pool replaces; the write itself is done or already failing
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

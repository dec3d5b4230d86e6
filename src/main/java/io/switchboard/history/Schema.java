package io.switchboard.history;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The history tables and their migrations. {@code history_schema} holds the version; {@link #migrate}
 * runs at open, in one transaction, every step above it. A store written by a newer build is
 * refused rather than guessed at.
 *
 * <p>Times are epoch millis ({@code BIGINT}, as in the events); enums are their lower-case wire
 * names, as in the API, so reports filter on the same words users see. Every row carries the
 * journal position it came from; the encoded event bytes are the source of truth, the other
 * columns are for queries.
 */
final class Schema {
    static final int VERSION = 6;

    private Schema() {}

    private static List<String> v1(Dialect d) {
        String slaColumns = sla("first_response") + sla("next_response") + sla("resolution");
        return List.of(
                "CREATE TABLE history_position (id INTEGER PRIMARY KEY, position BIGINT NOT NULL)",
                "INSERT INTO history_position VALUES (1, 0)",
                "CREATE TABLE archived_tickets (ticket_id VARCHAR PRIMARY KEY, seq BIGINT NOT NULL,"
                        + " status VARCHAR NOT NULL, channel VARCHAR NOT NULL, priority VARCHAR NOT NULL,"
                        + " customer_tier VARCHAR NOT NULL, customer_id VARCHAR NOT NULL, type VARCHAR,"
                        + " queue VARCHAR, assignee VARCHAR, team VARCHAR, min_tier VARCHAR,"
                        + " created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, closed_at BIGINT,"
                        + " archived_at BIGINT NOT NULL, archived_position BIGINT NOT NULL, created_by VARCHAR,"
                        + " sla_policy VARCHAR," + slaColumns + " archive_event " + d.blob + " NOT NULL)",
                "CREATE INDEX archived_tickets_seq ON archived_tickets (seq)",
                "CREATE TABLE ticket_events (position BIGINT PRIMARY KEY, ticket_id VARCHAR NOT NULL,"
                        + " event_at BIGINT NOT NULL, event_type VARCHAR NOT NULL, actor VARCHAR, reason VARCHAR,"
                        + " payload " + d.blob + " NOT NULL, payload_json VARCHAR NOT NULL)",
                "CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id)",
                "CREATE TABLE agent_presence (position BIGINT PRIMARY KEY, agent_id VARCHAR NOT NULL,"
                        + " event_at BIGINT NOT NULL, kind VARCHAR NOT NULL, presence VARCHAR, session_id VARCHAR,"
                        + " reason VARCHAR)",
                "CREATE TABLE compensations (position BIGINT PRIMARY KEY, ticket_id VARCHAR NOT NULL,"
                        + " event_at BIGINT NOT NULL, level INTEGER NOT NULL, amount DECIMAL(18,2) NOT NULL,"
                        + " currency VARCHAR NOT NULL, metric VARCHAR NOT NULL, overdue_ms BIGINT NOT NULL)");
    }

    /**
     * Version 2, for the reports: the customers' feedback ({@code FeedbackGiven}, one row per rated
     * ticket; nothing to back-fill, builds before this one had no feedback event); the agents'
     * teams and tiers ({@code agents}, from {@code AgentUpserted}, the latest profile); and
     * {@code report_tickets}, one row per archived ticket with everything a report groups, filters
     * and measures by (see {@link ReportRow}), written when the ticket is archived and back-filled
     * at open for tickets archived before. Why a table of its own: reports scan it alone, without
     * joining archived_tickets to anything by ticket id (a 1M-row string join costs more than the
     * whole report budget), and its numbers can be read without decoding an event.
     */
    private static List<String> v2() {
        return List.of("CREATE TABLE feedback (position BIGINT PRIMARY KEY, ticket_id VARCHAR NOT NULL,"
                        + " event_at BIGINT NOT NULL, csat INTEGER NOT NULL, nps INTEGER NOT NULL, comment VARCHAR)",
                "CREATE TABLE agents (agent_id VARCHAR PRIMARY KEY, team VARCHAR, tier VARCHAR,"
                        + " position BIGINT NOT NULL)",
                "CREATE TABLE report_tickets (ticket_id VARCHAR PRIMARY KEY, archived_position BIGINT NOT NULL,"
                        + " created_at BIGINT NOT NULL, channel VARCHAR NOT NULL, priority VARCHAR NOT NULL,"
                        + " customer_tier VARCHAR NOT NULL, type VARCHAR, queue VARCHAR, sla_policy VARCHAR,"
                        + " handled_by VARCHAR, team VARCHAR, first_reply_at BIGINT, resolved_at BIGINT,"
                        + " reopens INTEGER NOT NULL, transfers INTEGER NOT NULL, agents INTEGER NOT NULL,"
                        + " first_response_target_ms BIGINT, first_response_elapsed_ms BIGINT,"
                        + " first_response_breached BOOLEAN, resolution_target_ms BIGINT, resolution_elapsed_ms BIGINT,"
                        + " resolution_breached BOOLEAN, csat INTEGER, nps INTEGER)");
    }

    /**
     * Version 3: {@code ticket_dims}, every ticket's report dimensions as its timeline set them
     * ({@link TicketDims}), so the reports over timeline events group and scope like the others;
     * back-filled at open from {@code ticket_events} for tickets projected before.
     */
    private static List<String> v3() {
        return List.of(TicketDims.DDL);
    }

    /**
     * Version 4: {@code backlog_moves} and {@code backlog_open} ({@link BacklogMoves}), the backlog
     * report's per-event change of the open count, derived here once from the committed timelines;
     * {@code sla_alerts} ({@link SlaAlerts}), the sla-events report's counted events (back-filled
     * at open, since it decodes the encoded events); {@code history_derived} ({@link DerivedRows}),
     * how far those are complete.
     */
    private static List<String> v4() {
        List<String> steps = new java.util.ArrayList<>(BacklogMoves.DDL);
        steps.addAll(SlaAlerts.DDL);
        steps.addAll(DerivedRows.DDL); // first: the back-fill's bound
        steps.addAll(BacklogMoves.BACKFILL);
        return steps;
    }

    /**
     * Version 5: {@code ticket_key} ({@link TicketKeys}), the tickets' integer surrogate key, on
     * {@code ticket_dims}, {@code backlog_moves} and {@code sla_alerts} (last and nullable: a
     * schema-4 build sharing a PostgreSQL store inserts its rows by position, without it), filled
     * for the rows there; and, on DuckDB, {@code backlog_open} without its primary key: its one
     * writer changes it by the net change of each batch (no key is inserted twice), and the key's
     * {@code INSERT ... ON CONFLICT} cost the history thread per ticket. PostgreSQL keeps the key,
     * which a schema-4 build's {@code ON CONFLICT (ticket_id)} needs during a rolling upgrade.
     */
    private static List<String> v5(Dialect d) {
        List<String> steps = new java.util.ArrayList<>(List.of(
                "ALTER TABLE ticket_dims ADD COLUMN ticket_key BIGINT",
                "ALTER TABLE backlog_moves ADD COLUMN ticket_key BIGINT",
                "ALTER TABLE sla_alerts ADD COLUMN ticket_key BIGINT"));
        if (d == Dialect.DUCKDB) {
            steps.addAll(List.of("CREATE TABLE backlog_open_5 AS SELECT ticket_id FROM backlog_open",
                    "DROP TABLE backlog_open", "ALTER TABLE backlog_open_5 RENAME TO backlog_open"));
        }
        return steps;
    }

    /**
     * Version 6, DuckDB only: the tables keyed by journal position ({@code ticket_events},
     * {@code agent_presence}, {@code compensations}, {@code feedback}, {@code backlog_moves},
     * {@code sla_alerts}) lose that primary key; {@code ticket_events} keeps its index on
     * {@code ticket_id} (timelines, ticket keys). Why: DuckDB maintains an ART index per key on
     * every appended row and serialises it at each checkpoint, a large part of the history
     * thread's CPU at 5k tickets/s (docs/BENCHMARKS.md, branch {@code hist-duck}). What the key
     * gave is kept otherwise: the file has one writer, which stores each position once through
     * the position's compare-and-set and deletes rows above it after a failed attempt; reads by
     * position range are served by DuckDB's zone maps (rows are appended in position order).
     * PostgreSQL keeps its keys: writers there may race (a standby taking over); its store stays
     * at version 5, which it still is, so a schema-5 build can still open a shared store.
     */
    private static List<String> v6(Dialect d) {
        if (d != Dialect.DUCKDB) {
            return List.of();
        }
        List<String> steps = new java.util.ArrayList<>();
        List<String> v1 = v1(d);
        List<String> v2 = v2();
        rebuild(steps, "ticket_events", v1.get(4), "");
        steps.add(v1.get(5)); // the ticket_id index, on the new table
        rebuild(steps, "agent_presence", v1.get(6), "");
        rebuild(steps, "compensations", v1.get(7), "");
        rebuild(steps, "feedback", v2.get(0), "");
        rebuild(steps, "backlog_moves", BacklogMoves.DDL.get(0), ", ticket_key BIGINT");
        rebuild(steps, "sla_alerts", SlaAlerts.DDL.get(0), ", ticket_key BIGINT");
        return steps;
    }

    /**
     * Steps that copy {@code table} into a table made by {@code ddl} (its creation in an earlier
     * version, with {@code added} columns) without the position's primary key, in position order,
     * and put it in the old one's place.
     */
    private static void rebuild(List<String> steps, String table, String ddl, String added) {
        String keyed = "CREATE TABLE " + table + " (position BIGINT PRIMARY KEY,";
        if (!ddl.startsWith(keyed) || !ddl.endsWith(")")) {
            throw new IllegalStateException("unexpected DDL of " + table + ": " + ddl);
        }
        String plain = "CREATE TABLE " + table + "_6 (position BIGINT NOT NULL," + ddl.substring(keyed.length(),
                ddl.length() - 1) + added + ")";
        steps.add(plain);
        steps.add("INSERT INTO " + table + "_6 SELECT * FROM " + table + " ORDER BY position");
        steps.add("DROP TABLE " + table);
        steps.add("ALTER TABLE " + table + "_6 RENAME TO " + table);
    }

    /** Per SLA metric: target and business time spent (millis), breached, when (null = never). */
    private static String sla(String metric) {
        return " " + metric + "_target_ms BIGINT, " + metric + "_elapsed_ms BIGINT, " + metric + "_breached BOOLEAN, "
                + metric + "_breached_at BIGINT,";
    }

    /** Creates or upgrades the tables; the connection is left in auto-commit. */
    static void migrate(Connection c, Dialect dialect, String where) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS history_schema (version INTEGER NOT NULL)");
            int version = 0;
            try (ResultSet rs = s.executeQuery("SELECT max(version) FROM history_schema")) {
                if (rs.next()) {
                    version = rs.getInt(1);
                }
            }
            if (version > VERSION) {
                throw new HistoryOpenException("history store " + where + " has schema version " + version
                        + ", newer than this build's " + VERSION + ": run the newer build, or move the store aside"
                        + " to let this one rebuild what the journal still holds", null);
            }
            if (version < 1) {
                for (String ddl : v1(dialect)) {
                    s.execute(ddl);
                }
                s.execute("INSERT INTO history_schema VALUES (1)");
            }
            if (version < 2) {
                for (String ddl : v2()) {
                    s.execute(ddl);
                }
                s.execute("INSERT INTO history_schema VALUES (2)");
            }
            if (version < 3) {
                for (String ddl : v3()) {
                    s.execute(ddl);
                }
                s.execute("INSERT INTO history_schema VALUES (3)");
            }
            if (version < 4) {
                for (String step : v4()) {
                    s.execute(step);
                }
                s.execute("INSERT INTO history_schema VALUES (4)");
            }
            if (version < 5) {
                for (String step : v5(dialect)) {
                    s.execute(step);
                }
                TicketKeys.fill(c, 0);
                s.execute("INSERT INTO history_schema VALUES (5)");
            }
            if (version < 6 && dialect == Dialect.DUCKDB) { // PostgreSQL stays at 5: see v6
                for (String step : v6(dialect)) {
                    s.execute(step);
                }
                s.execute("INSERT INTO history_schema VALUES (6)");
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }
}

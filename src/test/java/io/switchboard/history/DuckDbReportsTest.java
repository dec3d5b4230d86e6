package io.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.history.ReportQuery.Dimension;
import io.switchboard.history.ReportQuery.Report;
import io.switchboard.history.ReportQuery.Scope;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reports on the embedded DuckDB store, and the back-fill of stores archived before schema 2. */
class DuckDbReportsTest extends ReportsContract {
    @TempDir
    Path dir;

    @Override
    HistoryStore open() {
        return HistoryStores.duckDbInMemory();
    }

    /** A store whose tickets were archived before report_tickets existed gets them at open, from the timelines. */
    @Test
    void open_archivedTicketsWithoutOutcomes_backFilledFromTheirTimelines() {
        ReportQuery query = new ReportQuery(Report.RESOLUTION, ZoneOffset.UTC, ReportBuckets.cut(
                ZonedDateTime.of(2026, 11, 2, 0, 0, 0, 0, ZoneOffset.UTC),
                ZonedDateTime.of(2026, 11, 3, 0, 0, 0, 0, ZoneOffset.UTC), null), List.of(Dimension.TEAM), Map.of(),
                Scope.ALL);
        ReportTable before;
        try (HistoryStore first = HistoryStores.duckDb(dir)) {
            first.write(1, FIXTURE.journal);
            before = first.report(query);
            ((JdbcHistoryStore) first).read("forget outcomes", c -> c.createStatement()
                    .executeUpdate("DELETE FROM report_tickets"));
            assertThat(first.report(query).rows()).isEmpty();
        }

        try (HistoryStore reopened = HistoryStores.duckDb(dir)) {
            assertThat(((JdbcHistoryStore) reopened).count("report_tickets")).isEqualTo(ReportFixture.TICKETS);
            assertThat(reopened.report(query)).isEqualTo(before);
        }
    }

    /**
     * A store written by the build before schema 3 (golden/history-schema-2, the same fixture)
     * opens, gains every ticket's dimensions from its timelines, and answers the grouped event
     * reports and the other reports as a store written by this build does.
     */
    @Test
    void open_schema2StoreFromAnOlderBuild_migratedAndDimensionsBackFilled() throws Exception {
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(getClass().getResourceAsStream(
                "/golden/history-schema-2/history.duckdb.gz"))) {
            java.nio.file.Files.copy(in, dir.resolve(HistoryStores.DUCKDB_FILE));
        }
        ReportQuery backlog = new ReportQuery(Report.BACKLOG, ZoneOffset.UTC, ReportBuckets.cut(
                ZonedDateTime.of(2026, 11, 2, 0, 0, 0, 0, ZoneOffset.UTC),
                ZonedDateTime.of(2026, 11, 3, 0, 0, 0, 0, ZoneOffset.UTC), ReportBuckets.Size.HOUR),
                List.of(Dimension.CHANNEL, Dimension.TEAM), Map.of(), Scope.ALL);
        ReportQuery resolution = new ReportQuery(Report.RESOLUTION, ZoneOffset.UTC, backlog.buckets(),
                List.of(Dimension.TEAM), Map.of(), Scope.ALL);

        try (HistoryStore upgraded = HistoryStores.duckDb(dir)) {
            JdbcHistoryStore jdbc = (JdbcHistoryStore) upgraded;
            int version = jdbc.<Integer>read("schema", c -> {
                try (var rs = c.createStatement().executeQuery("SELECT max(version) FROM history_schema")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(version).isEqualTo(Schema.VERSION);
            assertThat(jdbc.count("ticket_dims")).isEqualTo(ReportFixture.TICKETS);
            assertThat(upgraded.committedPosition()).isEqualTo(FIXTURE.journal.size());
            assertThat(upgraded.report(backlog)).isEqualTo(store().report(backlog));
            assertThat(upgraded.report(resolution)).isEqualTo(store().report(resolution));
        }
    }

    /**
     * A store written by the build before schema 4 (golden/history-schema-3, the same fixture)
     * opens, derives the backlog's moves and open tickets and the SLA alerts from its timelines, and answers
     * the backlog and sla-events (grouped, filtered, in hours and days) as a store written by this build does.
     */
    @Test
    void open_schema3StoreFromAnOlderBuild_backlogMovesAndSlaAlertsDerivedAndReportsUnchanged() throws Exception {
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(getClass().getResourceAsStream(
                "/golden/history-schema-3/history.duckdb.gz"))) {
            java.nio.file.Files.copy(in, dir.resolve(HistoryStores.DUCKDB_FILE));
        }
        ZonedDateTime day = ZonedDateTime.of(2026, 11, 2, 0, 0, 0, 0, ZoneOffset.UTC);
        List<ReportQuery> backlogs = List.of(
                new ReportQuery(Report.BACKLOG, ZoneOffset.UTC, ReportBuckets.cut(day, day.plusDays(1),
                        ReportBuckets.Size.HOUR), List.of(), Map.of(), Scope.ALL),
                new ReportQuery(Report.BACKLOG, ZoneOffset.UTC, ReportBuckets.cut(day.plusHours(6), day.plusDays(2),
                        ReportBuckets.Size.DAY), List.of(Dimension.CHANNEL, Dimension.TEAM), Map.of(), Scope.ALL),
                new ReportQuery(Report.BACKLOG, ZoneOffset.UTC, ReportBuckets.cut(day, day.plusDays(1),
                        ReportBuckets.Size.HOUR), List.of(Dimension.QUEUE), Map.of(Dimension.TIER, java.util.Set.of(
                        "vip", "standard")), Scope.ALL));

        try (HistoryStore upgraded = HistoryStores.duckDb(dir)) {
            JdbcHistoryStore jdbc = (JdbcHistoryStore) upgraded;
            assertThat(jdbc.<Integer>read("schema", c -> {
                try (var rs = c.createStatement().executeQuery("SELECT max(version) FROM history_schema")) {
                    rs.next();
                    return rs.getInt(1);
                }
            })).isEqualTo(Schema.VERSION);
            long lifecycle = jdbc.<Long>read("lifecycle", c -> {
                try (var rs = c.createStatement().executeQuery("SELECT count(*) FROM ticket_events WHERE event_type IN"
                        + " ('TicketCreated', 'TicketReopened', 'TicketResolved', 'TicketClosed')")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertThat(lifecycle).isPositive();
            assertThat(jdbc.count("backlog_moves")).isEqualTo(lifecycle);
            assertThat(jdbc.count("backlog_open")).isEqualTo(((JdbcHistoryStore) store()).count("backlog_open"));
            long slaEvents = jdbc.<Long>read("sla", c -> {
                try (var rs = c.createStatement().executeQuery("SELECT count(*) FROM ticket_events WHERE event_type IN"
                        + " ('SlaWarning', 'SlaBreached', 'SlaEscalated')")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertThat(slaEvents).isPositive();
            assertThat(jdbc.count("sla_alerts")).isEqualTo(slaEvents);
            for (ReportQuery backlog : backlogs) {
                assertThat(upgraded.report(backlog)).isEqualTo(store().report(backlog));
                ReportQuery sla = new ReportQuery(Report.SLA_EVENTS, backlog.zone(), backlog.buckets(),
                        backlog.groupBy(), backlog.filters(), backlog.scope());
                assertThat(upgraded.report(sla)).isEqualTo(store().report(sla));
                assertThat(upgraded.report(sla).rows()).isNotEmpty();
            }
        }
    }

    /** A back-fill of sla_alerts cut short (its marker still there, some rows written) is done again, whole. */
    @Test
    void open_slaAlertsBackfillCutShort_derivedAgainWhole() {
        ReportQuery sla = new ReportQuery(Report.SLA_EVENTS, ZoneOffset.UTC, ReportBuckets.cut(
                ZonedDateTime.of(2026, 11, 2, 0, 0, 0, 0, ZoneOffset.UTC),
                ZonedDateTime.of(2026, 11, 3, 0, 0, 0, 0, ZoneOffset.UTC), ReportBuckets.Size.HOUR),
                List.of(Dimension.CHANNEL), Map.of(), Scope.ALL);
        long rows;
        ReportTable before;
        try (HistoryStore first = HistoryStores.duckDb(dir)) {
            first.write(1, FIXTURE.journal);
            before = first.report(sla);
            rows = ((JdbcHistoryStore) first).count("sla_alerts");
            ((JdbcHistoryStore) first).read("cut short", c -> c.createStatement().executeUpdate(
                    "DELETE FROM sla_alerts WHERE position % 2 = 0"));
            ((JdbcHistoryStore) first).read("mark", c -> c.createStatement().executeUpdate(
                    "INSERT INTO history_backfill VALUES ('sla_alerts')"));
            assertThat(((JdbcHistoryStore) first).count("sla_alerts")).isLessThan(rows);
        }
        assertThat(rows).isPositive();

        try (HistoryStore reopened = HistoryStores.duckDb(dir)) {
            assertThat(((JdbcHistoryStore) reopened).count("sla_alerts")).isEqualTo(rows);
            assertThat(((JdbcHistoryStore) reopened).count("history_backfill")).isZero();
            assertThat(reopened.report(sla)).isEqualTo(before);
        }
    }

    /** Utilisation = busy / (available + busy), away left out: 15 min busy of 45 min ready is a third. */
    @Test
    void occupancy_busyAvailableAndAway_utilisationIsBusyOverReadyTime() {
        long t0 = ReportFixture.T0;
        long m = 60_000;
        try (HistoryStore s = HistoryStores.duckDbInMemory()) {
            s.write(1, List.of(
                    new io.switchboard.core.event.DomainEvent.AgentPresenceChanged(t0, "carol",
                            io.switchboard.core.agent.Presence.AVAILABLE, null),
                    new io.switchboard.core.event.DomainEvent.AgentPresenceChanged(t0 + 30 * m, "carol",
                            io.switchboard.core.agent.Presence.BUSY, null),
                    new io.switchboard.core.event.DomainEvent.AgentPresenceChanged(t0 + 45 * m, "carol",
                            io.switchboard.core.agent.Presence.AWAY, null)));

            ReportTable t = s.report(new ReportQuery(Report.OCCUPANCY, ZoneOffset.UTC, ReportBuckets.cut(
                    ZonedDateTime.of(2026, 11, 2, 0, 0, 0, 0, ZoneOffset.UTC),
                    ZonedDateTime.of(2026, 11, 2, 1, 0, 0, 0, ZoneOffset.UTC), null), List.of(), Map.of(), Scope.ALL));

            List<Object> carol = t.rows().get(0);
            assertThat(carol.subList(3, 7)).containsExactly(30 * m, 15 * m, 15 * m, 60 * m);
            assertThat((Double) carol.get(t.columns().indexOf("utilisation"))).isCloseTo(1.0 / 3,
                    org.assertj.core.api.Assertions.within(1e-12));
        }
    }

    /** A handoff past its team's limit counts overdue once, however late it is then accepted; one never accepted has no time. */
    @Test
    void handoffs_overdueAndNeverAccepted_countedAsTheEngineRecordedThem() {
        long t0 = ReportFixture.T0;
        long m = 60_000;
        try (HistoryStore s = HistoryStores.duckDbInMemory()) {
            s.write(1, List.of(
                    new io.switchboard.core.event.DomainEvent.TicketTransferred(t0, "t1", "general", null, "technical",
                            null, "agent:alice", "needs_technical"),
                    new io.switchboard.core.event.DomainEvent.HandoffOverdue(t0 + 120 * m, "t1", "technical",
                            t0 + 120 * m, "router", "handoff_overdue"),
                    new io.switchboard.core.event.DomainEvent.TicketAssigned(t0 + 180 * m, "t1", "bob", null,
                            "agent:bob", null),
                    new io.switchboard.core.event.DomainEvent.TicketTransferred(t0 + 10 * m, "t2", "general", null,
                            "technical", null, "agent:alice", "needs_technical"),
                    new io.switchboard.core.event.DomainEvent.TicketTransferred(t0 + 20 * m, "t3", "general", null,
                            "technical", null, "agent:alice", "needs_technical"),
                    new io.switchboard.core.event.DomainEvent.TicketAssigned(t0 + 50 * m, "t3", "bob", null,
                            "agent:bob", null)));

            ReportTable t = s.report(new ReportQuery(Report.HANDOFFS, ZoneOffset.UTC, ReportBuckets.cut(
                    ZonedDateTime.of(2026, 11, 2, 0, 0, 0, 0, ZoneOffset.UTC),
                    ZonedDateTime.of(2026, 11, 3, 0, 0, 0, 0, ZoneOffset.UTC), null), List.of(), Map.of(), Scope.ALL));

            assertThat(t.rows()).hasSize(1);
            List<Object> technical = t.rows().get(0);
            // handoffs t1 (180 min, overdue), t2 (never accepted), t3 (30 min)
            assertThat(technical.subList(1, 5)).containsExactly("technical", 3L, 2L, 1L);
            assertThat(technical.get(5)).isEqualTo(105.0 * m); // mean of 180 and 30 min
            assertThat(technical.get(6)).isEqualTo(105.0 * m); // p50 of two: their mean
            assertThat(technical.get(7)).isEqualTo(165.0 * m); // p90: 30 + 0.9 × 150 min
            assertThat((Double) technical.get(8)).isCloseTo(1.0 / 3, org.assertj.core.api.Assertions.within(1e-12));
        }
    }

    /**
     * A store the packaged build of schema 4 wrote through its API (golden/history-schema-4, see its
     * README: feedback, SLA warnings, breaches, escalations and compensations, transfers, presence)
     * opens, migrates to this build's schema with every event-report row keyed, and answers every
     * report, plain, grouped and scoped, exactly as that build did (its rendering, reports.txt).
     */
    @Test
    void open_schema4StoreWrittenByThePackagedBuild_keyedAndEveryReportAsThatBuildAnswered() throws Exception {
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(getClass().getResourceAsStream(
                "/golden/history-schema-4/history.duckdb.gz"))) {
            java.nio.file.Files.copy(in, dir.resolve(HistoryStores.DUCKDB_FILE));
        }
        String expected;
        try (java.io.InputStream in = getClass().getResourceAsStream("/golden/history-schema-4/reports.txt")) {
            expected = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        long[] range = GoldenReports.range(expected);
        try (HistoryStore upgraded = HistoryStores.duckDb(dir)) {
            JdbcHistoryStore jdbc = (JdbcHistoryStore) upgraded;
            assertThat(jdbc.<Long>read("unkeyed", c -> {
                try (var rs = c.createStatement().executeQuery("SELECT (SELECT count(*) FROM ticket_dims WHERE"
                        + " ticket_key IS NULL) + (SELECT count(*) FROM backlog_moves m JOIN ticket_dims d ON"
                        + " d.ticket_id = m.ticket_id WHERE m.ticket_key IS DISTINCT FROM d.ticket_key)"
                        + " + (SELECT count(*) FROM sla_alerts a JOIN ticket_dims d ON d.ticket_id = a.ticket_id"
                        + " WHERE a.ticket_key IS DISTINCT FROM d.ticket_key)")) {
                    rs.next();
                    return rs.getLong(1);
                }
            })).as("rows without their ticket's key").isZero();
            assertThat(jdbc.count("backlog_moves")).isPositive();
            assertThat(jdbc.count("sla_alerts")).isPositive();
            assertThat(GoldenReports.render(upgraded, range[0], range[1])).isEqualTo(expected);
        }
    }

    /**
     * A store the packaged build of schema 5 wrote through its API (golden/history-schema-5, see its
     * README) opens and migrates to schema 6 (the position-keyed tables without their primary key,
     * ticket_events' ticket index kept), with every row carried over, and answers every report and
     * every archived ticket's timeline exactly as that build did; the writer then goes on writing.
     */
    @Test
    void open_schema5StoreWrittenByThePackagedBuild_migratedAndEveryReportAndTimelineAsThatBuildRead()
            throws Exception {
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(getClass().getResourceAsStream(
                "/golden/history-schema-5/history.duckdb.gz"))) {
            java.nio.file.Files.copy(in, dir.resolve(HistoryStores.DUCKDB_FILE));
        }
        String reports = resource("/golden/history-schema-5/reports.txt");
        String timelines = resource("/golden/history-schema-5/timelines.txt");
        long[] range = GoldenReports.range(reports);
        try (HistoryStore upgraded = HistoryStores.duckDb(dir)) {
            JdbcHistoryStore jdbc = (JdbcHistoryStore) upgraded;
            assertThat(jdbc.<Long>read("schema", c -> single(c, "SELECT max(version) FROM history_schema")))
                    .isEqualTo(6L);
            assertThat(jdbc.<Long>read("keys", c -> single(c, "SELECT count(*) FROM duckdb_constraints() WHERE"
                    + " constraint_type = 'PRIMARY KEY' AND table_name IN ('ticket_events', 'agent_presence',"
                    + " 'compensations', 'feedback', 'backlog_moves', 'sla_alerts')"))).as("position keys left").isZero();
            assertThat(jdbc.<Long>read("index", c -> single(c, "SELECT count(*) FROM duckdb_indexes() WHERE"
                    + " index_name = 'ticket_events_ticket' AND table_name = 'ticket_events'"))).isEqualTo(1L);
            assertThat(jdbc.count("ticket_events")).isPositive();
            assertThat(jdbc.count("compensations")).isPositive();
            assertThat(jdbc.count("feedback")).isPositive();
            assertThat(jdbc.count("agent_presence")).isPositive();
            assertThat(GoldenReports.render(upgraded, range[0], range[1])).isEqualTo(reports);
            assertThat(GoldenReports.timelines(upgraded)).isEqualTo(timelines);
            long committed = upgraded.committedPosition();
            long presence = jdbc.count("agent_presence");
            upgraded.write(committed + 1, List.of(new io.switchboard.core.event.DomainEvent.AgentDisconnected(
                    range[1], "alice", "s-after-migration", range[1] + 1000)));
            assertThat(upgraded.committedPosition()).isEqualTo(committed + 1);
            assertThat(jdbc.count("agent_presence")).isEqualTo(presence + 1);
        }
    }

    private String resource(String name) throws java.io.IOException {
        try (java.io.InputStream in = getClass().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static long single(java.sql.Connection c, String sql) throws java.sql.SQLException {
        try (var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

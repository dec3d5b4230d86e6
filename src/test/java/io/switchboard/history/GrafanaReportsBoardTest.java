package io.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.switchboard.history.ReportQuery.Dimension;
import io.switchboard.history.ReportQuery.Report;
import io.switchboard.history.ReportQuery.Scope;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Grafana board over the PostgreSQL history store ({@code grafana/dashboards/switchboard-reports.json}):
 * every panel's SQL, with the dashboard's variables and Grafana's macros expanded as Grafana does
 * ({@link GrafanaMacros}), runs on the real PostgreSQL the suite starts, loaded with the reports'
 * hand-computed fixture ({@link ReportFixture}: 24 tickets on 2026-11-02; its late ticket for the
 * escalations and compensations), returns rows with the panel's columns, and gives the figures the
 * history store's reports (what {@code GET /v1/reports/{report}} answers) give for the same range.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrafanaReportsBoardTest {
    private static final Path BOARD = Path.of("grafana/dashboards/switchboard-reports.json");
    private static final Instant FROM = Instant.ofEpochMilli(ReportFixture.T0);
    private static final Instant TO = FROM.plus(Duration.ofDays(1));

    private PostgresTarget main;
    private PostgresTarget late;
    private HistoryStore mainStore;
    private HistoryStore lateStore;
    private Map<Integer, JsonObject> panels;

    @BeforeAll
    void load() throws IOException {
        main = PostgresProcess.shared().newDatabase();
        mainStore = HistoryStores.postgres(main);
        mainStore.write(1, ReportsContract.FIXTURE.journal);
        late = PostgresProcess.shared().newDatabase();
        lateStore = HistoryStores.postgres(late);
        lateStore.write(1, ReportFixture.lateTicket().journal);
        panels = new LinkedHashMap<>();
        new JsonObject(Files.readString(BOARD)).getJsonArray("panels").forEach(p -> panels.put(((JsonObject) p)
                .getInteger("id"), (JsonObject) p));
    }

    @AfterAll
    void close() {
        if (mainStore != null) {
            mainStore.close();
        }
        if (lateStore != null) {
            lateStore.close();
        }
    }

    @Test
    void board_everyPanelOnThePostgresVariable_boundToTheTimeRange_noComments() throws IOException {
        JsonObject board = new JsonObject(Files.readString(BOARD));
        JsonObject source = board.getJsonObject("templating").getJsonArray("list").getJsonObject(0);
        assertThat(source.getString("type")).isEqualTo("datasource");
        assertThat(source.getString("query")).isEqualTo("grafana-postgresql-datasource");
        assertThat(panels).hasSize(11);
        for (JsonObject panel : panels.values()) {
            String title = panel.getString("title");
            assertThat(panel.getJsonObject("datasource").getString("uid")).as(title).isEqualTo("${datasource}");
            JsonObject target = panel.getJsonArray("targets").getJsonObject(0);
            assertThat(target.getJsonObject("datasource").getString("type")).as(title)
                    .isEqualTo("grafana-postgresql-datasource");
            // bound to the dashboard's time range (occupancy clips presence spans to it with $__timeFrom/To)
            assertThat(target.getString("rawSql")).as(title).containsAnyOf("$__timeFilter(", "$__timeFrom()")
                    .doesNotContain("--", "/*"); // newer Grafanas strip comments: nothing may hide in one
        }
    }

    @Test
    void everyPanel_expandedAndRun_returnsRowsWithItsColumns() throws SQLException {
        Map<Integer, List<String>> columns = Map.ofEntries(
                Map.entry(1, List.of("time", "first response p50", "first response p90", "resolution p50",
                        "resolution p90")),
                Map.entry(2, List.of("time", "first response", "resolution")),
                Map.entry(3, List.of("channel", "tickets", "first_response_count", "first_response_wall_mean_ms",
                        "first_response_wall_p50_ms", "first_response_wall_p90_ms", "first_response_attainment",
                        "resolution_count", "resolution_wall_p50_ms", "resolution_wall_p90_ms", "resolution_attainment")),
                Map.entry(4, List.of("team", "tickets", "resolved", "first_contact_resolution_rate", "reopen_rate",
                        "transferred")),
                Map.entry(5, List.of("channel", "rated", "response_rate", "csat_mean", "nps", "csat_1", "csat_2",
                        "csat_3", "csat_4", "csat_5")),
                Map.entry(6, List.of("time", "CSAT mean", "NPS")),
                Map.entry(7, List.of("time", "created", "resolved", "open_at_end")),
                Map.entry(8, List.of("time", "warnings", "breaches first response", "breaches next response",
                        "breaches resolution", "escalations")),
                Map.entry(9, List.of("rung", "escalations")),
                Map.entry(10, List.of("currency", "compensations", "total")),
                Map.entry(11, List.of("agent", "team", "available_ms", "busy_ms", "away_ms", "present_ms",
                        "available_share")));
        for (JsonObject panel : panels.values()) {
            int id = panel.getInteger("id");
            // escalations and compensations happen only in the late ticket's history
            Result r = run(id == 9 || id == 10 ? late : main, id, "1d");
            assertThat(r.columns()).as(panel.getString("title")).isEqualTo(columns.get(id));
            assertThat(r.rows()).as(panel.getString("title")).isNotEmpty();
            if (columns.get(id).get(0).equals("time")) {
                assertThat(panel.getJsonArray("targets").getJsonObject(0).getString("format")).isEqualTo("time_series");
            }
        }
    }

    @Test
    void responseTimesByChannel_asTheReport() throws SQLException {
        Result panel = run(main, 3, "1d");
        ReportTable report = report(mainStore, Report.RESPONSE_TIMES, List.of(Dimension.CHANNEL), null);

        assertThat(panel.rows()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            Map<String, Object> api = row(report, i);
            Map<String, Object> row = panel.row(i);
            assertThat(row.get("channel")).isEqualTo(api.get("channel"));
            for (String column : List.of("tickets", "first_response_count", "first_response_wall_mean_ms",
                    "first_response_wall_p50_ms", "first_response_wall_p90_ms", "first_response_attainment",
                    "resolution_count", "resolution_wall_p50_ms", "resolution_wall_p90_ms", "resolution_attainment")) {
                same(row.get(column), api.get(column), "response times " + api.get("channel") + " " + column);
            }
        }
        // the fixture's hand-computed chat p50 (ReportsContract): first replies 10, 20, ..., 120 s
        same(panel.row(0).get("first_response_wall_p50_ms"), 65_000, "chat p50");
    }

    @Test
    void timeSeries_hourly_asTheReportsHourlyBuckets() throws SQLException {
        ReportTable times = report(mainStore, Report.RESPONSE_TIMES, List.of(), ReportBuckets.Size.HOUR);
        ReportTable satisfaction = report(mainStore, Report.SATISFACTION, List.of(), ReportBuckets.Size.HOUR);
        Result latency = run(main, 1, "1h");
        Result attainment = run(main, 2, "1h");
        Result csat = run(main, 6, "1h");

        assertThat(latency.rows()).hasSize(ReportFixture.TICKETS).hasSize(times.rows().size());
        for (int i = 0; i < times.rows().size(); i++) {
            Map<String, Object> api = row(times, i);
            assertThat(epochMillis(latency.row(i).get("time"))).isEqualTo(api.get("bucket"));
            same(latency.row(i).get("first response p50"), api.get("first_response_wall_p50_ms"), "p50 " + i);
            same(latency.row(i).get("first response p90"), api.get("first_response_wall_p90_ms"), "p90 " + i);
            same(latency.row(i).get("resolution p50"), api.get("resolution_wall_p50_ms"), "resolution p50 " + i);
            same(attainment.row(i).get("first response"), api.get("first_response_attainment"), "attainment " + i);
            same(attainment.row(i).get("resolution"), api.get("resolution_attainment"), "attainment " + i);
            Map<String, Object> rated = row(satisfaction, i);
            same(csat.row(i).get("CSAT mean"), rated.get("csat_mean"), "csat " + i);
            same(csat.row(i).get("NPS"), rated.get("nps"), "nps " + i);
        }
    }

    @Test
    void resolutionAndSatisfaction_grouped_asTheReports() throws SQLException {
        Result teams = run(main, 4, "1d");
        ReportTable resolution = report(mainStore, Report.RESOLUTION, List.of(Dimension.TEAM), null);
        Result channels = run(main, 5, "1d");
        ReportTable satisfaction = report(mainStore, Report.SATISFACTION, List.of(Dimension.CHANNEL), null);

        assertThat(teams.maps()).extracting(r -> r.get("team")).containsExactly("support", "technical");
        for (int i = 0; i < 2; i++) {
            for (String c : List.of("tickets", "resolved", "first_contact_resolution_rate", "reopen_rate", "transferred")) {
                same(teams.row(i).get(c), row(resolution, i).get(c), "resolution " + i + " " + c);
            }
            for (String c : List.of("rated", "response_rate", "csat_mean", "nps", "csat_1", "csat_2", "csat_3", "csat_4",
                    "csat_5")) {
                same(channels.row(i).get(c), row(satisfaction, i).get(c), "satisfaction " + i + " " + c);
            }
        }
    }

    @Test
    void backlog_hourly_asTheReportWhereEventsHappened() throws SQLException {
        Result panel = run(main, 7, "1h");
        ReportTable report = report(mainStore, Report.BACKLOG, List.of(), ReportBuckets.Size.HOUR);
        Map<Long, Map<String, Object>> byBucket = new HashMap<>();
        for (int i = 0; i < report.rows().size(); i++) {
            byBucket.put((Long) row(report, i).get("bucket"), row(report, i));
        }

        long created = 0;
        for (int i = 0; i < panel.rows().size(); i++) {
            Map<String, Object> api = byBucket.get(epochMillis(panel.row(i).get("time")));
            assertThat(api).as("an hour of the range").isNotNull();
            same(panel.row(i).get("created"), api.get("created"), "created " + i);
            same(panel.row(i).get("resolved"), api.get("resolved"), "resolved " + i);
            same(panel.row(i).get("open_at_end"), api.get("open_at_end"), "open at end " + i);
            created += ((Number) panel.row(i).get("created")).longValue();
        }
        assertThat(created).isEqualTo(ReportFixture.TICKETS);
    }

    @Test
    void slaEvents_breachesEscalationsAndCompensations_asTheReport() throws SQLException {
        Result breaches = run(main, 8, "1d");
        Map<String, Object> api = row(report(mainStore, Report.SLA_EVENTS, List.of(), null), 0);
        assertThat(breaches.rows()).hasSize(1);
        same(breaches.row(0).get("breaches first response"), api.get("breaches_first_response"), "breaches");
        same(breaches.row(0).get("breaches resolution"), api.get("breaches_resolution"), "breaches");
        same(breaches.row(0).get("warnings"), ((Long) api.get("warnings_first_response"))
                + (Long) api.get("warnings_next_response") + (Long) api.get("warnings_resolution"), "warnings");
        // vip chat k = 9, 10 and e-mail 330-690 s (7) missed their first response (ReportsContract)
        same(breaches.row(0).get("breaches first response"), 9, "hand-computed breaches");

        Map<String, Object> lateApi = row(report(lateStore, Report.SLA_EVENTS, List.of(), null), 0);
        Result rungs = run(late, 9, "1d");
        Result money = run(late, 10, "1d");
        assertThat(rungs.maps()).extracting(r -> ((Number) r.get("rung")).intValue()).containsExactly(1, 2);
        same(rungs.row(0).get("escalations"), lateApi.get("escalations_rung_1"), "rung 1");
        same(rungs.row(1).get("escalations"), lateApi.get("escalations_rung_2"), "rung 2");
        assertThat(money.maps()).extracting(r -> r.get("currency")).containsExactly("CNY", "USD");
        same(money.row(0).get("total"), lateApi.get("compensation_total_CNY"), "CNY");
        same(money.row(1).get("total"), lateApi.get("compensation_total_USD"), "USD");
        same(money.row(0).get("total"), 10, "the fixture's 10 CNY");
        same(money.row(1).get("total"), 2.5, "the fixture's 2.50 USD");
    }

    @Test
    void occupancy_perAgent_asTheReport() throws SQLException {
        Result panel = run(main, 11, "1d");
        ReportTable report = report(mainStore, Report.OCCUPANCY, List.of(), null);

        assertThat(panel.rows()).hasSize(report.rows().size()).hasSize(2);
        for (int i = 0; i < panel.rows().size(); i++) {
            Map<String, Object> api = row(report, i);
            assertThat(panel.row(i).get("agent")).isEqualTo(api.get("agent"));
            assertThat(panel.row(i).get("team")).isEqualTo(api.get("team"));
            for (String c : List.of("available_ms", "busy_ms", "away_ms", "present_ms", "available_share")) {
                same(panel.row(i).get(c), api.get(c), api.get("agent") + " " + c);
            }
        }
    }

    @Test
    void macros_asGrafanasOwnExamples() {
        Instant from = Instant.parse("2018-04-12T18:00:00Z");
        Instant to = from.plus(Duration.ofMinutes(5));
        Duration interval = Duration.ofMinutes(10);
        Map<String, String> none = Map.of();

        assertThat(GrafanaMacros.expand("WHERE $__timeFilter(time_column)", none, interval, from, to))
                .isEqualTo("WHERE time_column BETWEEN '2018-04-12T18:00:00Z' AND '2018-04-12T18:05:00Z'");
        assertThat(GrafanaMacros.expand("SELECT $__timeGroup(time_column,'5m'), value", none, interval, from, to))
                .isEqualTo("SELECT floor(extract(epoch from time_column)/300)*300 AS \"time\", value");
        assertThat(GrafanaMacros.expand("SELECT $__timeGroup(time_column,'5m') as time, value", none, interval, from,
                to)).isEqualTo("SELECT floor(extract(epoch from time_column)/300)*300 as time, value");
        assertThat(GrafanaMacros.expand("$__timeGroupAlias(time_column , '5m')", none, interval, from, to))
                .isEqualTo("floor(extract(epoch from time_column)/300)*300 AS \"time\"");
        assertThat(GrafanaMacros.expand("select $__timeFrom(), $__timeTo()", none, interval, from, to))
                .isEqualTo("select '2018-04-12T18:00:00Z', '2018-04-12T18:05:00Z'");
        assertThat(GrafanaMacros.expand("select $__unixEpochFilter(time)", none, interval, from, to))
                .isEqualTo("select time >= 1523556000 AND time <= 1523556300");
        assertThat(GrafanaMacros.expand("SELECT $__unixEpochGroup(time_column+time_adjustment,'5m')", none, interval,
                from, to)).isEqualTo("SELECT floor((time_column+time_adjustment)/300)*300");
        assertThat(GrafanaMacros.expand("SELECT $__interval, '$bucket'", Map.of("bucket", "1d"), interval, from, to))
                .isEqualTo("SELECT 10m, '1d'");
        assertThatThrownBy(() -> GrafanaMacros.expand("$__nope(x)", none, interval, from, to))
                .hasMessageContaining("unknown macro");
    }

    // ---- helpers ----

    private record Result(List<String> columns, List<List<Object>> rows) {
        List<Map<String, Object>> maps() {
            List<Map<String, Object>> out = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                out.add(row(i));
            }
            return out;
        }

        Map<String, Object> row(int i) {
            Map<String, Object> out = new HashMap<>();
            for (int c = 0; c < columns.size(); c++) {
                out.put(columns.get(c), rows.get(i).get(c));
            }
            return out;
        }
    }

    /** The panel's SQL with {@code $bucket} set to {@code bucket}, expanded for the fixture's day and run. */
    private Result run(PostgresTarget target, int panelId, String bucket) throws SQLException {
        String raw = panels.get(panelId).getJsonArray("targets").getJsonObject(0).getString("rawSql");
        String sql = GrafanaMacros.expand(raw, Map.of("bucket", bucket), Duration.ofMinutes(5), FROM, TO);
        try (Connection c = DriverManager.getConnection(target.jdbcUrl(), target.user(), "");
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                columns.add(rs.getMetaData().getColumnLabel(i));
            }
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns.size(); i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
            return new Result(columns, rows);
        } catch (SQLException e) {
            throw new SQLException("panel " + panelId + ": " + e.getMessage() + "\n" + sql, e);
        }
    }

    private static ReportTable report(HistoryStore store, Report report, List<Dimension> groupBy,
            ReportBuckets.Size bucket) {
        ZonedDateTime from = ZonedDateTime.ofInstant(FROM, ZoneOffset.UTC);
        return store.report(new ReportQuery(report, ZoneOffset.UTC, ReportBuckets.cut(from, from.plusDays(1), bucket),
                groupBy, Map.of(), Scope.ALL));
    }

    private static Map<String, Object> row(ReportTable table, int index) {
        Map<String, Object> row = new HashMap<>();
        for (int c = 0; c < table.columns().size(); c++) {
            row.put(table.columns().get(c), table.rows().get(index).get(c));
        }
        return row;
    }

    /** A time column as Grafana reads it: a timestamp, or a number of epoch seconds. */
    private static long epochMillis(Object time) {
        return time instanceof java.sql.Timestamp t ? t.getTime() : Math.round(((Number) time).doubleValue() * 1000);
    }

    private static void same(Object panel, Object api, String what) {
        if (api == null) {
            assertThat(panel).as(what).isNull();
            return;
        }
        assertThat(panel).as(what).isNotNull();
        double expected = ((Number) api).doubleValue();
        assertThat(((Number) panel).doubleValue()).as(what).isCloseTo(expected, within(1e-6 * Math.max(1, Math.abs(
                expected))));
    }
}

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
}

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
}

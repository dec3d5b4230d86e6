package io.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Customer;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.TicketDraft;
import io.switchboard.core.event.DomainEvent.TicketClosed;
import io.switchboard.core.event.DomainEvent.TicketReopened;
import io.switchboard.core.event.DomainEvent.TicketResolved;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backlog's projected moves (schema 4): the writer's per-event change of the open count must
 * equal the definition (each lifecycle event read against its ticket's previous one, the SQL the
 * migration back-fills with), across write batches and a restart, for lifecycles the engine makes
 * and for the odd ones a compacted journal leaves (a ticket first seen resolved).
 */
class BacklogMovesTest {
    private static final long T = ReportFixture.T0;

    @TempDir
    Path dir;

    @Test
    void write_oddLifecyclesAcrossBatchesAndARestart_movesAsTheTimelineDefinesThem() throws Exception {
        List<DomainEvent> first = List.of(
                created(T, "t1"), // 1: +1
                created(T + 1, "t3"), // 2: +1
                new TicketResolved(T + 2, "t2", "agent:a", null), // 3: first seen resolved (compacted): 0
                created(T + 3, "t4"), // 4: +1
                new TicketResolved(T + 4, "t1", "agent:a", null)); // 5: -1
        List<DomainEvent> second = List.of(
                new TicketClosed(T + 5, "t1", "system", null), // 6: closed after resolved: 0
                new TicketClosed(T + 6, "t2", "system", null), // 7: 0
                new TicketClosed(T + 7, "t3", "system", null), // 8: closed while open: -1
                new TicketResolved(T + 8, "t4", "agent:a", null), // 9: -1
                new TicketReopened(T + 9, "t4", "customer", null), // 10: +1
                created(T + 10, "t5"), // 11: +1, then closed in the same batch
                new TicketClosed(T + 11, "t5", "system", null)); // 12: -1
        List<DomainEvent> afterRestart = List.of(
                new TicketReopened(T + 12, "t3", "customer", null), // 13: reopened after a close: +1
                new TicketResolved(T + 13, "t4", "agent:a", null)); // 14: open before the restart: -1

        try (HistoryStore s = HistoryStores.duckDb(dir)) {
            s.write(1, first);
            s.write(6, second);
            assertThat(open(s)).containsExactly("t4");
        }
        try (HistoryStore s = HistoryStores.duckDb(dir)) {
            s.write(13, afterRestart);

            assertThat(deltas(s, "SELECT position, delta FROM backlog_moves ORDER BY position"))
                    .containsExactly(1, 1, 0, 1, -1, 0, 0, -1, -1, 1, 1, -1, 1, -1);
            String definition = BacklogMoves.BACKFILL.get(0).replaceFirst("^INSERT INTO backlog_moves \\([^)]*\\) ", "")
                    + " ORDER BY 1";
            assertThat(deltas(s, "SELECT position, delta FROM (" + definition + ") d(position, ticket_id, event_at,"
                    + " event_type, delta)")).isEqualTo(deltas(s, "SELECT position, delta FROM backlog_moves ORDER BY"
                    + " position"));
            assertThat(open(s)).containsExactly("t3");
        }
    }

    @Test
    void write_batchRetriedAfterItsPositions_movesWrittenOnce() {
        try (HistoryStore s = HistoryStores.duckDb(dir)) {
            List<DomainEvent> events = List.of(created(T, "t1"),
                    new TicketResolved(T + 1, "t1", "agent:a", null));
            s.write(1, events);
            s.write(1, events); // the projection retrying a batch the store already holds

            assertThat(((JdbcHistoryStore) s).count("backlog_moves")).isEqualTo(2);
            assertThat(open(s)).isEmpty();
        }
    }

    /**
     * A rolling upgrade with a shared PostgreSQL store (issue 18): an older build still projecting
     * beside this one writes its batches to {@code ticket_events} and moves the committed position,
     * but writes none of schema 4's tables. Emulated by deleting what only this build writes (and
     * moving {@code history_derived} back). On DuckDB (one process per file) only a build that had
     * the file before this one's open can have done so: the open derives them.
     */
    @Test
    void open_afterAnOlderBuildProjectedABatch_derivedRowsCoverIt() throws Exception {
        try (HistoryStore s = HistoryStores.duckDb(dir)) {
            writeTwoBatches(s);
            emulateAnOlderWriter(s);
        }
        try (HistoryStore s = HistoryStores.duckDb(dir)) {
            assertThat(open(s)).as("derived at open").containsExactly("t2");
            assertThat(((JdbcHistoryStore) s).count("sla_alerts")).as("derived at open").isEqualTo(1);
            s.write(5, List.of(new TicketReopened(T + 2, "t1", "customer", null)));

            assertMovesAsDefined(s);
        }
    }

    /**
     * The same on a shared PostgreSQL store while this build's writer is open: its next write
     * reads the moved positions and derives the rows the older build did not write. (A DuckDB
     * store keeps its positions in memory between writes: nobody else can write its file.)
     */
    @Test
    void write_afterAnOlderBuildProjectedABatchOnPostgres_derivedRowsCoverItToo() throws Exception {
        PostgresTarget target = PostgresProcess.shared().newDatabase();
        try (HistoryStore s = HistoryStores.postgres(target)) {
            writeTwoBatches(s);
            emulateAnOlderWriter(s);
            s.write(5, List.of(new TicketReopened(T + 2, "t1", "customer", null)));

            assertMovesAsDefined(s);
        }
    }

    private static void writeTwoBatches(HistoryStore s) {
        s.write(1, List.of(created(T, "t1"), created(T, "t2")));
        s.write(3, List.of(new TicketResolved(T + 1, "t1", "agent:a", null), new DomainEvent.SlaBreached(T + 1,
                "t2", io.switchboard.core.sla.SlaMetric.FIRST_RESPONSE, T, "system", null)));
    }

    private static void emulateAnOlderWriter(HistoryStore s) {
        ((JdbcHistoryStore) s).read("emulate an older writer", c -> {
            c.createStatement().execute("DELETE FROM backlog_moves WHERE position = 3");
            c.createStatement().execute("DELETE FROM sla_alerts");
            c.createStatement().execute("INSERT INTO backlog_open VALUES ('t1')");
            c.createStatement().execute("UPDATE history_derived SET position = 2");
            return null;
        });
    }

    private static void assertMovesAsDefined(HistoryStore s) {
        String definition = BacklogMoves.BACKFILL.get(0).replaceFirst("^INSERT INTO backlog_moves \\([^)]*\\) ", "")
                + " ORDER BY 1";
        assertThat(deltas(s, "SELECT position, delta FROM backlog_moves ORDER BY position"))
                .containsExactly(1, 1, -1, 1)
                .isEqualTo(deltas(s, "SELECT position, delta FROM (" + definition + ") d(position, ticket_id,"
                        + " event_at, event_type, delta)"));
        assertThat(open(s)).containsExactly("t1", "t2");
        assertThat(((JdbcHistoryStore) s).count("sla_alerts")).isEqualTo(1);
    }

    private static DomainEvent created(long at, String id) {
        TicketDraft draft = new TicketDraft(Channel.CHAT, Priority.NORMAL, new Customer("c-" + id,
                CustomerTier.STANDARD, null), null, "subject", null, List.of(), null, Set.of(), Map.of(), null);
        return new DomainEvent.TicketCreated(at, id, 1, draft, "general", "api", "intake", null, null, null);
    }

    private static List<Integer> deltas(HistoryStore s, String sql) {
        return ((JdbcHistoryStore) s).read("deltas", c -> {
            List<Integer> out = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery(sql)) {
                while (rs.next()) {
                    out.add(rs.getInt(2));
                }
            }
            return out;
        });
    }

    private static Set<String> open(HistoryStore s) {
        return ((JdbcHistoryStore) s).read("open", c -> {
            Set<String> out = new TreeSet<>();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT ticket_id FROM backlog_open")) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }
}

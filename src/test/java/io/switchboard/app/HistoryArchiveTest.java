package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.api.ArchivedTickets;
import io.switchboard.core.ticket.TicketStatus;
import io.switchboard.engine.TicketView;
import io.switchboard.history.EngineHistory;
import io.switchboard.history.HistoryReads;
import io.switchboard.history.HistoryStore;
import io.switchboard.history.HistoryStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archived tickets read back through the history store show the view the engine gave before. */
class HistoryArchiveTest {
    private static final EngineHistory HISTORY = EngineHistory.run(25);

    @TempDir
    Path dir;

    private Vertx vertx;
    private HistoryStore store;
    private HistoryReads reads;
    private HistoryArchive archive;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        store = HistoryStores.duckDb(dir);
        store.write(1, HISTORY.journal);
        reads = new HistoryReads(vertx, store, 100);
        // not started: nothing is offered, so a miss is final at once
        archive = new HistoryArchive(vertx, reads, new io.switchboard.history.HistoryProjection(store,
                io.switchboard.history.JournalTail.EMPTY, System::currentTimeMillis,
                io.switchboard.history.HistoryProjection.Options.DEFAULTS));
    }

    @AfterEach
    void tearDown() throws Exception {
        reads.close();
        store.close();
        get(vertx.close());
    }

    @Test
    void find_archivedTicket_isTheEnginesLastViewWithItsTimeline() throws Exception {
        for (String id : HISTORY.archived) {
            ArchivedTickets.Archived found = get(archive.find(id)).orElseThrow();

            assertThat(found.ticket()).as(id).isEqualTo(HISTORY.lastViews.get(id));
            assertThat(found.timeline()).isEqualTo(HISTORY.timeline(id));
        }
        assertThat(get(archive.find("tkt_missing"))).isEmpty();
    }

    @Test
    void list_byStatusAndAssignee_givesTheEnginesViewsInSeqOrder() throws Exception {
        List<TicketView> bobs = get(archive.list(new io.switchboard.engine.Command.ListTickets(TicketStatus.CLOSED, null, "bob", 100, 0)));

        assertThat(bobs).isNotEmpty().allMatch(v -> "bob".equals(v.assignee()))
                .isSortedAccordingTo(java.util.Comparator.comparingLong(TicketView::seq));
        for (TicketView v : bobs) {
            assertThat(v).isEqualTo(HISTORY.lastViews.get(v.id()));
        }
    }

    @Test
    void find_storeUnavailable_failsWithTheApisUnavailable() {
        store.close();

        assertThatThrownBy(() -> get(archive.find(HISTORY.archived.get(0))))
                .hasCauseInstanceOf(ArchivedTickets.Unavailable.class);
    }

    private static <T> T get(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}

package io.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archived reads through the cache, on a real DuckDB store and a real Vert.x. */
class HistoryReadsTest {
    private static final EngineHistory HISTORY = HistoryStoreContract.HISTORY;

    @TempDir
    Path dir;

    private Vertx vertx;
    private HistoryStore store;
    private HistoryReads reads;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        store = HistoryStores.duckDb(dir);
        reads = new HistoryReads(vertx, store, 100);
    }

    @AfterEach
    void tearDown() throws Exception {
        reads.close();
        store.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void ticket_archived_isReadOnceThenServedFromTheCacheEvenWhenTheStoreIsGone() throws Exception {
        store.write(1, HISTORY.journal);
        String id = HISTORY.archived.get(2);

        ArchivedRecord first = get(reads.ticket(id)).orElseThrow();
        store.close();
        ArchivedRecord again = get(reads.ticket(id)).orElseThrow();

        assertThat(first.ticket()).isEqualTo(HISTORY.archivedTicket(id));
        assertThat(again).isSameAs(first);
    }

    @Test
    void ticket_storeUnavailable_failsWithTheDistinctException() {
        store.write(1, HISTORY.journal);
        store.close();

        assertThatThrownBy(() -> get(reads.ticket(HISTORY.archived.get(0)))).hasCauseInstanceOf(
                HistoryUnavailableException.class);
        assertThatThrownBy(() -> get(reads.list(HistoryFilter.ALL, 0, 10))).hasCauseInstanceOf(
                HistoryUnavailableException.class);
    }

    @Test
    void ticket_notYetArchived_isEmptyAndNotCached() throws Exception {
        String id = HISTORY.archived.get(0);
        assertThat(get(reads.ticket(id))).isEmpty();

        store.write(1, HISTORY.journal);

        assertThat(get(reads.ticket(id))).map(ArchivedRecord::ticket).contains(HISTORY.archivedTicket(id));
    }

    @Test
    void list_badLimit_failsWithIllegalArgument() {
        assertThatThrownBy(() -> get(reads.list(HistoryFilter.ALL, 0, 0))).hasCauseInstanceOf(
                IllegalArgumentException.class);
    }

    private static <T> T get(Future<T> future) throws InterruptedException, ExecutionException,
            java.util.concurrent.TimeoutException {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

}

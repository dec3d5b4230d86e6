package io.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.store.FileJournal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The projection over a real FileJournal: its {@code readAfter} is the {@link JournalTail} (as
 * app wires it), catching up from the segments after a crash, and staying down rather than
 * skipping events a snapshot compacted away.
 */
class FileJournalCatchUpTest {
    private static final EngineHistory HISTORY = HistoryStoreContract.HISTORY;
    private static final HistoryProjection.Options FAST =
            new HistoryProjection.Options(10_000, 150, 20, 200, 5_000, 5_000);

    @TempDir
    Path dir;

    private Vertx vertx;
    private FileJournal journal;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        journal = new FileJournal(vertx, dir.resolve("journal"), FileJournal.Fsync.ALWAYS, 1000);
        get(journal.open());
        List<DomainEvent> events = HISTORY.journal;
        for (int from = 0; from < events.size(); from += 40) {
            get(journal.append(new ArrayList<>(events.subList(from, Math.min(events.size(), from + 40)))));
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        get(journal.close());
        get(vertx.close());
    }

    @Test
    void start_storeBehindTheFileJournal_readsTheSegmentsBackLosingNothing() {
        try (HistoryStore store = HistoryStores.duckDb(dir.resolve("history"))) {
            store.write(1, HISTORY.journal.subList(0, 100));
            try (HistoryProjection projection = new HistoryProjection(store, journal::readAfter, System::currentTimeMillis,
                    FAST)) {
                projection.start();

                HistoryProjectionTest.awaitCommitted(projection, HISTORY.journal.size());
                HistoryProjectionTest.assertEverythingOnce(store);
            }
        }
    }

    @Test
    void start_eventsCompactedIntoASnapshot_staysDownInsteadOfSkippingThem() throws Exception {
        get(journal.snapshot());
        get(journal.append(new ArrayList<>(HISTORY.journal.subList(0, 3)))); // a later segment exists
        // DOWN is also the status before the first attempt, so wait for the refused reads
        // themselves: two failed catch-ups (the first and a retry), not the initial state.
        AtomicInteger refusedReads = new AtomicInteger();
        JournalTail counted = (position, max) -> journal.readAfter(position, max)
                .onFailure(failure -> refusedReads.incrementAndGet());
        try (HistoryStore store = HistoryStores.duckDb(dir.resolve("history"));
                HistoryProjection projection = new HistoryProjection(store, counted,
                        System::currentTimeMillis, FAST)) {
            projection.start();

            HistoryProjectionTest.await(() -> refusedReads.get() >= 2, "two refused catch-up reads");
            HistoryProjectionTest.await(() -> projection.status() == HistoryProjection.Status.DOWN,
                    "down after a refused read");
            assertThat(projection.committedPosition()).isZero();
        }
    }

    private static <T> T get(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}

package io.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.DomainEvent.TicketEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The projection against real stores: batches offered as the group commit would, catch-up from
 * the journal tail at start and after the buffer was dropped, and a real PostgreSQL outage
 * (pg_ctl stop mid-run, then start) that loses and duplicates nothing.
 */
class HistoryProjectionTest {
    private static final EngineHistory HISTORY = HistoryStoreContract.HISTORY;
    private static final HistoryProjection.Options FAST =
            new HistoryProjection.Options(10_000, 500, 20, 200, 5_000, 5_000);

    @TempDir
    Path dir;

    @Test
    void offer_batchesAsTheGroupCommitMakesThem_allReachTheStoreInOrder() {
        try (HistoryStore store = HistoryStores.duckDb(dir);
                HistoryProjection projection = new HistoryProjection(store, new ListTail(HISTORY.journal),
                        System::currentTimeMillis, FAST)) {
            projection.start();
            offerAll(projection, null, 1, HISTORY.journal.size(), 7);

            awaitCommitted(projection, HISTORY.journal.size());
            assertThat(store.committedPosition()).isEqualTo(HISTORY.journal.size());
            assertThat(projection.lagEvents()).isZero();
            assertThat(projection.lagSeconds()).isZero();
            assertThat(projection.status()).isEqualTo(HistoryProjection.Status.OK);
            assertEverythingOnce(store);
        }
    }

    @Test
    void start_storeBehindTheJournal_catchesUpFromTheTail() {
        try (HistoryStore store = HistoryStores.duckDb(dir)) {
            store.write(1, HISTORY.journal.subList(0, 100));
            ListTail tail = new ListTail(HISTORY.journal);
            try (HistoryProjection projection = new HistoryProjection(store, tail, System::currentTimeMillis, FAST)) {
                projection.start();

                awaitCommitted(projection, HISTORY.journal.size());
                assertThat(tail.reads).isGreaterThan(1);
                assertEverythingOnce(store);
            }
        }
    }

    @Test
    void offer_storeDownLongerThanTheBuffer_catchesUpAfterwardsLosingAndDuplicatingNothing() {
        PostgresProcess pg = PostgresProcess.shared();
        PostgresTarget target = pg.newDatabase();
        int size = HISTORY.journal.size();
        int half = size / 2;
        AtomicLong clock = new AtomicLong(1_000_000);
        HistoryProjection.Options smallBuffer = new HistoryProjection.Options(60, 20, 20, 200, 1_000, 5_000);
        ListTail tail = new ListTail(HISTORY.journal);
        tail.durable = 0;
        try (HistoryStore store = HistoryStores.postgres(target);
                HistoryProjection projection = new HistoryProjection(store, tail, clock::get, smallBuffer)) {
            projection.start();
            offerAll(projection, tail, 1, half, 5);
            awaitCommitted(projection, half);

            pg.stop();
            try {
                long started = System.nanoTime();
                offerAll(projection, tail, half + 1, size, 5);
                long offerNanos = System.nanoTime() - started;
                assertThat(offerNanos).as("offering never waits for the store").isLessThan(Duration.ofSeconds(1).toNanos());
                await(() -> projection.status() == HistoryProjection.Status.DOWN, "projection reports the store down");
                clock.addAndGet(3_000);
                assertThat(projection.committedPosition()).isLessThan(size);
                assertThat(projection.lagEvents()).isEqualTo(size - projection.committedPosition());
                assertThat(projection.lagSeconds()).isGreaterThanOrEqualTo(3.0);
                assertThat(projection.droppedBuffers()).as("the small buffer overflowed").isPositive();
            } finally {
                pg.start();
            }

            awaitCommitted(projection, size);
            assertThat(projection.status()).isEqualTo(HistoryProjection.Status.OK);
            assertEverythingOnce(store);
        }
    }

    @Test
    void status_storeAnswersButBehind_isLaggingUntilCaughtUp() {
        AtomicLong clock = new AtomicLong(5_000_000);
        try (HistoryStore store = HistoryStores.duckDb(dir);
                HistoryProjection projection = new HistoryProjection(store, JournalTail.EMPTY, clock::get, FAST)) {
            // not started: nothing is written, as if the thread were busy with a long catch-up
            projection.offer(1, HISTORY.journal.subList(0, 10));
            clock.addAndGet(6_000);
            assertThat(projection.lagEvents()).isEqualTo(10);
            assertThat(projection.lagSeconds()).isEqualTo(6.0);

            projection.start();
            awaitCommitted(projection, 10);
            assertThat(projection.status()).isEqualTo(HistoryProjection.Status.OK);
        }
    }

    @Test
    void offer_steadyStreamWhileLingering_isWrittenInFewTransactions() throws InterruptedException {
        HistoryProjection.Options lingering = new HistoryProjection.Options(10_000, 5_000, 20, 200, 5_000, 5_000, 2_000);
        int busy = HistoryProjection.LINGER_ABOVE_EVENTS;
        try (CountingStore store = new CountingStore(HistoryStores.duckDb(dir));
                HistoryProjection projection = new HistoryProjection(store, JournalTail.EMPTY, System::currentTimeMillis,
                        lingering)) {
            projection.start();
            projection.offer(1, new ArrayList<>(HISTORY.journal.subList(0, busy)));
            awaitCommitted(projection, busy); // after an idle spell: written at once, lingering or not
            int firstWrites = store.writes;

            for (int first = busy + 1; first < busy + 71; first += 7) { // ten group commits, each well after the last
                projection.offer(first, new ArrayList<>(HISTORY.journal.subList(first - 1, first + 6)));
                Thread.sleep(30); // for a projection that does not linger to write each one alone
            }

            awaitCommitted(projection, busy + 70);
            assertThat(firstWrites).isEqualTo(1);
            assertThat(store.writes).as("transactions for ten batches offered within the linger").isLessThanOrEqualTo(3);
        }
    }

    @Test
    void offer_lightTrafficWithLinger_eachBatchWrittenAtOnce() {
        HistoryProjection.Options lingerLong = new HistoryProjection.Options(10_000, 5_000, 20, 200, 5_000, 5_000, 600_000);
        try (HistoryStore store = HistoryStores.duckDb(dir);
                HistoryProjection projection = new HistoryProjection(store, JournalTail.EMPTY, System::currentTimeMillis,
                        lingerLong)) {
            projection.start();
            for (int first = 1; first < 22; first += 7) { // batches below LINGER_ABOVE_EVENTS: no linger after them
                projection.offer(first, new ArrayList<>(HISTORY.journal.subList(first - 1, first + 6)));
                awaitCommitted(projection, first + 6); // long before the ten minutes of linger
            }
        }
    }

    @Test
    void offer_fullChunkWaiting_isWrittenWithoutLingering() {
        HistoryProjection.Options lingerLong = new HistoryProjection.Options(10_000, 120, 20, 200, 5_000, 5_000, 600_000);
        try (HistoryStore store = HistoryStores.duckDb(dir);
                HistoryProjection projection = new HistoryProjection(store, JournalTail.EMPTY, System::currentTimeMillis,
                        lingerLong)) {
            projection.start();
            projection.offer(1, new ArrayList<>(HISTORY.journal.subList(0, 110))); // busy: the next one would linger
            awaitCommitted(projection, 110);

            projection.offer(111, new ArrayList<>(HISTORY.journal.subList(110, 230))); // a whole chunk (120 events)

            awaitCommitted(projection, 230); // long before the ten minutes of linger
        }
    }

    /** A real store that counts its write transactions. */
    private static final class CountingStore implements HistoryStore {
        private final HistoryStore store;
        volatile int writes;

        CountingStore(HistoryStore store) {
            this.store = store;
        }

        @Override
        public long committedPosition() {
            return store.committedPosition();
        }

        @Override
        public void write(long firstPosition, java.util.List<io.switchboard.core.event.DomainEvent> events) {
            writes++;
            store.write(firstPosition, events);
        }

        @Override
        public java.util.Optional<ArchivedRecord> ticket(String ticketId) {
            return store.ticket(ticketId);
        }

        @Override
        public HistoryPage list(HistoryFilter filter, long afterSeq, int limit) {
            return store.list(filter, afterSeq, limit);
        }

        @Override
        public ReportTable report(ReportQuery query) {
            return store.report(query);
        }

        @Override
        public ReportTable advice(AdviceQuery query) {
            return store.advice(query);
        }

        @Override
        public ReportTable staffing(StaffingQuery query) {
            return store.staffing(query);
        }

        @Override
        public ReportTable dryRun(DryRunQuery query) {
            return store.dryRun(query);
        }

        @Override
        public String describe() {
            return store.describe();
        }

        @Override
        public void close() {
            store.close();
        }
    }

    /** Offers positions from..to in batches, each made durable in the tail first (as the journal append is). */
    private static void offerAll(HistoryProjection projection, ListTail tail, int from, int to, int batch) {
        for (int first = from; first <= to; first += batch) {
            int last = Math.min(to, first + batch - 1);
            if (tail != null) {
                tail.durable = last;
            }
            projection.offer(first, new ArrayList<>(HISTORY.journal.subList(first - 1, last)));
        }
    }

    static void assertEverythingOnce(HistoryStore store) {
        JdbcHistoryStore jdbc = (JdbcHistoryStore) store;
        assertThat(jdbc.count("ticket_events"))
                .isEqualTo(HISTORY.journal.stream().filter(TicketEvent.class::isInstance).count());
        assertThat(jdbc.count("archived_tickets")).isEqualTo(HISTORY.archived.size());
        for (String id : HISTORY.archived) {
            ArchivedRecord record = store.ticket(id).orElseThrow();
            assertThat(record.timeline()).isEqualTo(HISTORY.timeline(id));
        }
    }

    static void awaitCommitted(HistoryProjection projection, long position) {
        await(() -> projection.committedPosition() >= position, "committed position " + position);
        assertThat(projection.committedPosition()).isEqualTo(position);
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

}

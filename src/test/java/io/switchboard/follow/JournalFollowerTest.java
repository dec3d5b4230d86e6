package io.switchboard.follow;

import static io.switchboard.follow.FileCursorStoreTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.TicketReplied;
import io.switchboard.store.JournalCorruptException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The buffered view of the journal each side effect reads: buffer first, the journal for the rest, woken per batch. */
class JournalFollowerTest {
    private final Vertx vertx = Vertx.vertx();
    /** A journal holding events 1..size, like a file journal's readAfter. */
    private final List<DomainEvent> journal = new ArrayList<>();
    private final AtomicInteger journalReads = new AtomicInteger();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private Future<List<DomainEvent>> readAfter(long position, int max) {
        journalReads.incrementAndGet();
        int from = (int) Math.min(position, journal.size());
        return Future.succeededFuture(List.copyOf(journal.subList(from, Math.min(journal.size(), from + max))));
    }

    private JournalFollower follower(boolean gapsAllowed, int bufferLimit) {
        return new JournalFollower("test", this::readAfter, journal::size, gapsAllowed, bufferLimit);
    }

    private List<DomainEvent> append(int count) {
        List<DomainEvent> batch = events(journal.size(), journal.size() + count);
        journal.addAll(batch);
        return batch;
    }

    @Test
    void read_behindTheBuffer_catchesUpFromTheJournalThenReadsTheBufferWithoutIt() {
        append(10);
        JournalFollower f = follower(false, 100);
        f.start(vertx.getOrCreateContext(), () -> { });
        f.offer(11, append(5));

        JournalFollower.Chunk caughtUp = await(f.read(0, 100));
        assertThat(caughtUp.first()).isEqualTo(1);
        assertThat(caughtUp.events()).isEqualTo(journal.subList(0, 15));
        assertThat(journalReads).hasValue(1);

        JournalFollower.Chunk buffered = await(f.read(12, 2));
        assertThat(buffered.first()).isEqualTo(13);
        assertThat(buffered.events()).isEqualTo(journal.subList(12, 14));
        assertThat(journalReads).as("served from the buffer").hasValue(1);
        assertThat(await(f.read(15, 10)).events()).as("nothing after the head, no journal read").isEmpty();
        assertThat(journalReads).hasValue(1);
    }

    @Test
    void read_acrossBatchesWithAGap_stopsAtTheGap() {
        JournalFollower f = follower(false, 100);
        f.start(vertx.getOrCreateContext(), () -> { });
        f.offer(1, append(3));
        append(2); // 4..5 never offered (a dropped hand-over)
        f.offer(6, append(2));

        JournalFollower.Chunk chunk = await(f.read(0, 100));
        assertThat(chunk.events()).isEqualTo(journal.subList(0, 3));
        assertThat(await(f.read(3, 100)).events()).as("the gap from the journal").isEqualTo(journal.subList(3, 7));
    }

    @Test
    void offer_afterStart_wakesTheOwnerOnItsContextOncePerBurst() throws Exception {
        Context context = vertx.getOrCreateContext();
        AtomicInteger wakes = new AtomicInteger();
        CountDownLatch woken = new CountDownLatch(2);
        List<Boolean> onContext = new ArrayList<>();
        JournalFollower f = follower(false, 100);
        context.runOnContext(v -> f.start(context, () -> {
            onContext.add(Vertx.currentContext() == context);
            wakes.incrementAndGet();
            woken.countDown();
        }));
        // the start's own wake, then the offer's
        vertx.setTimer(50, t -> f.offer(1, append(2)));
        assertThat(woken.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(onContext).containsOnly(true);
        assertThat(f.head()).isEqualTo(2);
    }

    @Test
    void keepFalse_forgetsTheBuffer_offersMoveTheHeadOnlyWithoutWake_keepTrueBuffersTheNext() throws Exception {
        Context context = vertx.getOrCreateContext();
        AtomicInteger wakes = new AtomicInteger();
        JournalFollower f = follower(false, 100);
        CountDownLatch started = new CountDownLatch(1);
        context.runOnContext(v -> {
            f.start(context, wakes::incrementAndGet);
            started.countDown();
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        awaitOnContext(context); // the start's own wake has run
        int afterStart = wakes.get();
        f.offer(1, append(3)); // buffered, read by nobody
        awaitOnContext(context);
        context.runOnContext(v -> f.keep(false)); // the last reader went (no webhook subscription)
        awaitOnContext(context);
        int afterFirst = wakes.get();
        f.offer(4, append(3));

        awaitOnContext(context);
        assertThat(afterFirst).isEqualTo(afterStart + 1);
        assertThat(f.head()).isEqualTo(6);
        assertThat(wakes.get()).as("the owner was not woken for a batch nobody reads").isEqualTo(afterFirst);
        context.runOnContext(v -> f.keep(true)); // a reader starts at the head
        awaitOnContext(context);
        List<DomainEvent> next = append(2);
        f.offer(7, next);
        awaitOnContext(context);
        assertThat(wakes.get()).isEqualTo(afterFirst + 1);
        assertThat(await(f.read(6, 100)).events()).isEqualTo(next);
        assertThat(journalReads).as("the new batch came from the buffer").hasValue(0);
        assertThat(await(f.read(0, 100)).events()).as("what was buffered before keep(false) was forgotten: the journal serves it")
                .isEqualTo(journal.subList(0, 8));
        assertThat(journalReads).hasValue(1);
    }

    /** Returns once everything queued on {@code context} so far has run. */
    private static void awaitOnContext(Context context) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        context.runOnContext(v -> done.countDown());
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void read_journalCannotServeAndGapsNotAllowed_failsInsteadOfSkipping() {
        JournalFollower f = new JournalFollower("durable", (p, max) -> Future.failedFuture(new IllegalStateException(
                "Redis did not answer")), () -> 0L, false, 100);
        f.start(vertx.getOrCreateContext(), () -> { });
        f.offer(5, events(4, 6));

        assertThatThrownBy(() -> await(f.read(0, 10))).hasRootCauseMessage("Redis did not answer");
    }

    @Test
    void read_inMemoryJournalKeptNothing_goesOnFromTheOldestBufferedBatch() {
        JournalFollower f = new JournalFollower("memory", (p, max) -> Future.failedFuture(new JournalCorruptException(
                "the in-memory journal keeps no events to read again")), () -> 0L, true, 100);
        f.start(vertx.getOrCreateContext(), () -> { });
        f.offer(5, events(4, 6));

        JournalFollower.Chunk chunk = await(f.read(0, 10));
        assertThat(chunk.first()).isEqualTo(5);
        assertThat(chunk.events()).isEqualTo(events(4, 6));
    }

    @Test
    void offer_pastTheBufferLimit_dropsTheOldestAndTheJournalServesThem() {
        JournalFollower f = follower(false, 4);
        f.start(vertx.getOrCreateContext(), () -> { });
        f.offer(1, append(3));
        f.offer(4, append(3));

        assertThat(await(f.read(0, 100)).events()).isEqualTo(journal.subList(0, 6));
        assertThat(journalReads).as("the first batch was dropped: read from the journal").hasValue(1);
    }

    @Test
    void release_readPast_forgetsThoseBatches() {
        JournalFollower f = follower(false, 100);
        f.start(vertx.getOrCreateContext(), () -> { });
        f.offer(1, append(3));
        f.offer(4, append(3));
        f.release(3);

        assertThat(await(f.read(3, 100)).events()).isEqualTo(journal.subList(3, 6));
        assertThat(journalReads).hasValue(0);
        assertThat(await(f.read(0, 100)).events()).as("released: from the journal").isEqualTo(journal.subList(0, 6));
        assertThat(journalReads).hasValue(1);
    }

    @Test
    void holdBack_beforeAnySave_isZeroThenTheSavedPosition() {
        JournalFollower f = follower(false, 100);
        assertThat(f.holdBack()).isZero();
        f.saved(42);
        assertThat(f.holdBack()).isEqualTo(42);
    }

    @Test
    void registry_holdBack_isTheLowestFollowersAndLagCountsFromIt() {
        JournalFollower a = follower(false, 100);
        JournalFollower b = new JournalFollower("other", this::readAfter, journal::size, false, 100);
        FollowerRegistry registry = new FollowerRegistry().register(a).register(b)
                .register("history", (first, events) -> { }, () -> Long.MAX_VALUE);
        a.saved(30);
        b.saved(12);

        assertThat(registry.holdBack()).isEqualTo(12);
        var lag = registry.lagGauges(() -> 40L);
        assertThat(lag.get("test").getAsLong()).isEqualTo(10);
        assertThat(lag.get("other").getAsLong()).isEqualTo(28);
        assertThat(lag.get("history").getAsLong()).as("holds nothing back").isZero();
        assertThatThrownBy(() -> registry.register(follower(false, 1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void registry_offer_oneFollowerThrows_theOthersStillGetTheBatch() {
        List<Long> got = new ArrayList<>();
        FollowerRegistry registry = new FollowerRegistry()
                .register("broken", (first, events) -> {
                    throw new IllegalStateException("boom");
                }, () -> 0L)
                .register("fine", (first, events) -> got.add(first), () -> 0L);
        registry.offer(7, events(6, 7));
        assertThat(got).containsExactly(7L);
        assertThat(new FollowerRegistry().holdBack()).isEqualTo(Long.MAX_VALUE);
    }

    static List<DomainEvent> events(int from, int to) {
        List<DomainEvent> events = new ArrayList<>();
        for (int i = from; i < to; i++) {
            events.add(new TicketReplied(1_000L + i, "tkt_" + i, "reply " + i, "agent:alice", "reply"));
        }
        return events;
    }
}

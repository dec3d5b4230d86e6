package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.agent.Presence;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.store.Journal;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GroupCommit against a journal whose appends and snapshots complete only when the test says so.
 * Everything GroupCommit does runs on one Vert.x context, as in the server; the test thread hands
 * work to that context and waits for what it reports (no sleeps, no timing assertions).
 */
class GroupCommitTest {
    private static final long WAIT_SECONDS = 10;

    private Vertx vertx;
    private Context context;
    private ControlledJournal journal;
    private final List<String> released = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger appendedMeter = new AtomicInteger();
    private final AtomicInteger failedMeter = new AtomicInteger();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        journal = new ControlledJournal();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** The one place a GroupCommit is built (its constructor may grow). */
    /** Durable batches as the follower saw them: "first:ids", and when (relative to the replies). */
    private final List<String> followed = Collections.synchronizedList(new ArrayList<>());

    private GroupCommit followedGroupCommit(long snapshotEvents, java.util.function.LongSupplier limit) {
        context = vertx.getOrCreateContext();
        GroupCommit.Meter meter = meter();
        GroupCommit.Follower follower = (first, events) -> {
            followed.add(first + ":" + String.join(",", ids(events)));
            released.add("followed " + first);
        };
        return onContext(() -> new GroupCommit(vertx, journal, snapshotEvents, 0, meter, follower, limit));
    }

    private GroupCommit groupCommit(long snapshotEvents, long snapshotMillis) {
        context = vertx.getOrCreateContext();
        GroupCommit.Meter meter = meter();
        return onContext(() -> new GroupCommit(vertx, journal, snapshotEvents, snapshotMillis, meter));
    }

    /** Counts durable appends and failed attempts. */
    private GroupCommit.Meter meter() {
        return new GroupCommit.Meter() {
            @Override
            public void appended(long nanos) {
                appendedMeter.incrementAndGet();
            }

            @Override
            public void failed() {
                failedMeter.incrementAndGet();
            }
        };
    }

    // ------------------------------------------------------------------ batching and release

    @Test
    void submit_severalCommandsInOneLoopTurn_oneAppendWithAllEventsInOrder() {
        GroupCommit gc = groupCommit(0, 0);

        onContext(() -> {
            gc.submit(events("a", 2), reply("r1"));
            gc.submit(events("b", 1), reply("r2"));
            gc.submit(events("c", 3), reply("r3"));
            return null;
        });

        Append first = journal.nextAppend();
        assertThat(ids(first.events)).containsExactly("a0", "a1", "b0", "c0", "c1", "c2");
        assertThat(released).as("nothing is acknowledged before it is durable").isEmpty();
        first.succeed();
        awaitReleased("r1", "r2", "r3");
        assertThat(journal.appendCount()).isEqualTo(1);
        assertThat(appendedMeter.get()).isEqualTo(1);
    }

    @Test
    void submit_whileBatchInFlight_noSecondAppendUntilDurableThenOneBatchOfTheRest() {
        GroupCommit gc = groupCommit(0, 0);
        submitOnContext(gc, "a", 1, "r1");
        Append first = journal.nextAppend();

        submitOnContext(gc, "b", 1, "r2");
        submitOnContext(gc, "c", 1, "r3");
        onContext(() -> null); // a full loop turn later, still one append in flight
        assertThat(journal.appendCount()).as("one batch in flight").isEqualTo(1);
        assertThat(released).isEmpty();

        first.succeed();
        awaitReleased("r1");
        Append second = journal.nextAppend();
        assertThat(ids(second.events)).containsExactly("b0", "c0");
        assertThat(released).as("r2 and r3 wait for their own batch").containsExactly("r1");
        second.succeed();
        awaitReleased("r1", "r2", "r3");
    }

    @Test
    void submit_noEventsBehindInFlightBatch_replyWaitsForTheEarlierBatch() {
        GroupCommit gc = groupCommit(0, 0);
        submitOnContext(gc, "a", 1, "write");
        Append first = journal.nextAppend();

        onContext(() -> {
            gc.submit(List.of(), reply("read-after-write"));
            return null;
        });
        assertThat(released).as("a reply never overtakes an earlier, not yet durable one").isEmpty();

        first.succeed();
        awaitReleased("write", "read-after-write");
        assertThat(journal.appendCount()).as("an empty batch is not written").isEqualTo(1);
    }

    @Test
    void submit_noEventsBehindAnUnflushedBatchInTheSameTurn_replyWaitsForIt() {
        GroupCommit gc = groupCommit(0, 0);

        onContext(() -> {
            gc.submit(events("a", 1), reply("write"));
            gc.submit(List.of(), reply("read-after-write"));
            return null;
        });
        Append first = journal.nextAppend();
        assertThat(released).isEmpty();
        first.succeed();

        awaitReleased("write", "read-after-write");
    }

    @Test
    void submit_noEventsAndNothingPending_repliesAtOnce() {
        GroupCommit gc = groupCommit(0, 0);

        onContext(() -> {
            gc.submit(List.of(), reply("read"));
            return null;
        });

        assertThat(released).containsExactly("read");
        assertThat(journal.appendCount()).isZero();
    }

    @Test
    void submit_journalNotDurable_repliesAtOnceWithoutAppending() {
        journal.durable = false;
        GroupCommit gc = groupCommit(0, 0);

        submitOnContext(gc, "a", 2, "r1");

        assertThat(released).containsExactly("r1");
        assertThat(journal.appendCount()).isZero();
    }

    @Test
    void finish_replyThrows_laterRepliesStillReleasedAndNextBatchWritten() {
        GroupCommit gc = groupCommit(0, 0);
        onContext(() -> {
            gc.submit(events("a", 1), () -> {
                throw new IllegalStateException("client went away");
            });
            gc.submit(events("b", 1), reply("r2"));
            return null;
        });
        Append first = journal.nextAppend();
        submitOnContext(gc, "c", 1, "r3");

        first.succeed();

        awaitReleased("r2");
        Append second = journal.nextAppend();
        assertThat(ids(second.events)).containsExactly("c0");
        second.succeed();
        awaitReleased("r2", "r3");
    }

    // ------------------------------------------------------------------ failures and retry

    @Test
    void append_fails_sameBatchRetriedFirstAndNothingBehindItReleased() {
        GroupCommit gc = groupCommit(0, 0);
        submitOnContext(gc, "a", 2, "r1");
        Append first = journal.nextAppend();
        submitOnContext(gc, "b", 1, "r2");

        first.fail();
        Append retry = journal.nextAppend();
        assertThat(ids(retry.events)).as("the failed batch again, not the newer one").containsExactly("a0", "a1");
        assertThat(released).isEmpty();
        retry.fail();
        Append again = journal.nextAppend();
        assertThat(ids(again.events)).containsExactly("a0", "a1");
        assertThat(released).as("nothing is released while the batch is not durable").isEmpty();
        again.succeed();

        awaitReleased("r1");
        Append next = journal.nextAppend();
        assertThat(ids(next.events)).containsExactly("b0");
        next.succeed();
        awaitReleased("r1", "r2");
        assertThat(failedMeter.get()).isEqualTo(2);
        assertThat(appendedMeter.get()).isEqualTo(2);
    }

    @Test
    void append_fencedOut_inFlightAndWaitingRefusedInOrderOwnerToldOnceNothingAcknowledgedNothingMoreWritten() {
        GroupCommit gc = groupCommit(0, 0);
        AtomicInteger toldFencedOut = new AtomicInteger();
        onContext(() -> {
            gc.onFencedOut(toldFencedOut::incrementAndGet);
            gc.submit(events("a", 2), reply("r1"), reply("refused r1"));
            return null;
        });
        Append first = journal.nextAppend();
        onContext(() -> {
            gc.submit(events("b", 1), reply("r2"), reply("refused r2"));
            gc.submit(List.of(), reply("r3"), reply("refused r3"));
            return null;
        });

        first.fenceOut();
        awaitReleased("refused r1", "refused r2", "refused r3");
        assertThat(released).as("refused in submission order; nothing acknowledged")
                .containsExactly("refused r1", "refused r2", "refused r3");
        assertThat(toldFencedOut.get()).isEqualTo(1);
        assertThat(failedMeter.get()).as("a fenced batch is not retried as a failure").isZero();

        onContext(() -> {
            gc.submit(events("c", 1), reply("r4"), reply("refused r4"));
            return null;
        });
        awaitReleased("refused r1", "refused r2", "refused r3", "refused r4");
        assertThat(released).last().isEqualTo("refused r4");
        assertThat(journal.appendCount()).as("nothing is written after a fence").isEqualTo(1);
        assertThat(toldFencedOut.get()).isEqualTo(1);
    }

    @Test
    void nextRetryMillis_repeatedFailures_doublesFromFirstAndStaysAtCap() {
        List<Long> delays = new ArrayList<>();
        long delay = GroupCommit.FIRST_RETRY_MILLIS;
        for (int i = 0; i < 8; i++) {
            delays.add(delay);
            delay = GroupCommit.nextRetryMillis(delay);
        }

        assertThat(delays).containsExactly(100L, 200L, 400L, 800L, 1_600L, 2_000L, 2_000L, 2_000L);
    }

    // ------------------------------------------------------------------ the follower (history projection)

    @Test
    void follower_durableBatches_handedOverInOrderWithTheirPositionsBeforeTheReplies() {
        GroupCommit gc = followedGroupCommit(0, () -> Long.MAX_VALUE);
        submitOnContext(gc, "a", 2, "r1");
        Append first = journal.nextAppend();
        submitOnContext(gc, "b", 3, "r2");
        assertThat(followed).as("nothing is followed before it is durable").isEmpty();
        first.succeed();
        journal.nextAppend().succeed();
        awaitReleased("followed 1", "r1", "followed 3", "r2");

        assertThat(followed).containsExactly("1:a0,a1", "3:b0,b1,b2");
        assertThat(released).as("the follower has each batch before its replies leave")
                .containsSubsequence("followed 1", "r1").containsSubsequence("followed 3", "r2");
    }

    @Test
    void follower_journalNotDurable_eachNonEmptyBatchFollowedAtOnceWithConsecutivePositions() {
        journal.durable = false;
        GroupCommit gc = followedGroupCommit(0, () -> Long.MAX_VALUE);

        onContext(() -> {
            gc.submit(events("a", 2), reply("r1"));
            gc.submit(List.of(), reply("r2"));
            gc.submit(events("b", 3), reply("r3"));
            return null;
        });

        assertThat(followed).containsExactly("1:a0,a1", "3:b0,b1,b2");
        assertThat(released).containsExactly("followed 1", "r1", "r2", "followed 3", "r3");
        assertThat(journal.appendCount()).isZero();
    }

    @Test
    void follower_failedAppend_notFollowedUntilTheRetrySucceeds() {
        GroupCommit gc = followedGroupCommit(0, () -> Long.MAX_VALUE);
        submitOnContext(gc, "a", 2, "r1");
        journal.nextAppend().fail();
        assertThat(followed).isEmpty();
        journal.nextAppend().succeed();
        awaitReleased("followed 1", "r1");
        assertThat(followed).containsExactly("1:a0,a1");
    }

    @Test
    void snapshot_askedWithTheLimitTheFollowerCommitted() {
        java.util.concurrent.atomic.AtomicLong committed = new java.util.concurrent.atomic.AtomicLong(2);
        GroupCommit gc = followedGroupCommit(3, committed::get);

        submitOnContext(gc, "a", 3, "r1");
        journal.nextAppend().succeed();
        awaitReleased("followed 1", "r1");
        onContext(() -> null); // the snapshot decision follows the release in the same turn

        assertThat(journal.snapshotCount()).isEqualTo(1);
        assertThat(journal.limits).as("snapshots never compact past what the history store committed")
                .containsExactly(2L);
    }

    // ------------------------------------------------------------------ snapshots

    @Test
    void snapshot_countReached_askedOnceAfterTheBatchIsDurable() {
        GroupCommit gc = groupCommit(3, 0);
        commit(gc, "a", 2);
        assertThat(journal.snapshotCount()).as("2 of 3 events").isZero();

        commit(gc, "b", 1);

        assertThat(journal.snapshotCount()).isEqualTo(1);
    }

    @Test
    void snapshot_stillRunning_noSecondSnapshotUntilItEndsThenCountStartsOver() {
        GroupCommit gc = groupCommit(3, 0);
        commit(gc, "a", 3);
        assertThat(journal.snapshotCount()).isEqualTo(1);

        commit(gc, "b", 4);
        assertThat(journal.snapshotCount()).as("one snapshot at a time").isEqualTo(1);
        journal.snapshot(0).succeed();
        commit(gc, "c", 1);

        assertThat(journal.snapshotCount()).as("the 5 events since the last one count").isEqualTo(2);
    }

    @Test
    void snapshot_fails_appendsGoOnAndNextTriggerAsksAgain() {
        GroupCommit gc = groupCommit(2, 0);
        commit(gc, "a", 2);
        journal.snapshot(0).fail();

        commit(gc, "b", 1);
        assertThat(released).as("appends and replies go on").contains("b");
        assertThat(journal.snapshotCount()).isEqualTo(1);
        commit(gc, "c", 1);

        assertThat(journal.snapshotCount()).as("asked again at the next count").isEqualTo(2);
    }

    @Test
    void snapshot_journalNotWritable_notAsked() {
        GroupCommit gc = groupCommit(1, 0);
        journal.writable = false;

        commit(gc, "a", 2);

        assertThat(journal.snapshotCount()).isZero();
    }

    @Test
    void snapshot_timeElapsedWithFewEvents_askedByThePeriodicCheck() {
        // Not yet due when the batch is durable (unless this machine took 1.5 s for it): the
        // periodic check, every second at the shortest, asks for it later. Awaited, not slept.
        GroupCommit gc = groupCommit(1_000_000, 1_500);
        commit(gc, "a", 1);

        journal.awaitSnapshot(0);

        assertThat(journal.snapshotCount()).isEqualTo(1);
    }

    @Test
    void snapshot_timeTriggerNotYetDueAndCountNotReached_notAsked() {
        GroupCommit gc = groupCommit(1_000, 3_600_000);

        commit(gc, "a", 5);
        commit(gc, "b", 5);

        assertThat(journal.snapshotCount()).isZero();
    }

    @Test
    void snapshot_bothTriggersOff_neverAsked() {
        GroupCommit gc = groupCommit(0, 0);

        commit(gc, "a", 3);
        commit(gc, "b", 1);

        assertThat(journal.snapshotCount()).isZero();
    }

    // ------------------------------------------------------------------ close

    @Test
    void close_withBatchInFlightAndOneQueued_inFlightRepliesReleasedQueuedNeverWritten() {
        GroupCommit gc = groupCommit(1, 0);
        submitOnContext(gc, "a", 1, "r1");
        Append first = journal.nextAppend();
        onContext(() -> {
            gc.submit(events("b", 1), reply("r2"));
            gc.close();
            return null;
        });

        first.succeed();
        awaitReleased("r1");
        onContext(() -> null);

        assertThat(journal.appendCount()).as("nothing written after close").isEqualTo(1);
        assertThat(released).as("unfinished work stays unacknowledged").containsExactly("r1");
        assertThat(journal.snapshotCount()).as("no snapshot after close").isZero();
    }

    @Test
    void close_afterFailedAppend_notRetried() {
        GroupCommit gc = groupCommit(0, 0);
        submitOnContext(gc, "a", 1, "r1");
        Append first = journal.nextAppend();
        onContext(() -> {
            gc.close();
            return null;
        });

        first.fail();
        // a retry would come after 100 ms; a timer set now fires after it would have
        CompletableFuture<Void> later = new CompletableFuture<>();
        context.runOnContext(v -> vertx.setTimer(GroupCommit.FIRST_RETRY_MILLIS * 3, id -> later.complete(null)));
        join(later);

        assertThat(journal.appendCount()).isEqualTo(1);
        assertThat(released).isEmpty();
        assertThat(failedMeter.get()).as("a failure after close is not retried or counted").isZero();
    }

    // ------------------------------------------------------------------ drain (a graceful stop)

    @Test
    void drain_withBatchInFlightAndOneQueued_bothWrittenAndReleasedThenCompletesAndNothingMoreIsWritten() {
        GroupCommit gc = groupCommit(0, 0);
        submitOnContext(gc, "a", 1, "r1");
        Append first = journal.nextAppend();
        CompletableFuture<Void> drained = new CompletableFuture<>();
        onContext(() -> {
            gc.submit(events("b", 1), reply("r2"));
            gc.drain().onComplete(done -> drained.complete(null));
            return null;
        });
        assertThat(drained).as("not drained while a batch is in flight").isNotDone();

        first.succeed();
        Append second = journal.nextAppend();
        assertThat(ids(second.events)).as("what waited behind the batch in flight is written").containsExactly("b0");
        assertThat(drained).as("not drained while the last batch is in flight").isNotDone();
        second.succeed();
        join(drained);
        submitOnContext(gc, "c", 1, "r3");

        assertThat(released).as("both acknowledged, nothing after the drain").containsExactly("r1", "r2");
        assertThat(journal.appendCount()).as("nothing written after the drain").isEqualTo(2);
    }

    @Test
    void drain_nothingPending_completesAtOnce() {
        GroupCommit gc = groupCommit(0, 0);
        CompletableFuture<Void> drained = new CompletableFuture<>();
        onContext(() -> {
            gc.drain().onComplete(done -> drained.complete(null));
            return null;
        });

        join(drained);
        assertThat(journal.appendCount()).isZero();
    }

    @Test
    void drain_appendFails_batchRetriedAndDrainCompletesOnlyOnceItIsWritten() {
        GroupCommit gc = groupCommit(0, 0);
        submitOnContext(gc, "a", 1, "r1");
        Append first = journal.nextAppend();
        CompletableFuture<Void> drained = new CompletableFuture<>();
        onContext(() -> {
            gc.drain().onComplete(done -> drained.complete(null));
            return null;
        });

        first.fail();
        Append retry = journal.nextAppend();
        assertThat(ids(retry.events)).as("the failed batch is retried while draining").containsExactly("a0");
        assertThat(drained).as("not drained while the batch is unwritten").isNotDone();
        retry.succeed();
        join(drained);
        assertThat(released).containsExactly("r1");
    }

    // ------------------------------------------------------------------ helpers

    /** Submits {@code n} events as one command in its own loop turn and completes its append. */
    private void commit(GroupCommit gc, String prefix, int n) {
        List<String> expected = new ArrayList<>(released);
        expected.add(prefix);
        onContext(() -> {
            gc.submit(events(prefix, n), reply(prefix));
            return null;
        });
        journal.nextAppend().succeed();
        awaitReleased(expected.toArray(String[]::new));
        onContext(() -> null); // the snapshot decision follows the release in the same turn
    }

    private Runnable reply(String name) {
        return () -> released.add(name);
    }

    private void awaitReleased(String... names) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        long timer = vertx.setPeriodic(5, id -> {
            synchronized (released) {
                if (released.size() >= names.length) {
                    done.complete(null);
                }
            }
        });
        try {
            join(done);
        } finally {
            vertx.cancelTimer(timer);
        }
        assertThat(released).containsExactly(names);
    }

    /** Submits {@code count} events named {@code prefix}0.. with the reply {@code replyId}, on the engine's context. */
    private void submitOnContext(GroupCommit gc, String prefix, int count, String replyId) {
        onContext(() -> {
            gc.submit(events(prefix, count), reply(replyId));
            return null;
        });
    }

    private <T> T onContext(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                result.complete(work.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return join(result);
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no answer within " + WAIT_SECONDS + " s", e);
        }
    }

    private static List<DomainEvent> events(String prefix, int n) {
        List<DomainEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(new DomainEvent.AgentPresenceChanged(i, prefix + i, Presence.AVAILABLE, "test"));
        }
        return events;
    }

    private static List<String> ids(List<DomainEvent> events) {
        return events.stream().map(e -> ((DomainEvent.AgentPresenceChanged) e).agentId()).toList();
    }

    /** One append call: its events and a promise the test completes (on the journal's caller context). */
    private final class Append {
        final List<DomainEvent> events;
        final Promise<Void> promise;
        final Context caller;

        Append(List<DomainEvent> events, Promise<Void> promise, Context caller) {
            this.events = events;
            this.promise = promise;
            this.caller = caller;
        }

        void succeed() {
            caller.runOnContext(v -> {
                journal.position.addAndGet(events.size());
                promise.complete();
            });
        }

        /** Refused by Redis for a stale fencing token: another node took the lease. */
        void fenceOut() {
            caller.runOnContext(v -> promise.fail(new io.switchboard.store.FencedOutException("token 3 is stale")));
        }

        void fail() {
            caller.runOnContext(v -> promise.fail(new java.io.IOException("disk full")));
        }
    }

    private final class Snapshot {
        final Promise<Void> promise;
        final Context caller;

        Snapshot(Promise<Void> promise, Context caller) {
            this.promise = promise;
            this.caller = caller;
        }

        void succeed() {
            caller.runOnContext(v -> promise.complete());
            onContext(() -> null);
        }

        void fail() {
            caller.runOnContext(v -> promise.fail(new java.io.IOException("snapshot disk full")));
            onContext(() -> null);
        }
    }

    /** A Journal whose futures the test completes; records every call in order. */
    private final class ControlledJournal implements Journal {
        private final LinkedBlockingQueue<Append> appends = new LinkedBlockingQueue<>();
        private final List<Append> allAppends = Collections.synchronizedList(new ArrayList<>());
        private final List<Snapshot> snapshots = Collections.synchronizedList(new ArrayList<>());
        final List<Long> limits = Collections.synchronizedList(new ArrayList<>());
        volatile boolean durable = true;
        volatile boolean writable = true;

        @Override
        public Future<List<DomainEvent>> open() {
            return Future.succeededFuture(List.of());
        }

        @Override
        public Future<Void> append(List<DomainEvent> events) {
            Promise<Void> promise = Promise.promise();
            Append append = new Append(List.copyOf(events), promise, Vertx.currentContext());
            allAppends.add(append);
            appends.add(append);
            return promise.future();
        }

        @Override
        public Future<Void> snapshot(long limit) {
            Promise<Void> promise = Promise.promise();
            snapshots.add(new Snapshot(promise, Vertx.currentContext()));
            limits.add(limit);
            return promise.future();
        }

        @Override
        public Future<List<DomainEvent>> readAfter(long position, int max) {
            return Future.succeededFuture(List.of());
        }

        Append nextAppend() {
            try {
                Append next = appends.poll(WAIT_SECONDS, TimeUnit.SECONDS);
                assertThat(next).as("an append within %d s", WAIT_SECONDS).isNotNull();
                return next;
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        int appendCount() {
            return allAppends.size();
        }

        int snapshotCount() {
            return snapshots.size();
        }

        Snapshot snapshot(int index) {
            return snapshots.get(index);
        }

        void awaitSnapshot(int index) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            long timer = vertx.setPeriodic(10, id -> {
                if (snapshots.size() > index) {
                    done.complete(null);
                }
            });
            try {
                join(done);
            } finally {
                vertx.cancelTimer(timer);
            }
        }

        final java.util.concurrent.atomic.AtomicLong position = new java.util.concurrent.atomic.AtomicLong();

        /** Events made durable so far, as a real journal counts them. */
        @Override
        public long position() {
            return position.get();
        }

        @Override
        public String acknowledgement() {
            return "when the test says so";
        }

        @Override
        public boolean writable() {
            return writable;
        }

        @Override
        public Future<Void> close() {
            return Future.succeededFuture();
        }

        @Override
        public boolean durable() {
            return durable;
        }
    }
}

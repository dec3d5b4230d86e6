package io.switchboard.store;

import static io.switchboard.store.FileJournalTest.await;
import static io.switchboard.store.FileJournalTest.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.TicketReplied;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Redis journal's batching into stream entries, its retries after partial writes, its
 * heartbeat, and how snapshot windows are cut and merged, against a real Redis.
 */
class RedisJournalRecoveryTest extends OnRealRedis {

    @AfterEach
    void acceptWritesAgain() {
        acceptWrites();
    }

    @Test
    void append_batchOfMoreThan256Events_writesOneEntryPer256NamedByItsFirstEvent() {
        RedisJournal journal = new RedisJournal(vertx, redis.url(), false);
        await(journal.open());
        await(journal.append(events(0, 2)));
        await(journal.append(events(2, 602)));

        assertThat(redis.command("XLEN switchboard:events")).isEqualTo(":4");
        for (String id : List.of("1-0", "3-0", "259-0", "515-0")) {
            assertThat(redis.command("XRANGE switchboard:events " + id + " " + id)).as(id).isEqualTo("*1");
        }
        assertThat(journal.position()).isEqualTo(602);
        RedisJournal reopened = new RedisJournal(vertx, redis.url(), false);
        assertThat(await(reopened.open())).isEqualTo(events(0, 602));
        assertThat(reopened.position()).isEqualTo(602);
    }

    @Test
    void append_retriedAfterTheFirstEntryOfABigBatchLanded_writesOnlyTheRest() {
        RedisJournal journal = new RedisJournal(vertx, redis.url(), false);
        await(journal.open());
        await(journal.append(events(0, 3)));
        List<DomainEvent> batch = events(3, 303); // entries of 256 and 44 events
        refuseWrites();
        assertThatThrownBy(() -> await(journal.append(batch))).rootCause().hasMessageContaining("NOREPLICAS");
        assertThat(journal.writable()).isFalse();
        acceptWrites();
        // what the failed write left: its first entry (events 4..259), as another writer at position 3 writes it
        RedisJournal firstEntry = new RedisJournal(vertx, redis.url(), false);
        await(firstEntry.open());
        await(firstEntry.append(batch.subList(0, 256)));
        await(firstEntry.close());

        await(journal.append(batch));

        assertThat(journal.writable()).isTrue();
        assertThat(journal.position()).isEqualTo(303);
        assertThat(redis.command("XLEN switchboard:events")).as("1-0, 4-0 and the rest at 260-0").isEqualTo(":3");
        assertThat(redis.command("XRANGE switchboard:events 260-0 260-0")).isEqualTo("*1");
        assertThat(await(new RedisJournal(vertx, redis.url(), false).open())).isEqualTo(events(0, 303));
    }

    @Test
    void append_retriedAfterFailureOnAStreamEmptiedByASnapshot_writesTheWholeBatch() {
        RedisJournal journal = new RedisJournal(vertx, redis.url(), false);
        await(journal.open());
        await(journal.append(events(0, 3)));
        await(journal.snapshot());
        assertThat(redis.command("XLEN switchboard:events")).isEqualTo(":0");
        refuseWrites();
        assertThatThrownBy(() -> await(journal.append(events(3, 5)))).isNotNull();
        acceptWrites();

        await(journal.append(events(3, 5)));

        assertThat(journal.position()).isEqualTo(5);
        assertThat(redis.command("XRANGE switchboard:events 4-0 4-0")).isEqualTo("*1");
        assertThat(await(new RedisJournal(vertx, redis.url(), false).open())).isEqualTo(events(0, 5));
    }

    @Test
    void append_retriedAfterTheWholeBatchLanded_writesNothingMore() {
        RedisJournal journal = new RedisJournal(vertx, redis.url(), false);
        await(journal.open());
        await(journal.append(events(0, 2)));
        refuseWrites();
        assertThatThrownBy(() -> await(journal.append(events(2, 5)))).isNotNull();
        acceptWrites();
        RedisJournal other = new RedisJournal(vertx, redis.url(), false);
        await(other.open());
        await(other.append(events(2, 5)));
        await(other.close());

        await(journal.append(events(2, 5)));

        assertThat(journal.writable()).isTrue();
        assertThat(journal.position()).isEqualTo(5);
        assertThat(redis.command("XLEN switchboard:events")).isEqualTo(":2");
        assertThat(await(new RedisJournal(vertx, redis.url(), false).open())).isEqualTo(events(0, 5));
    }

    @Test
    void writable_redisStopsThenAnswersAgain_followsTheHeartbeat() {
        RedisJournal journal = new RedisJournal(vertx, redis.url(), false);
        await(journal.open());
        assertThat(journal.writable()).isTrue();

        redis.stop();
        awaitUntil(() -> !journal.writable(), "not writable while Redis is down");
        redis.start();
        awaitUntil(journal::writable, "writable once Redis answers");
        await(journal.close());
    }

    @Test
    void writable_afterAFailedAppend_comesBackWithTheRetryNotWithTheHeartbeat() throws InterruptedException {
        RedisJournal journal = new RedisJournal(vertx, redis.url(), false);
        await(journal.open());
        refuseWrites();
        assertThatThrownBy(() -> await(journal.append(events(0, 2)))).isNotNull();
        acceptWrites();
        Thread.sleep(2_500); // a few heartbeats answered

        assertThat(journal.writable()).as("an unacknowledged batch is still pending").isFalse();
        await(journal.append(events(0, 2)));
        assertThat(journal.writable()).isTrue();
        await(journal.close());
    }

    @Test
    void snapshot_limitInsideAStreamEntry_stopsBeforeThatEntry() {
        RedisJournal journal = new RedisJournal(vertx, redis.url(), false, Integer.MAX_VALUE);
        await(journal.open());
        await(journal.append(events(0, 4))); // entry 1-0: events 1..4
        await(journal.append(events(4, 10))); // entry 5-0: events 5..10

        await(journal.snapshot(3));
        assertThat(redis.command("EXISTS switchboard:snapshots")).as("inside the first entry: nothing").isEqualTo(":0");
        await(journal.snapshot(6));
        assertThat(redis.command("LRANGE switchboard:snapshots 0 -1")).isEqualTo("*1");
        assertThat(redis.command("EXISTS switchboard:snapshot:4")).as("the first entry only").isEqualTo(":1");
        assertThat(redis.command("XLEN switchboard:events")).isEqualTo(":1");
        await(journal.snapshot(4));
        assertThat(redis.command("LLEN switchboard:snapshots")).as("nothing new up to 4").isEqualTo(":1");

        RedisJournal reopened = new RedisJournal(vertx, redis.url(), false);
        assertThat(await(reopened.open())).isEqualTo(events(0, 10));
        assertThat(reopened.position()).isEqualTo(10);
    }

    @Test
    void snapshot_windowsAsManyAsTheBase_mergeAndFewerStayWindowsEvenAfterAReopen() {
        RedisJournal journal = new RedisJournal(vertx, redis.url(), false, 0);
        await(journal.open());
        await(journal.append(events(0, 10)));
        await(journal.snapshot());
        await(journal.append(events(10, 13)));
        await(journal.snapshot());
        assertThat(redis.command("LLEN switchboard:snapshots")).as("3 events < the base's 10: a window")
                .isEqualTo(":2");
        await(journal.close());

        RedisJournal reopened = new RedisJournal(vertx, redis.url(), false, 0);
        assertThat(await(reopened.open())).isEqualTo(events(0, 13));
        await(reopened.append(events(13, 19)));
        await(reopened.snapshot());
        assertThat(redis.command("LLEN switchboard:snapshots")).as("3 + 6 < 10, counted from the lists on open")
                .isEqualTo(":3");
        await(reopened.append(events(19, 20)));
        await(reopened.snapshot());

        assertThat(redis.command("LLEN switchboard:snapshots")).as("3 + 6 + 1 = 10: merged").isEqualTo(":1");
        for (String gone : List.of("10", "13", "19")) {
            assertThat(redis.command("EXISTS switchboard:snapshot:" + gone)).as(gone).isEqualTo(":0");
        }
        assertThat(redis.command("LLEN switchboard:snapshot:20")).isEqualTo(":1");
        assertThat(await(new RedisJournal(vertx, redis.url(), false).open())).isEqualTo(events(0, 20));
    }

    @Test
    void snapshot_eventLargerThanAChunk_getsAChunkOfItsOwnAndReopensEqual() {
        RedisJournal journal = new RedisJournal(vertx, redis.url(), false);
        await(journal.open());
        List<DomainEvent> written = new ArrayList<>(events(0, 2));
        written.add(new TicketReplied(3, "tkt_big", "b".repeat(1_500_000), "agent:alice", "reply"));
        written.addAll(events(2, 4));
        await(journal.append(written));
        await(journal.snapshot());
        await(journal.close());

        assertThat(redis.command("LLEN switchboard:snapshot:5")).as("before, the big one, after").isEqualTo(":3");
        assertThat(await(new RedisJournal(vertx, redis.url(), false).open())).isEqualTo(written);
    }

    @Test
    void acknowledgement_urlWithAPassword_neverShowsIt() {
        RedisJournal journal = new RedisJournal(vertx, "redis://switchboard:s3cret@127.0.0.1:6390/0", true);

        assertThat(journal.acknowledgement()).isEqualTo("Redis journal at redis://***@127.0.0.1:6390/0: acknowledged"
                + " after Redis answered every XADD of the batch (durable per Redis's appendfsync policy)");
        assertThat(journal.writable()).as("not before open").isFalse();
        assertThat(await(journal.close())).isNull();
    }

    @Test
    void acknowledgement_redisOlderThan72_saysWaitaofIsNotUsed() {
        RedisJournal journal = new RedisJournal(vertx, redis.url(), true);
        await(journal.open());

        // the bundled test server is Redis 6.2, which has no WAITAOF: appends must still succeed
        assertThat(journal.acknowledgement()).endsWith("(durable per Redis's appendfsync policy)");
        await(journal.append(events(0, 1)));
        assertThat(journal.position()).isEqualTo(1);
        await(journal.close());
    }

    /**
     * Makes every write fail as a real Redis error (no replicas to write to) while reads still
     * answer, without the restart that could lose the AOF's last second on a busy disk.
     */
    private static void refuseWrites() {
        assertThat(redis.command("CONFIG SET min-replicas-to-write 1")).isEqualTo("+OK");
    }

    private static void acceptWrites() {
        assertThat(redis.command("CONFIG SET min-replicas-to-write 0")).isEqualTo("+OK");
    }

    private static void awaitUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}

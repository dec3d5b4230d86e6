package io.switchboard.store;

import static io.switchboard.store.FileJournalTest.await;
import static io.switchboard.store.FileJournalTest.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.event.DomainEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lease and the fencing of journal writes, against a real Redis server. */
class RedisLeaseTest extends OnRealRedis {
    private static final long TTL = 60_000;

    @Test
    void tryAcquire_freeThenHeld_firstGetsATokenSecondGetsNone() {
        RedisLease a = new RedisLease(vertx, redis.url(), "node-a", TTL);
        RedisLease b = new RedisLease(vertx, redis.url(), "node-b", TTL);

        long token = await(a.tryAcquire());

        assertThat(token).isPositive();
        assertThat(await(b.tryAcquire())).as("held by node-a").isZero();
        assertThat(await(a.holder())).isEqualTo("node-a " + token);
    }

    @Test
    void renew_whileHeld_keepsTheLeaseAndItsTtl() {
        RedisLease a = new RedisLease(vertx, redis.url(), "node-a", TTL);
        long token = await(a.tryAcquire());
        redis.command("PEXPIRE " + RedisLease.KEY + " 5000");

        assertThat(await(a.renew(token))).isTrue();

        long ttl = Long.parseLong(redis.command("PTTL " + RedisLease.KEY).substring(1));
        assertThat(ttl).as("the TTL restarted at the lease's length").isGreaterThan(5_000);
        assertThat(await(a.holder())).isEqualTo("node-a " + token);
    }

    @Test
    void expiry_anotherNodeAcquires_withAHigherTokenAndTheOldHolderCannotRenew() throws Exception {
        RedisLease a = new RedisLease(vertx, redis.url(), "node-a", 100);
        RedisLease b = new RedisLease(vertx, redis.url(), "node-b", TTL);
        long first = await(a.tryAcquire());
        awaitExpired();

        long second = await(b.tryAcquire());

        assertThat(second).isGreaterThan(first);
        assertThat(await(a.renew(first))).as("node-b holds it now").isFalse();
        assertThat(await(b.holder())).isEqualTo("node-b " + second);
    }

    @Test
    void renew_afterExpiryWithNoSuccessor_retakesTheLeaseWithTheSameToken() throws Exception {
        RedisLease a = new RedisLease(vertx, redis.url(), "node-a", 100);
        long token = await(a.tryAcquire());
        awaitExpired();

        assertThat(await(a.renew(token))).isTrue();

        assertThat(await(a.holder())).as("the same token: no other write can exist").isEqualTo("node-a " + token);
    }

    @Test
    void release_byTheHolder_freesTheLeaseAtOnce() {
        RedisLease a = new RedisLease(vertx, redis.url(), "node-a", TTL);
        RedisLease b = new RedisLease(vertx, redis.url(), "node-b", TTL);
        long token = await(a.tryAcquire());

        await(a.release(token));

        assertThat(await(b.tryAcquire())).isGreaterThan(token);
    }

    @Test
    void append_withAStaleToken_isRefusedAndChangesNothing() {
        RedisLease a = new RedisLease(vertx, redis.url(), "node-a", TTL);
        RedisLease b = new RedisLease(vertx, redis.url(), "node-b", TTL);
        RedisJournal old = new RedisJournal(vertx, redis.url(), true);
        old.fence(await(a.tryAcquire()));
        await(old.open());
        await(old.append(events(0, 3)));
        redis.command("DEL " + RedisLease.KEY); // node-a's lease lapsed (paused past its TTL)
        RedisJournal successor = new RedisJournal(vertx, redis.url(), true);
        successor.fence(await(b.tryAcquire()));
        assertThat(await(successor.open())).isEqualTo(events(0, 3));

        assertThatThrownBy(() -> await(old.append(events(3, 600)))).rootCause()
                .isInstanceOf(FencedOutException.class);

        assertThat(redis.command("XLEN " + RedisJournal.EVENTS)).as("nothing of the refused batch").isEqualTo(":1");
        assertThat(old.fencedOut()).isTrue();
        assertThat(old.writable()).isFalse();
        await(successor.append(events(3, 5)));
        assertThat(await(new RedisJournal(vertx, redis.url(), true).open())).isEqualTo(events(0, 5));
    }

    @Test
    void append_fencedWithTheCurrentToken_writesLikeAnUnfencedJournal() {
        RedisLease a = new RedisLease(vertx, redis.url(), "node-a", TTL);
        RedisJournal journal = new RedisJournal(vertx, redis.url(), true);
        journal.fence(await(a.tryAcquire()));
        await(journal.open());

        await(journal.append(events(0, 600)));
        await(journal.append(events(600, 601)));

        assertThat(redis.command("XLEN " + RedisJournal.EVENTS)).as("256 events per entry").isEqualTo(":4");
        assertThat(await(new RedisJournal(vertx, redis.url(), true).open())).isEqualTo(events(0, 601));
    }

    @Test
    void snapshot_withAStaleToken_isRefusedAndLeavesSnapshotsAndStreamAsTheyWere() {
        RedisLease a = new RedisLease(vertx, redis.url(), "node-a", TTL);
        RedisLease b = new RedisLease(vertx, redis.url(), "node-b", TTL);
        RedisJournal old = new RedisJournal(vertx, redis.url(), true, 0);
        old.fence(await(a.tryAcquire()));
        await(old.open());
        await(old.append(events(0, 4)));
        await(old.append(events(4, 10)));
        await(old.snapshot(4));
        List<String> before = keysAndLengths();
        assertThat(before.get(1)).as("one snapshot window").isEqualTo(":1");
        redis.command("DEL " + RedisLease.KEY);
        assertThat(await(b.tryAcquire())).isPositive();

        assertThatThrownBy(() -> await(old.snapshot())).rootCause().hasMessageContaining(RedisLease.FENCED);

        assertThat(keysAndLengths()).isEqualTo(before);
        List<DomainEvent> all = new ArrayList<>(events(0, 10));
        assertThat(await(new RedisJournal(vertx, redis.url(), true).open())).isEqualTo(all);
    }

    private List<String> keysAndLengths() {
        return List.of(redis.command("XLEN " + RedisJournal.EVENTS), redis.command("LLEN " + RedisJournal.SNAPSHOTS),
                redis.command("LINDEX " + RedisJournal.SNAPSHOTS + " -1"));
    }

    private static void awaitExpired() throws InterruptedException {
        for (int i = 0; i < 500 && !":0".equals(redis.command("EXISTS " + RedisLease.KEY)); i++) {
            Thread.sleep(10);
        }
        assertThat(redis.command("EXISTS " + RedisLease.KEY)).isEqualTo(":0");
    }
}

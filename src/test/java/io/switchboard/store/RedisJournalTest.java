package io.switchboard.store;

import static io.switchboard.store.FileJournalTest.await;
import static io.switchboard.store.FileJournalTest.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.agent.Presence;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.AgentPresenceChanged;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Redis journal against a real Redis server. */
class RedisJournalTest extends OnRealRedis {

    @Test
    void reopen_afterAppends_returnsEveryEventInOrder() {
        RedisJournal journal = new RedisJournal(vertx, redis.url(), true);
        assertThat(await(journal.open())).isEmpty();
        await(journal.append(events(0, 30)));
        await(journal.append(events(30, 40)));
        await(journal.close());

        RedisJournal reopened = new RedisJournal(vertx, redis.url(), true);

        assertThat(await(reopened.open())).isEqualTo(events(0, 40));
        assertThat(reopened.position()).isEqualTo(40);
        assertThat(redis.command("XLEN switchboard:events")).as("one entry per appended batch").isEqualTo(":2");
    }

    @Test
    void open_eventOfANewerFormat_refusesToStartAndWritesNothing() {
        RedisJournal journal = new RedisJournal(vertx, redis.url(), true);
        await(journal.open());
        await(journal.append(events(0, 3)));
        await(journal.close());
        byte[] newer = EventCodec.instance().encode(events(3, 4).get(0));
        newer[1] = (byte) (EventCodec.FORMAT + 1);
        Redis client = Redis.createClient(vertx, redis.url());
        await(client.send(Request.cmd(Command.XADD).arg(RedisJournal.EVENTS).arg("4-0").arg("0").arg(Buffer.buffer(newer))));
        String before = everything(client);

        RedisJournal reopened = new RedisJournal(vertx, redis.url(), true);

        assertThatThrownBy(() -> await(reopened.open())).rootCause().isInstanceOf(JournalCorruptException.class)
                .hasMessageContaining("journal format " + (EventCodec.FORMAT + 1) + " is unknown to this build");
        assertThat(everything(client)).isEqualTo(before);
        client.close();
    }

    /** The whole stream with its ids and bytes, and every key name. */
    private static String everything(Redis client) {
        return await(client.send(Request.cmd(Command.XRANGE).arg(RedisJournal.EVENTS).arg("-").arg("+"))).toString()
                + await(client.send(Request.cmd(Command.KEYS).arg("*"))).toString();
    }

    @Test
    void snapshot_thenAppends_reopensFromSnapshotPlusTailAndTrimsTheStream() {
        RedisJournal journal = new RedisJournal(vertx, redis.url(), true);
        await(journal.open());
        List<DomainEvent> churn = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            churn.add(new AgentPresenceChanged(i, "bob", i % 3 == 0 ? Presence.AVAILABLE : Presence.AWAY, "agent"));
        }
        await(journal.append(churn));
        await(journal.append(events(0, 5)));
        await(journal.snapshot());
        await(journal.append(events(5, 7)));

        assertThat(redis.command("XLEN switchboard:events")).as("the stream behind the snapshot is trimmed")
                .isEqualTo(":1");
        RedisJournal reopened = new RedisJournal(vertx, redis.url(), true);
        List<DomainEvent> recovered = await(reopened.open());

        List<DomainEvent> expected = new ArrayList<>(churn);
        expected.addAll(events(0, 5));
        expected = new ArrayList<>(Compaction.compact(expected));
        expected.addAll(events(5, 7));
        assertThat(recovered).isEqualTo(expected);
        assertThat(reopened.position()).isEqualTo(37);
    }

    @Test
    void snapshot_twice_reopensFromBothWindowsPlusTail() {
        // never merged into one list here: ArchivedSnapshotTest covers merging
        RedisJournal journal = new RedisJournal(vertx, redis.url(), true, Integer.MAX_VALUE);
        await(journal.open());
        await(journal.append(events(0, 4)));
        await(journal.snapshot());
        await(journal.append(events(4, 9)));
        await(journal.snapshot());
        await(journal.append(events(9, 10)));

        assertThat(redis.command("LLEN switchboard:snapshots")).isEqualTo(":2");
        RedisJournal reopened = new RedisJournal(vertx, redis.url(), true);
        assertThat(await(reopened.open())).isEqualTo(events(0, 10));
        assertThat(reopened.position()).isEqualTo(10);
    }

    @Test
    void append_retriedAfterPartialWrite_writesNothingTwice() {
        RedisJournal journal = new RedisJournal(vertx, redis.url(), true);
        await(journal.open());
        await(journal.append(events(0, 3)));
        // a batch whose first two XADDs reached Redis before the connection died
        redis.command("XADD switchboard:events 4-0 0 x");
        redis.command("XADD switchboard:events 5-0 0 y");
        redis.stop();
        assertThatThrownBy(() -> await(journal.append(events(3, 6)))).isNotNull();
        assertThat(journal.writable()).isFalse();
        redis.start();

        await(journal.append(events(3, 6)));

        assertThat(journal.writable()).isTrue();
        assertThat(journal.position()).isEqualTo(6);
        assertThat(redis.command("XLEN switchboard:events")).as("events 1-3, the two partial ones, then 6")
                .isEqualTo(":4");
        assertThat(redis.command("XREVRANGE switchboard:events + - COUNT 1")).isEqualTo("*1");
    }

    @Test
    void open_gapInTheStream_refusesToStart() {
        redis.command("XADD switchboard:events 1-0 0 a");
        redis.command("XADD switchboard:events 3-0 0 b");

        assertThatThrownBy(() -> await(new RedisJournal(vertx, redis.url(), true).open()))
                .rootCause().isInstanceOf(JournalCorruptException.class).hasMessageContaining("gap");
    }
}

package io.switchboard.store;

import static io.switchboard.store.FileJournalTest.await;
import static io.switchboard.store.FileJournalTest.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** How a follower catches up on the Redis journal ({@link Journal#readAfter}): inside and across stream entries. */
class RedisJournalReadAfterTest extends OnRealRedis {

    @Test
    void readAfter_insideAndAcrossStreamEntries_returnsTheEventsAfterThePositionUpToMax() {
        RedisJournal journal = new RedisJournal(vertx, redis.url(), false);
        await(journal.open());
        await(journal.append(events(0, 5))); // entry 1-0: events 1..5
        await(journal.append(events(5, 8))); // entry 6-0: events 6..8
        await(journal.append(events(8, 10))); // entry 9-0: events 9..10
        assertThat(redis.command("XLEN switchboard:events")).isEqualTo(":3");

        assertThat(await(journal.readAfter(0, 100))).isEqualTo(events(0, 10));
        assertThat(await(journal.readAfter(2, 2))).as("inside the first entry").isEqualTo(events(2, 4));
        assertThat(await(journal.readAfter(3, 4))).as("across entries").isEqualTo(events(3, 7));
        assertThat(await(journal.readAfter(5, 100))).as("from an entry's first event").isEqualTo(events(5, 10));
        assertThat(await(journal.readAfter(4, 1))).as("an entry's last event").isEqualTo(events(4, 5));
        assertThat(await(journal.readAfter(9, 5))).isEqualTo(events(9, 10));
        assertThat(await(journal.readAfter(10, 5))).as("nothing after the last event").isEmpty();
        assertThat(await(journal.readAfter(11, 5))).isEmpty();
        await(journal.close());
    }

    @Test
    void readAfter_eventsCompactedIntoASnapshot_failsSayingSoButReadsWhatIsLeft() {
        RedisJournal journal = new RedisJournal(vertx, redis.url(), false);
        await(journal.open());
        await(journal.append(events(0, 5)));
        await(journal.snapshot());
        await(journal.append(events(5, 7)));
        assertThat(redis.command("XLEN switchboard:events")).isEqualTo(":1");

        assertThatThrownBy(() -> await(journal.readAfter(2, 10))).rootCause()
                .isInstanceOf(JournalCorruptException.class).hasMessage("events after 2 were compacted into a snapshot");
        assertThat(await(journal.readAfter(5, 10))).isEqualTo(events(5, 7));
        assertThat(await(journal.readAfter(6, 10))).isEqualTo(events(6, 7));
        await(journal.close());
    }

    @Test
    void readAfter_beforeAnyAppend_returnsNothing() {
        RedisJournal journal = new RedisJournal(vertx, redis.url(), false);
        await(journal.open());

        assertThat(await(journal.readAfter(0, 10))).isEmpty();
        assertThat(journal.position()).isZero();
        await(journal.close());
    }
}

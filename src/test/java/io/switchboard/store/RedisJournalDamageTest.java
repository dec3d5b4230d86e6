package io.switchboard.store;

import static io.switchboard.store.FileJournalTest.await;
import static io.switchboard.store.FileJournalTest.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.event.DomainEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A damaged Redis snapshot list stops open with an error naming the snapshot, instead of recovering less. */
class RedisJournalDamageTest extends OnRealRedis {

    @Test
    void open_snapshotChunkOverwritten_failsWithCorruptNamingTheSnapshot() {
        RedisJournal journal = new RedisJournal(vertx, redis.url(), false);
        await(journal.open());
        await(journal.append(events(0, 5)));
        await(journal.snapshot());
        await(journal.append(events(5, 6)));
        await(journal.close());
        String key = RedisJournal.SNAPSHOT + ":5";
        assertThat(redis.command("LLEN " + key)).isEqualTo(":1");

        assertThat(redis.command("LSET " + key + " 0 not-a-record")).isEqualTo("+OK");

        RedisJournal reopened = new RedisJournal(vertx, redis.url(), false);
        assertThatThrownBy(() -> await(reopened.open())).rootCause()
                .isInstanceOf(JournalCorruptException.class)
                .hasMessageContaining("Redis snapshot " + key + " is damaged");
    }

    @Test
    void open_oneByteFlippedInTheMiddleChunkOfALargeSnapshot_failsWithCorruptNamingTheSnapshot() {
        RedisJournal journal = new RedisJournal(vertx, redis.url(), false);
        await(journal.open());
        List<DomainEvent> big = new ArrayList<>();
        String text = "x".repeat(2_000);
        for (int i = 0; i < 1_200; i++) { // about 2.4 MB: three 1 MiB chunks
            big.add(new DomainEvent.TicketReplied(1_000L + i, "tkt_" + i, text + i, "agent:alice", "reply"));
        }
        await(journal.append(big));
        await(journal.snapshot());
        await(journal.close());
        String key = RedisJournal.SNAPSHOT + ":1200";
        assertThat(redis.command("LLEN " + key)).isEqualTo(":3");

        // Flip one byte, deep inside chunk 1, leaving its length and every other chunk intact.
        String flip = "EVAL \"local c = redis.call('LINDEX', KEYS[1], 1); local b = string.byte(c, 5000); "
                + "redis.call('LSET', KEYS[1], 1, string.sub(c, 1, 4999) .. string.char((b + 1) % 256) "
                + ".. string.sub(c, 5001)); return string.len(c)\" 1 " + key;
        assertThat(redis.command(flip)).startsWith(":");

        RedisJournal reopened = new RedisJournal(vertx, redis.url(), false);
        assertThatThrownBy(() -> await(reopened.open())).rootCause()
                .isInstanceOf(JournalCorruptException.class)
                .hasMessageContaining("Redis snapshot " + key + " is damaged");
    }
}

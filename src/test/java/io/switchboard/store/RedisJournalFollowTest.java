package io.switchboard.store;

import static io.switchboard.store.FileJournalTest.await;
import static io.switchboard.store.FileJournalTest.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * A warm standby's view of the Redis journal: {@link RedisJournal#follow} reads what the active
 * appended through a client that never appends (its own position plays no part), and
 * {@link RedisJournal#openAfter} opens for appends behind what the standby replayed.
 */
class RedisJournalFollowTest extends OnRealRedis {

    @Test
    void follow_throughAnotherClient_readsWhatTheActiveAppendsInPieces() {
        RedisJournal active = new RedisJournal(vertx, redis.url(), false);
        await(active.open());
        RedisJournal standby = new RedisJournal(vertx, redis.url(), false);
        assertThat(await(standby.open())).isEmpty();
        assertThat(await(standby.follow(0, 300))).as("nothing appended yet").isEmpty();

        await(active.append(events(0, 5)));
        await(active.append(events(5, 8)));
        assertThat(await(standby.follow(0, 300))).isEqualTo(events(0, 8));
        assertThat(await(standby.follow(3, 300))).as("inside an entry").isEqualTo(events(3, 8));
        assertThat(await(standby.follow(8, 300))).as("caught up").isEmpty();
        assertThat(standby.position()).as("following moves nothing of the standby's own").isZero();

        await(active.append(events(8, 700))); // entries of 256 events
        assertThat(await(standby.follow(8, 256))).as("about max events, whole entries").isEqualTo(events(8, 264));
        assertThat(await(standby.follow(264, 10_000))).isEqualTo(events(264, 700));
        await(active.close());
        await(standby.close());
    }

    @Test
    void follow_behindASnapshot_failsSoTheStandbyReadsAgain_andOpenAfterToo() {
        RedisJournal active = new RedisJournal(vertx, redis.url(), false);
        await(active.open());
        await(active.append(events(0, 5)));
        await(active.snapshot());
        await(active.append(events(5, 7)));
        RedisJournal standby = new RedisJournal(vertx, redis.url(), false);

        assertThatThrownBy(() -> await(standby.follow(2, 10))).rootCause()
                .isInstanceOf(JournalCorruptException.class).hasMessage("events after 2 were compacted into a snapshot");
        assertThat(await(standby.follow(5, 10))).isEqualTo(events(5, 7));
        await(active.snapshot());
        assertThatThrownBy(() -> await(standby.follow(5, 10))).rootCause()
                .isInstanceOf(JournalCorruptException.class);
        assertThat(await(standby.follow(7, 10))).as("nothing after the snapshot's end").isEmpty();
        RedisJournal successor = new RedisJournal(vertx, redis.url(), false);
        assertThatThrownBy(() -> await(successor.openAfter(4))).rootCause()
                .isInstanceOf(JournalCorruptException.class);
        await(active.close());
        await(standby.close());
        await(successor.close());
    }

    @Test
    void openAfter_whatTheStandbyReplayed_returnsOnlyTheTailAndAppendsAfterIt() {
        RedisJournal active = new RedisJournal(vertx, redis.url(), false);
        await(active.open());
        await(active.append(events(0, 5)));
        await(active.snapshot());
        await(active.append(events(5, 9)));
        await(active.close());

        RedisJournal successor = new RedisJournal(vertx, redis.url(), false);
        assertThat(await(successor.openAfter(6))).isEqualTo(events(6, 9));
        assertThat(successor.position()).isEqualTo(9);
        assertThat(successor.writable()).isTrue();
        await(successor.append(events(9, 12)));
        await(successor.snapshot());
        await(successor.close());

        RedisJournal cold = new RedisJournal(vertx, redis.url(), false);
        assertThat(await(cold.open())).as("a cold open reads what both wrote").hasSize(12);
        assertThat(cold.position()).isEqualTo(12);
        await(cold.close());
    }
}

package io.switchboard.follow;

import static io.switchboard.follow.FileCursorStoreTest.await;
import static io.switchboard.follow.JournalFollowerTest.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.store.FileJournal;
import io.switchboard.store.Journal;
import io.switchboard.store.JournalCorruptException;
import io.switchboard.store.RedisJournal;
import io.switchboard.store.RedisProcess;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower that lags holds back compaction, on the file journal and on the Redis journal: the
 * snapshot path compacts up to {@link FollowerRegistry#holdBack()}, and the lagging follower then
 * still catches up from the journal; once it saved past them, the next snapshot drops them.
 */
class LaggingFollowerCompactionTest {
    private final Vertx vertx = Vertx.vertx();
    @TempDir
    Path dir;

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void snapshot_fileJournalWithALaggingFollower_keepsWhatItHasNotHandled() {
        FileJournal journal = new FileJournal(vertx, dir.resolve("journal"), FileJournal.Fsync.ALWAYS, 1000);
        await(journal.open());
        lagging_holdsBackCompaction(journal);
        await(journal.close());
    }

    @Test
    void snapshot_redisJournalWithALaggingFollower_keepsWhatItHasNotHandled() {
        try (RedisProcess redis = RedisProcess.start(dir.resolve("redis"))) {
            RedisJournal journal = new RedisJournal(vertx, redis.url(), false);
            await(journal.open());
            lagging_holdsBackCompaction(journal);
            await(journal.close());
        }
    }

    private void lagging_holdsBackCompaction(Journal journal) {
        JournalFollower lagging = new JournalFollower("lagging", journal::readAfter, journal::position, false);
        JournalFollower done = new JournalFollower("done", journal::readAfter, journal::position, false);
        FollowerRegistry registry = new FollowerRegistry().register(lagging).register(done);
        lagging.start(vertx.getOrCreateContext(), () -> { });
        for (int i = 0; i < 3; i++) { // three batches, each followed by a snapshot as the group commit asks
            await(journal.append(events(i * 4, i * 4 + 4)));
            registry.offer(i * 4 + 1, events(i * 4, i * 4 + 4));
            lagging.saved(3); // handled 1..3 only (a webhook endpoint down, an SMTP server retrying)
            done.saved(journal.position());
            await(journal.snapshot(registry.holdBack()));
        }
        assertThat(registry.holdBack()).isEqualTo(3);

        lagging.release(Long.MAX_VALUE); // its buffer is gone (a restart): only the journal can serve it
        JournalFollower.Chunk caughtUp = await(lagging.read(3, 100));
        assertThat(caughtUp.first()).isEqualTo(4);
        assertThat(caughtUp.events()).isEqualTo(events(3, 12));

        lagging.saved(12);
        await(journal.append(events(12, 16)));
        await(journal.snapshot(registry.holdBack()));
        assertThatThrownBy(() -> await(journal.readAfter(3, 100))).as("handled by all: compacted")
                .rootCause().isInstanceOf(JournalCorruptException.class);
        assertThat(await(journal.readAfter(12, 100))).isEqualTo(events(12, 16));
    }
}

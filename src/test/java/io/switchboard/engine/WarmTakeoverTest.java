package io.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.store.RedisJournal;
import io.switchboard.store.RedisProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A warm standby's takeover equals a cold recovery of the same journal, on a real Redis: an
 * active appends random engine work in batches and snapshots now and then; a standby reads the
 * journal once part-way ({@link RedisJournal#open}, {@link Engine#replayed}), follows it in small
 * pieces ({@link RedisJournal#follow}, {@link Engine#replay}), then takes over
 * ({@link RedisJournal#openAfter}: only the tail it had not followed, then {@link Engine#resume}).
 * Its state, its restart decisions and every timer it fires later are those of
 * {@link Engine#restore} over a cold {@link RedisJournal#open} at the same time.
 */
class WarmTakeoverTest {
    @TempDir
    Path dir;
    private RedisProcess redis;
    private final Vertx vertx = Vertx.vertx();

    @BeforeEach
    void startRedis() {
        redis = RedisProcess.start(dir.resolve("redis"));
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        redis.stop();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3, 17, 81})
    void warmTakeover_afterFollowingWithSnapshotsBetween_equalsAColdRecoveryOfTheSameJournal(long seed) {
        RandomDriver driver = new RandomDriver(seed, SlaFixtures.shortTimers());
        driver.start();
        RedisJournal active = new RedisJournal(vertx, redis.url(), false);
        await(active.open());
        RedisJournal standby = new RedisJournal(vertx, redis.url(), false);
        Engine warm = null;
        long followed = 0;
        int appended = 0;
        for (int step = 1; step <= 400; step++) {
            driver.step();
            if (step % 10 == 0) { // a group commit's batch
                List<DomainEvent> batch = List.copyOf(driver.f.journal.subList(appended, driver.f.journal.size()));
                await(active.append(batch));
                appended += batch.size();
            }
            if (step == 100) { // the standby starts: one read of snapshots and stream, replayed
                List<DomainEvent> history = await(standby.open());
                warm = Engine.replayed(driver.f.config, driver.f.sla, Retention.NEVER, history);
                followed = standby.position();
            }
            if (warm != null && step % 30 == 0) { // it follows, in pieces of a few events
                List<DomainEvent> piece;
                while (!(piece = await(standby.follow(followed, 7))).isEmpty()) {
                    warm.replay(piece);
                    followed += piece.size();
                }
            }
            if (step % 120 == 0) { // the active compacts what everyone has read
                await(active.snapshot(followed));
            }
        }
        await(active.append(List.copyOf(driver.f.journal.subList(appended, driver.f.journal.size()))));
        assertThat(followed).as("the standby did not follow the last batches").isLessThan(active.position());
        long now = driver.f.now();

        RedisJournal successor = new RedisJournal(vertx, redis.url(), false);
        List<DomainEvent> tail = await(successor.openAfter(followed));
        assertThat(tail).hasSize((int) (active.position() - followed));
        warm.replay(tail);
        Engine.Recovery takeover = Engine.resume(warm, now);
        RedisJournal cold = new RedisJournal(vertx, redis.url(), false);
        Engine.Recovery restart = Engine.restore(driver.f.config, driver.f.sla, await(cold.open()), now);

        assertThat(ReplayHarness.snapshot(ReplayHarness.liveState(takeover.engine())))
                .isEqualTo(ReplayHarness.snapshot(ReplayHarness.liveState(restart.engine())));
        assertThat(takeover.startup().events()).as("the same restart decisions")
                .isEqualTo(restart.startup().events());
        assertThat(takeover.engine().nextTimerDue()).isEqualTo(restart.engine().nextTimerDue());
        for (long later : new long[] {1_000, 60_000, 3_600_000, 86_400_000}) {
            assertThat(takeover.engine().handle(new Command.Tick(), now + later).events())
                    .as("timers fired %d ms after the takeover", later)
                    .isEqualTo(restart.engine().handle(new Command.Tick(), now + later).events());
        }
        List.of(active, standby, successor, cold).forEach(j -> await(j.close()));
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

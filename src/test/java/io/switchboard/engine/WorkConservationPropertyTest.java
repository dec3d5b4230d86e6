package io.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.store.Compaction;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Work conservation over random command sequences, unrestricted: every command, every overflow step
 * kind, transfers of offered tickets, with and without SLA policies (so SLA escalations revoke,
 * release and move tickets too). After every step: state consistent, and no ticket waits while an
 * agent that may take it is available with free capacity. The journal replays to the same state.
 *
 * <p>The default run is modest; {@code -Pexhaustive} sets {@code switchboard.property.seeds} and
 * {@code switchboard.property.steps} for many seeds and longer runs.
 */
class WorkConservationPropertyTest {
    private static final int SEEDS = Integer.getInteger("switchboard.property.seeds", 16);
    private static final int STEPS = Integer.getInteger("switchboard.property.steps", 500);

    static Stream<Arguments> runs() {
        return LongStream.rangeClosed(1, SEEDS).boxed()
                .flatMap(seed -> Stream.of(Arguments.of(seed, false), Arguments.of(seed * 7919, true)));
    }

    @ParameterizedTest(name = "seed {0}, SLA {1}")
    @MethodSource("runs")
    void routing_randomCommandSequence_noEligibleAgentIdleWhileTicketWaits(long seed, boolean sla) {
        RandomDriver driver = sla ? new RandomDriver(seed, SlaFixtures.shortTimers()) : new RandomDriver(seed);
        driver.start();

        for (int step = 1; step <= STEPS; step++) {
            driver.step();
            String context = "seed " + seed + (sla ? " with SLA" : "") + " step " + step;
            ReplayHarness.assertConsistent(driver.live(), context);
            ReplayHarness.assertNoIdleEligibleAgent(driver.live(), context);
        }

        ReplayHarness.assertReplayMatches(driver.f, "seed " + seed + " end");
    }

    /** The widened driver really reaches the triggers once left out; a property that never meets them proves nothing. */
    @ParameterizedTest(name = "SLA {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void driver_modestRun_reachesRevokedOffersByTransferAndMoveToQueue(boolean sla) {
        int transferRevokes = 0;
        int moves = 0;
        int movesOfOffered = 0;
        for (long seed = 1; seed <= 8; seed++) {
            RandomDriver driver = sla ? new RandomDriver(seed, SlaFixtures.shortTimers()) : new RandomDriver(seed);
            driver.start();
            for (int step = 1; step <= STEPS; step++) {
                driver.step();
            }
            var journal = driver.f.journal;
            for (int i = 0; i < journal.size(); i++) {
                if (journal.get(i) instanceof io.switchboard.core.event.DomainEvent.OfferWithdrawn w
                        && "transferred".equals(w.reason())) {
                    transferRevokes++;
                }
                if (journal.get(i) instanceof io.switchboard.core.event.DomainEvent.TicketOverflowed o
                        && o.applied() instanceof io.switchboard.core.routing.OverflowStep.MoveToQueue) {
                    moves++;
                    if (i + 1 < journal.size()
                            && journal.get(i + 1) instanceof io.switchboard.core.event.DomainEvent.OfferWithdrawn) {
                        movesOfOffered++;
                    }
                }
            }
        }
        assertThat(transferRevokes).as("transfers of offered tickets").isPositive();
        assertThat(moves).as("MoveToQueue overflow steps").isPositive();
        assertThat(movesOfOffered).as("MoveToQueue steps of offered tickets").isPositive();
    }

    /**
     * A restarted engine decides what the live one would have: the journal, compacted as a
     * snapshot, replays into an engine whose next ticks fire the same events as the live engine's.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("slaSeeds")
    void replayedEngine_timeMovesOn_firesTheSameTimersAsTheLiveEngine(long seed) {
        assertReplayedTimersMatch(seed, STEPS);
    }

    /**
     * Seeds the exhaustive run failed on, kept in the default run: an idle timer re-armed by the
     * live engine (not journaled) fired, after a restart, at its old place in a late tick.
     */
    @ParameterizedTest(name = "seed {0}")
    @org.junit.jupiter.params.provider.ValueSource(longs = {6_283_740, 14_347_873, 28_486_288, 29_009_933})
    void replayedEngine_idleTimerReArmedBeforeRestart_firesInTheLiveOrder(long seed) {
        assertReplayedTimersMatch(seed, 1500);
    }

    /**
     * Seeds a longer run ({@code -Dswitchboard.property.seeds=64 -Dswitchboard.property.steps=1000})
     * failed on after issue 13's exclusion rule: a ticket whose excluded free agent was passed
     * over for other work in the same command (a disconnect revoking two offers) waited while that
     * agent still had capacity. Fixed by settling such yields at the end of the command.
     */
    @ParameterizedTest(name = "seed {0}, SLA {1}")
    @org.junit.jupiter.params.provider.CsvSource({"21, false", "39, false", "45, false", "182137, true"})
    void routing_longerRunSeeds_noEligibleAgentIdleWhileTicketWaits(long seed, boolean sla) {
        RandomDriver driver = sla ? new RandomDriver(seed, SlaFixtures.shortTimers()) : new RandomDriver(seed);
        driver.start();
        for (int step = 1; step <= 1000; step++) {
            driver.step();
            ReplayHarness.assertNoIdleEligibleAgent(driver.live(), "seed " + seed + " step " + step);
        }
    }

    /**
     * The longer run's replay seed: the live engine consumed a ticket_unroutable check while the
     * ticket was on offer; the offer was withdrawn when nobody could take it any more, and only the
     * replayed engine (which re-arms each subject's latest timer) alerted. A ticket back in line
     * after an offer now arms its own check, so both engines alert alike.
     */
    @org.junit.jupiter.api.Test
    void replayedEngine_unroutableTimerConsumedLive_firesTheSameAsTheLiveEngine() {
        assertReplayedTimersMatch(1_570_935, 1000);
    }

    private static void assertReplayedTimersMatch(long seed, int steps) {
        RandomDriver driver = new RandomDriver(seed, SlaFixtures.shortTimers());
        driver.start();
        for (int step = 0; step < steps; step++) {
            driver.step();
        }
        List<DomainEvent> snapshot = Compaction.compact(driver.f.journal);
        Engine replayed = Engine.fromHistory(driver.f.config, driver.f.sla, snapshot);
        long now = driver.f.now();
        for (long later : new long[] {1_000, 10_000, 60_000, 600_000, 3_600_000, 86_400_000}) {
            List<DomainEvent> live = driver.f.engine.handle(new Command.Tick(), now + later).events();
            assertThat(replayed.handle(new Command.Tick(), now + later).events()).as("seed %d, +%d ms", seed, later)
                    .isEqualTo(live);
        }
    }

    static LongStream slaSeeds() {
        return LongStream.rangeClosed(1, SEEDS).map(seed -> seed * 104_729);
    }
}

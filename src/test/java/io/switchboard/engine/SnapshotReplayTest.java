package io.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.agent.Agent;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.ticket.Ticket;
import io.switchboard.core.ticket.TicketStatus;
import io.switchboard.store.Compaction;
import io.switchboard.store.EventCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Recovery as the server does it: events go through the journal's binary codec, a snapshot
 * compacts a prefix, and snapshot + tail must rebuild exactly the live state; a restore then
 * re-queues open offers and starts every connected agent's grace period.
 */
class SnapshotReplayTest {
    private static final EventCodec CODEC = EventCodec.instance();

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 5, 8, 13})
    void snapshotPlusTail_randomCommandsAndCuts_equalsLiveState(long seed) {
        RandomDriver driver = new RandomDriver(seed);
        assertSnapshotsReplay(driver, new Random(seed), "seed " + seed);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3, 9, 27})
    void snapshotPlusTail_randomCommandsWithSla_equalsLiveState(long seed) {
        RandomDriver driver = new RandomDriver(seed, SlaFixtures.shortTimers());
        assertSnapshotsReplay(driver, new Random(seed), "sla seed " + seed);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {4, 7, 11})
    void restore_afterRandomCommands_requeuesOffersAndKeepsAssignments(long seed) {
        RandomDriver driver = new RandomDriver(seed);
        driver.start();
        for (int step = 0; step < 250; step++) {
            driver.step();
        }
        EngineState live = driver.live();
        Map<String, TicketStatus> statusBefore = new TreeMap<>();
        Map<String, String> assigneeBefore = new TreeMap<>();
        for (Ticket t : live.tickets.all()) {
            statusBefore.put(t.id(), t.status());
            assigneeBefore.put(t.id(), t.assignee());
        }
        long now = driver.f.now();

        Engine.Recovery recovery = Engine.restore(driver.f.config, driver.f.sla, roundTrip(driver.f.journal), now);
        EngineState restored = ReplayHarness.liveState(recovery.engine());

        ReplayHarness.assertConsistent(restored, "restored seed " + seed);
        assertThat(restored.offers).as("no offer survives a restart").isEmpty();
        for (Agent agent : restored.agents.values()) {
            assertThat(agent.sessionId()).as("agent %s has no session after a restart", agent.id()).isNull();
        }
        int requeued = 0;
        for (Ticket t : restored.tickets.all()) {
            TicketStatus before = statusBefore.get(t.id());
            if (before == TicketStatus.OFFERED) {
                assertThat(t.status()).as("offered ticket %s", t.id()).isEqualTo(TicketStatus.QUEUED);
                assertThat(t.assignee()).isNull();
                requeued++;
            } else {
                assertThat(t.status()).as("ticket %s keeps its status", t.id()).isEqualTo(before);
                assertThat(t.assignee()).as("ticket %s keeps its assignee", t.id()).isEqualTo(assigneeBefore.get(t.id()));
            }
        }
        long offered = statusBefore.values().stream().filter(s -> s == TicketStatus.OFFERED).count();
        assertThat(requeued).isEqualTo((int) offered);
        assertThat(recovery.startup().events()).as("the restart's own decisions are events to journal")
                .allMatch(e -> e.at() == now);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3, 9, 27, 81, 243, 5, 17, 100})
    void replayedEngine_timeMovesOn_firesTheSameTimersAsTheLiveEngine(long seed) {
        RandomDriver driver = new RandomDriver(seed, SlaFixtures.shortTimers());
        driver.start();
        for (int step = 0; step < 300; step++) {
            driver.step();
        }
        List<DomainEvent> snapshot = Compaction.compact(roundTrip(driver.f.journal));
        Engine replayed = Engine.fromHistory(driver.f.config, driver.f.sla, snapshot);
        int fired = 0;
        long now = driver.f.now();
        for (long later : new long[] {1_000, 10_000, 60_000, 600_000, 3_600_000, 86_400_000, 4 * 86_400_000L}) {
            List<DomainEvent> live = driver.f.engine.handle(new Command.Tick(), now + later).events();
            List<DomainEvent> again = replayed.handle(new Command.Tick(), now + later).events();
            assertThat(again).as("seed %d, +%d ms", seed, later).isEqualTo(live);
            fired += live.size();
        }
        assertThat(fired).as("seed %d: some timers fired", seed).isPositive();
    }

    private static void assertSnapshotsReplay(RandomDriver driver, Random random, String context) {
        driver.start();
        for (int step = 1; step <= 300; step++) {
            driver.step();
            if (step % 60 == 0) {
                List<DomainEvent> journal = roundTrip(driver.f.journal);
                int cut = random.nextInt(journal.size() + 1);
                List<DomainEvent> recovered = new ArrayList<>(Compaction.compact(journal.subList(0, cut)));
                recovered.addAll(journal.subList(cut, journal.size()));
                ReplayHarness.assertReplayMatches(driver.f, recovered, context + " step " + step + " cut " + cut);
                // incremental snapshots: each window compacted on its own, then the tail
                int second = cut + random.nextInt(journal.size() - cut + 1);
                List<DomainEvent> windows = new ArrayList<>(Compaction.compact(journal.subList(0, cut)));
                windows.addAll(Compaction.compact(journal.subList(cut, second)));
                windows.addAll(journal.subList(second, journal.size()));
                ReplayHarness.assertReplayMatches(driver.f, windows,
                        context + " step " + step + " windows " + cut + "/" + second);
                assertThat(windows.size()).isLessThanOrEqualTo(journal.size());
            }
        }
        assertThat(Compaction.compact(driver.f.journal)).as(context + ": agent churn is compacted away")
                .hasSizeLessThan(driver.f.journal.size());
    }

    /** Every event through the journal's binary form, as recovery reads it. */
    private static List<DomainEvent> roundTrip(List<DomainEvent> events) {
        List<DomainEvent> decoded = new ArrayList<>(events.size());
        for (DomainEvent event : events) {
            DomainEvent copy = CODEC.decode(CODEC.encode(event));
            assertThat(copy).isEqualTo(event);
            decoded.add(copy);
        }
        return decoded;
    }
}

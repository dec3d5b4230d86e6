package io.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.routing.QueueDefinition;
import io.switchboard.core.routing.RoutingConfig;
import io.switchboard.core.routing.RoutingRule;
import io.switchboard.core.sla.SlaConfig;
import io.switchboard.core.sla.SlaPolicy;
import io.switchboard.core.sla.SlaTargets;
import io.switchboard.core.ticket.Ticket;
import io.switchboard.core.ticket.TicketStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replay against a changed configuration, on random journals: recorded SLA decisions make replay
 * independent of the SLA policies; a legacy journal (decisions not recorded) still replays to the
 * live state; and a restore without a queue, a team and the policies never fails.
 */
class ConfigChangeReplayTest {

    /** The SLA fixture with the vip policy removed and the standard policy's targets changed. */
    private static SlaConfig changedPolicies(SlaConfig a) {
        SlaPolicy standard = a.policy("standard").orElseThrow();
        SlaPolicy changed = new SlaPolicy("standard", standard.tiers(), standard.priorities(), standard.channels(),
                standard.types(), standard.queues(), new SlaTargets(5_000, 7_000, 9_000), standard.calendar(),
                standard.warnings(), standard.escalation());
        return new SlaConfig(List.of(changed), a.compensation(), a.followUpMillis(), a.idleEscalationMillis(),
                a.pendingReminderMillis(), a.autoCloseMillis(), a.handoffLimitMillis(), a.calendars());
    }

    /** The random driver's routing without the "tech" queue (and its rule) and without team "gamma". */
    private static RoutingConfig withoutTechAndGamma(RoutingConfig a) {
        Map<String, QueueDefinition> queues = new LinkedHashMap<>(a.queues());
        queues.remove("tech");
        List<RoutingRule> rules = a.rules().stream().filter(r -> !r.queue().equals("tech")).toList();
        return new RoutingConfig(a.skills(), Set.of("alpha", "beta"), queues, rules, a.defaultQueue(),
                a.offerTimeoutMillis(), a.offerTimeoutSetsAway(), a.disconnectGraceMillis(),
                a.preferredAgentWindowMillis(), a.tierHeadStartMillis(), a.priorityHeadStartMillis(), a.agents());
    }

    private static RandomDriver driven(long seed) {
        RandomDriver driver = new RandomDriver(seed, SlaFixtures.shortTimers());
        driver.start();
        for (int step = 0; step < 300; step++) {
            driver.step();
        }
        return driver;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3, 9, 27, 81})
    void replay_slaPoliciesRemovedOrChanged_sameStateAsLive(long seed) {
        RandomDriver driver = driven(seed);
        EngineFixture f = driver.f;

        Engine replayed = Engine.fromHistory(f.config, changedPolicies(f.sla), f.journal);

        assertThat(ReplayHarness.snapshot(ReplayHarness.liveState(replayed)))
                .isEqualTo(ReplayHarness.snapshot(driver.live()));
        assertThat(ReplayHarness.eventTypes(f.journal)).contains("SlaPolicyApplied");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3, 9, 27, 81})
    void replay_legacyJournalSameConfig_sameStateAsLiveApartFromTimelineLength(long seed) {
        RandomDriver driver = driven(seed);
        EngineFixture f = driver.f;

        EngineState legacy = ReplayHarness.replay(f, LegacyJournals.strip(f.journal));

        assertThat(withoutTimelineLength(ReplayHarness.snapshot(legacy)))
                .isEqualTo(withoutTimelineLength(ReplayHarness.snapshot(driver.live())));
        for (Ticket ticket : legacy.tickets.all()) {
            assertThat(ticket.sla().decision()).as("legacy ticket %s", ticket.id()).isNull();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {4, 7, 11, 3})
    void restore_queueTeamAndPoliciesRemoved_startsAndNothingWaitsInARemovedQueue(long seed) {
        RandomDriver driver = driven(seed);
        EngineFixture f = driver.f;
        RoutingConfig b = withoutTechAndGamma(f.config);

        Engine.Recovery recovery = Engine.restore(b, changedPolicies(f.sla), f.journal, f.now());

        EngineState restored = ReplayHarness.liveState(recovery.engine());
        ReplayHarness.assertConsistent(restored, "restored seed " + seed);
        for (Ticket ticket : restored.tickets.all()) {
            if (ticket.status().isRouting()) {
                assertThat(ticket.queue()).as("waiting ticket %s", ticket.id()).isNotEqualTo("tech");
            }
            Ticket before = driver.live().tickets.get(ticket.id());
            if (before.status() != TicketStatus.OFFERED) {
                assertThat(ticket.status()).as("ticket %s keeps its status", ticket.id()).isEqualTo(before.status());
            }
        }
        // time moves on under config B without failing, and a second restart replays the first one's decisions
        long now = f.now();
        for (long later : new long[] {1_000, 60_000, 600_000, 86_400_000}) {
            recovery.engine().handle(new Command.Tick(), now + later);
        }
        ReplayHarness.assertConsistent(restored, "after ticks, seed " + seed);
        List<DomainEvent> journal = new java.util.ArrayList<>(f.journal);
        journal.addAll(recovery.startup().events());
        Engine.Recovery again = Engine.restore(b, changedPolicies(f.sla), journal, now);
        ReplayHarness.assertConsistent(ReplayHarness.liveState(again.engine()), "restored twice, seed " + seed);
    }

    private static String withoutTimelineLength(String snapshot) {
        return snapshot.replaceAll(" timeline=\\d+", "");
    }
}

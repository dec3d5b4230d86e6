package io.switchboard.core.sla;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.sla.SlaReplay.Kind;
import io.switchboard.core.sla.SlaReplay.Step;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A past ticket replayed under a proposed SLA configuration, with fixed instants. */
class SlaReplayTest {
    /** Monday 2026-11-02 08:00 UTC. */
    private static final long T0 = Instant.parse("2026-11-02T08:00:00Z").toEpochMilli();
    private static final long S = 1_000;
    private static final long M = 60 * S;
    private static final BusinessCalendar ALWAYS = BusinessCalendar.alwaysOpen("24x7", ZoneOffset.UTC);

    /** Open 09:00-17:00 UTC on weekdays. */
    private static BusinessCalendar office() {
        Map<DayOfWeek, List<OpeningPeriod>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY)) {
            week.put(day, List.of(new OpeningPeriod(LocalTime.of(9, 0), LocalTime.of(17, 0))));
        }
        return new BusinessCalendar("office", ZoneOffset.UTC, week, Set.of());
    }

    private static SlaPolicy policy(String name, Set<Priority> priorities, long firstResponse, long resolution,
            BusinessCalendar calendar) {
        return new SlaPolicy(name, Set.of(), priorities, Set.of(), Set.of(), Set.of(),
                new SlaTargets(firstResponse, 0, resolution), calendar, List.of(), List.of());
    }

    private static SlaConfig config(SlaPolicy... policies) {
        return new SlaConfig(List.of(policies), List.of(), 0, 0, 0, 0, Map.of());
    }

    private static SlaReplay.Ticket ticket(Priority priority, Step... steps) {
        return new SlaReplay.Ticket(T0, CustomerTier.STANDARD, priority, Channel.CHAT, null, "general", List.of(steps));
    }

    @Test
    void replay_pendingOnTheCustomer_pausesBothClocks_replyStopsFirstResponse() {
        SlaConfig proposal = config(policy("all", Set.of(), 10 * M, 30 * M, ALWAYS));

        SlaReplay.Outcome out = SlaReplay.replay(proposal, ticket(Priority.NORMAL,
                Step.of(T0 + 2 * M, Kind.PENDING_CUSTOMER),
                Step.of(T0 + 12 * M, Kind.MOVED), // the customer wrote: 10 min not counted
                Step.of(T0 + 15 * M, Kind.REPLIED),
                Step.of(T0 + 40 * M, Kind.RESOLVED),
                Step.of(T0 + 41 * M, Kind.CLOSED)));

        assertThat(out.policy()).isEqualTo("all");
        assertThat(out.clock(SlaMetric.FIRST_RESPONSE)).isEqualTo(new SlaReplay.Clock(10 * M, 5 * M));
        assertThat(out.clock(SlaMetric.FIRST_RESPONSE).missed()).isFalse();
        assertThat(out.clock(SlaMetric.RESOLUTION)).isEqualTo(new SlaReplay.Clock(30 * M, 30 * M));
        assertThat(out.clock(SlaMetric.RESOLUTION).missed()).as("the deadline reached is missed").isTrue();
        assertThat(out.clock(SlaMetric.RESOLUTION).marginMillis()).isZero();
        assertThat(out.clock(SlaMetric.NEXT_RESPONSE)).isNull();
    }

    @Test
    void replay_officeCalendar_countsOnlyOpenHours_reopenRunsResolutionAgain() {
        SlaConfig proposal = config(policy("office", Set.of(), 30 * M, 2 * 60 * M, office()));

        // created 08:00 (closed until 09:00), replied 09:20, resolved 10:00, reopened 10:30, resolved 11:00
        SlaReplay.Outcome out = SlaReplay.replay(proposal, ticket(Priority.NORMAL,
                Step.of(T0 + 80 * M, Kind.REPLIED),
                Step.of(T0 + 120 * M, Kind.RESOLVED),
                Step.of(T0 + 150 * M, Kind.REOPENED),
                Step.of(T0 + 151 * M, Kind.MOVED),
                Step.of(T0 + 180 * M, Kind.RESOLVED)));

        assertThat(out.clock(SlaMetric.FIRST_RESPONSE).elapsedMillis()).isEqualTo(20 * M);
        assertThat(out.clock(SlaMetric.RESOLUTION).elapsedMillis()).isEqualTo(60 * M + 30 * M);
        assertThat(out.clock(SlaMetric.RESOLUTION).marginMillis()).isEqualTo(30 * M);
    }

    @Test
    void replay_priorityRaised_policyChosenAgainKeepingTimeSpent() {
        SlaConfig proposal = config(policy("urgent", Set.of(Priority.URGENT), 5 * M, 20 * M, ALWAYS),
                policy("normal", Set.of(), 60 * M, 240 * M, ALWAYS));

        SlaReplay.Outcome out = SlaReplay.replay(proposal, ticket(Priority.NORMAL,
                Step.of(T0 + 4 * M, Kind.PENDING_CUSTOMER),
                new Step(T0 + 6 * M, Kind.REPRIORITIZED, Priority.URGENT, CustomerTier.STANDARD, null),
                Step.of(T0 + 7 * M, Kind.MOVED), // still paused through the re-prioritization until now
                Step.of(T0 + 9 * M, Kind.REPLIED),
                Step.of(T0 + 19 * M, Kind.RESOLVED)));

        assertThat(out.policy()).isEqualTo("urgent");
        assertThat(out.clock(SlaMetric.FIRST_RESPONSE)).isEqualTo(new SlaReplay.Clock(5 * M, 6 * M));
        assertThat(out.clock(SlaMetric.FIRST_RESPONSE).missed()).isTrue();
        assertThat(out.clock(SlaMetric.RESOLUTION)).isEqualTo(new SlaReplay.Clock(20 * M, 16 * M));
    }

    @Test
    void replay_queueChangeToAPolicyWithNewClock_firstResponseAfterReplyNotAdded() {
        SlaPolicy resolutionOnly = new SlaPolicy("general-resolution", Set.of(), Set.of(), Set.of(), Set.of(),
                Set.of("general"), new SlaTargets(0, 0, 60 * M), ALWAYS, List.of(), List.of());
        SlaPolicy vipQueue = new SlaPolicy("vip-queue", Set.of(), Set.of(), Set.of(), Set.of(), Set.of("vip"),
                new SlaTargets(2 * M, 0, 30 * M), ALWAYS, List.of(), List.of());

        SlaReplay.Outcome out = SlaReplay.replay(config(resolutionOnly, vipQueue), ticket(Priority.NORMAL,
                Step.of(T0 + M, Kind.REPLIED),
                new Step(T0 + 3 * M, Kind.QUEUED, null, null, "vip"),
                Step.of(T0 + 10 * M, Kind.RESOLVED)));

        assertThat(out.policy()).isEqualTo("vip-queue");
        assertThat(out.clock(SlaMetric.FIRST_RESPONSE)).as("its stopping reply already happened").isNull();
        assertThat(out.clock(SlaMetric.RESOLUTION)).isEqualTo(new SlaReplay.Clock(30 * M, 10 * M));
    }

    @Test
    void replay_noPolicyMatches_noClocks() {
        SlaConfig proposal = config(policy("urgent-only", Set.of(Priority.URGENT), 5 * M, 20 * M, ALWAYS));

        SlaReplay.Outcome out = SlaReplay.replay(proposal, ticket(Priority.LOW, Step.of(T0 + M, Kind.RESOLVED)));

        assertThat(out.policy()).isNull();
        assertThat(out.clocks()).isEmpty();
    }
}

package io.switchboard.core.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A ticket's SLA bookkeeping: each timer's marker is kept as set, compensation levels once each, pause from the clocks. */
class TicketSlaTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final BusinessCalendar ALWAYS = BusinessCalendar.alwaysOpen("24x7", ZoneOffset.UTC);

    @Test
    void newTicketSla_noPolicyNoDecisionNothingArmed() {
        TicketSla sla = new TicketSla();

        assertThat(sla.policy()).isNull();
        assertThat(sla.decision()).isNull();
        assertThat(sla.clocks()).isEmpty();
        assertThat(sla.isPaused()).isFalse();
        assertThat(sla.handoffTeam()).isNull();
        assertThat(sla.handoffDeadline()).isZero();
        assertThat(sla.wakeAt()).isZero();
        assertThat(sla.followUpDueAt()).as("no follow-up open").isZero();
        assertThat(sla.followUpOverdueFor()).isZero();
        assertThat(sla.unroutableAlertedFor()).isZero();
    }

    @Test
    void policyAndDecision_setValues_areReadBack() {
        TicketSla sla = new TicketSla();
        SlaPolicy policy = new SlaPolicy("vip", Set.of(), Set.of(), Set.of(), Set.of(), Set.of(),
                new SlaTargets(60_000, 0, 0), ALWAYS, List.of(), List.of());
        SlaDecision decision = new SlaDecision("vip", "24x7", Map.of(SlaMetric.FIRST_RESPONSE, 60_000L), Map.of());

        sla.policy(policy);
        sla.decision(decision);

        assertThat(sla.policy()).isSameAs(policy);
        assertThat(sla.decision()).isSameAs(decision);
    }

    @Test
    void timers_eachMarkerSet_isReadBackUnchanged() {
        TicketSla sla = new TicketSla();

        sla.handoff("tech", T0 + 1);
        sla.pendingSince(T0 + 2);
        sla.lastActivityAt(T0 + 3);
        sla.resolvedAt(T0 + 4);
        sla.idleTimerAt(T0 + 5);
        sla.idleEscalatedFor(T0 + 6);
        sla.handoffAlertedFor(T0 + 7);
        sla.remindedFor(T0 + 8);
        sla.wakeAt(T0 + 9);
        sla.followUpDueAt(T0 + 10);
        sla.followUpOverdueFor(T0 + 11);
        sla.unroutableAlertedFor(T0 + 12);

        assertThat(sla.handoffTeam()).isEqualTo("tech");
        assertThat(sla.handoffDeadline()).isEqualTo(T0 + 1);
        assertThat(sla.pendingSince()).isEqualTo(T0 + 2);
        assertThat(sla.lastActivityAt()).isEqualTo(T0 + 3);
        assertThat(sla.resolvedAt()).isEqualTo(T0 + 4);
        assertThat(sla.idleTimerAt()).isEqualTo(T0 + 5);
        assertThat(sla.idleEscalatedFor()).isEqualTo(T0 + 6);
        assertThat(sla.handoffAlertedFor()).isEqualTo(T0 + 7);
        assertThat(sla.remindedFor()).isEqualTo(T0 + 8);
        assertThat(sla.wakeAt()).isEqualTo(T0 + 9);
        assertThat(sla.followUpDueAt()).isEqualTo(T0 + 10);
        assertThat(sla.followUpOverdueFor()).isEqualTo(T0 + 11);
        assertThat(sla.unroutableAlertedFor()).isEqualTo(T0 + 12);
    }

    @Test
    void compensationIssued_markedLevel_onlyThatLevelIssued() {
        TicketSla sla = new TicketSla();

        sla.markCompensationIssued(1);

        assertThat(sla.compensationIssued(0)).isFalse();
        assertThat(sla.compensationIssued(1)).isTrue();
        assertThat(sla.compensationIssued(2)).isFalse();
    }

    @Test
    void isPaused_anyClockPaused_trueUntilItResumes() {
        TicketSla sla = new TicketSla();
        SlaClock first = new SlaClock(SlaMetric.FIRST_RESPONSE, 60_000, ALWAYS);
        SlaClock resolution = new SlaClock(SlaMetric.RESOLUTION, 600_000, ALWAYS);
        sla.putClock(first);
        sla.putClock(resolution);
        first.start(T0);
        resolution.start(T0);

        assertThat(sla.isPaused()).isFalse();
        resolution.pause(T0 + 1_000);
        assertThat(sla.isPaused()).isTrue();
        assertThat(sla.clock(SlaMetric.RESOLUTION)).isSameAs(resolution);
        resolution.resume(T0 + 2_000);
        assertThat(sla.isPaused()).isFalse();
    }

    @Test
    void clocks_put_readBackInMetricOrderAndRemovable() {
        TicketSla sla = new TicketSla();
        SlaClock resolution = new SlaClock(SlaMetric.RESOLUTION, 600_000, ALWAYS);
        SlaClock first = new SlaClock(SlaMetric.FIRST_RESPONSE, 60_000, ALWAYS);
        sla.putClock(resolution);
        sla.putClock(first);

        assertThat(sla.clocks()).containsExactly(Map.entry(SlaMetric.FIRST_RESPONSE, first),
                Map.entry(SlaMetric.RESOLUTION, resolution));
        List<SlaClock> visited = new java.util.ArrayList<>();
        sla.forEachClock(visited::add);
        assertThat(visited).containsExactly(first, resolution);
        assertThat(sla.clock(SlaMetric.NEXT_RESPONSE)).isNull();

        assertThat(sla.removeClock(SlaMetric.FIRST_RESPONSE)).isSameAs(first);
        assertThat(sla.removeClock(SlaMetric.RESOLUTION)).isSameAs(resolution);
        assertThat(sla.clocks()).isEmpty();
        assertThat(sla.removeClock(SlaMetric.RESOLUTION)).isNull();
    }

    @Test
    void clocks_copy_isReadOnlyAndLeavesTheTicketAlone() {
        TicketSla sla = new TicketSla();
        SlaClock first = new SlaClock(SlaMetric.FIRST_RESPONSE, 60_000, ALWAYS);
        sla.putClock(first);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sla.clocks().remove(SlaMetric.FIRST_RESPONSE))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(sla.clock(SlaMetric.FIRST_RESPONSE)).isSameAs(first);
    }

    @Test
    void compensationIssued_noneIssued_falseForEveryLevelAndNegativeLevelsRefused() {
        TicketSla sla = new TicketSla();

        assertThat(sla.compensationIssued(0)).isFalse();
        assertThat(sla.compensationIssued(200)).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sla.compensationIssued(-1))
                .isInstanceOf(IndexOutOfBoundsException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sla.markCompensationIssued(-1))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void rareMarkers_clearedOrNeverSet_readAsDefaultsAndAnOnlyTeamIsKept() {
        TicketSla sla = new TicketSla();
        sla.handoff(null, 0); // clearing what was never set
        sla.followUpDueAt(0);
        assertThat(sla.handoffTeam()).isNull();
        assertThat(sla.handoffDeadline()).isZero();
        assertThat(sla.followUpDueAt()).isZero();

        sla.followUpDueAt(T0 + 10);
        sla.followUpDueAt(0);
        sla.handoff("tech", 0);

        assertThat(sla.followUpDueAt()).isZero();
        assertThat(sla.handoffTeam()).isEqualTo("tech");
        assertThat(sla.handoffDeadline()).isZero();
        assertThat(sla.idleEscalatedFor()).isZero();
        assertThat(sla.handoffAlertedFor()).isZero();
        assertThat(sla.remindedFor()).isZero();
        assertThat(sla.followUpOverdueFor()).isZero();
        assertThat(sla.unroutableAlertedFor()).isZero();
        sla.handoff(null, 0);
        assertThat(sla.handoffTeam()).isNull();
    }
    @Test
    void rareMarkers_eachSetAloneOnAFreshTicket_isReadBack() {
        assertThat(fresh(s -> s.idleEscalatedFor(T0)).idleEscalatedFor()).isEqualTo(T0);
        assertThat(fresh(s -> s.handoffAlertedFor(T0)).handoffAlertedFor()).isEqualTo(T0);
        assertThat(fresh(s -> s.remindedFor(T0)).remindedFor()).isEqualTo(T0);
        assertThat(fresh(s -> s.followUpDueAt(T0)).followUpDueAt()).isEqualTo(T0);
        assertThat(fresh(s -> s.followUpOverdueFor(T0)).followUpOverdueFor()).isEqualTo(T0);
        assertThat(fresh(s -> s.unroutableAlertedFor(T0)).unroutableAlertedFor()).isEqualTo(T0);
        assertThat(fresh(s -> s.handoff("tech", 0)).handoffTeam()).as("a team without a deadline").isEqualTo("tech");
        assertThat(fresh(s -> s.handoff(null, T0)).handoffDeadline()).as("a deadline without a team").isEqualTo(T0);
    }

    private static TicketSla fresh(java.util.function.Consumer<TicketSla> set) {
        TicketSla sla = new TicketSla();
        set.accept(sla);
        return sla;
    }

    @Test
    void compensationIssued_levelZeroFirst_isIssued() {
        TicketSla sla = new TicketSla();

        sla.markCompensationIssued(0);

        assertThat(sla.compensationIssued(0)).isTrue();
        assertThat(sla.compensationIssued(1)).isFalse();
    }

    @Test
    void putClock_sameMetricAgain_returnsTheClockReplaced() {
        TicketSla sla = new TicketSla();
        SlaClock first = new SlaClock(SlaMetric.NEXT_RESPONSE, 60_000, ALWAYS);
        SlaClock second = new SlaClock(SlaMetric.NEXT_RESPONSE, 30_000, ALWAYS);

        assertThat(sla.putClock(first)).isNull();
        assertThat(sla.putClock(second)).isSameAs(first);
        assertThat(sla.clock(SlaMetric.NEXT_RESPONSE)).isSameAs(second);
    }

    @Test
    void clocks_allThreeMetrics_visitedInOrderAndPausedByAny() {
        TicketSla sla = new TicketSla();
        SlaClock first = new SlaClock(SlaMetric.FIRST_RESPONSE, 60_000, ALWAYS);
        SlaClock next = new SlaClock(SlaMetric.NEXT_RESPONSE, 30_000, ALWAYS);
        SlaClock resolution = new SlaClock(SlaMetric.RESOLUTION, 600_000, ALWAYS);
        sla.putClock(resolution);
        sla.putClock(next);
        sla.putClock(first);
        List<SlaClock> visited = new java.util.ArrayList<>();

        sla.forEachClock(visited::add);
        next.start(T0);
        next.pause(T0 + 1);

        assertThat(visited).containsExactly(first, next, resolution);
        assertThat(sla.isPaused()).as("the next-response clock alone paused").isTrue();
    }
}

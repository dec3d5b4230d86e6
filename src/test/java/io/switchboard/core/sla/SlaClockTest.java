package io.switchboard.core.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One SLA clock with fixed instants: start, pause, resume, stop, restart, re-target, breach. */
class SlaClockTest {
    private static final long T0 = 1_700_000_000_000L; // 2023-11-14T22:13:20Z, a Tuesday
    private static final BusinessCalendar ALWAYS = BusinessCalendar.alwaysOpen("24x7", ZoneOffset.UTC);

    /** Open 00:00-23:00 UTC every day: the hour from 23:00 counts nothing. */
    private static BusinessCalendar closedAt23() {
        Map<DayOfWeek, List<OpeningPeriod>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            week.put(day, List.of(new OpeningPeriod(LocalTime.MIDNIGHT, LocalTime.of(23, 0))));
        }
        return new BusinessCalendar("closed-at-23", ZoneOffset.UTC, week, Set.of());
    }

    @Test
    void newClock_beforeStart_notStartedNotRunningNoDeadline() {
        SlaClock clock = new SlaClock(SlaMetric.NEXT_RESPONSE, 60_000, ALWAYS);

        assertThat(clock.metric()).isEqualTo(SlaMetric.NEXT_RESPONSE);
        assertThat(clock.isStarted()).isFalse();
        assertThat(clock.isRunning()).isFalse();
        assertThat(clock.isPaused()).isFalse();
        assertThat(clock.dueAt()).isEqualTo(-1);
        assertThat(clock.instantAtElapsed(1_000)).isEqualTo(-1);
        assertThat(clock.elapsed(T0 + 5_000)).isZero();
    }

    @Test
    void start_running_deadlineIsTargetAfterStartAndElapsedCounts() {
        SlaClock clock = new SlaClock(SlaMetric.FIRST_RESPONSE, 60_000, ALWAYS);

        clock.start(T0);

        assertThat(clock.isStarted()).isTrue();
        assertThat(clock.isRunning()).isTrue();
        assertThat(clock.dueAt()).isEqualTo(T0 + 60_000);
        assertThat(clock.elapsed(T0 + 25_000)).isEqualTo(25_000);
        assertThat(clock.instantAtElapsed(30_000)).isEqualTo(T0 + 30_000);
    }

    @Test
    void pauseAndResume_pausedTimeDoesNotCountAndDeadlineMovesOn() {
        SlaClock clock = new SlaClock(SlaMetric.RESOLUTION, 60_000, ALWAYS);
        clock.start(T0);

        clock.pause(T0 + 10_000);
        assertThat(clock.isPaused()).isTrue();
        assertThat(clock.isRunning()).isFalse();
        assertThat(clock.dueAt()).as("no deadline while paused").isEqualTo(-1);
        assertThat(clock.elapsed(T0 + 50_000)).isEqualTo(10_000);
        clock.pause(T0 + 20_000); // already paused: nothing more counted
        assertThat(clock.elapsed(T0 + 50_000)).isEqualTo(10_000);

        clock.resume(T0 + 40_000);

        assertThat(clock.isPaused()).isFalse();
        assertThat(clock.elapsed(T0 + 45_000)).isEqualTo(15_000);
        assertThat(clock.dueAt()).isEqualTo(T0 + 40_000 + 50_000);
        clock.resume(T0 + 45_000); // not paused: ignored
        assertThat(clock.dueAt()).isEqualTo(T0 + 90_000);
    }

    @Test
    void stop_runningOrPaused_keepsTimeSpentAndRecordsWhen() {
        SlaClock running = new SlaClock(SlaMetric.FIRST_RESPONSE, 60_000, ALWAYS);
        running.start(T0);
        running.stop(T0 + 7_000);
        assertThat(running.stoppedAt()).isEqualTo(T0 + 7_000);
        assertThat(running.isRunning()).isFalse();
        assertThat(running.elapsed(T0 + 100_000)).isEqualTo(7_000);
        running.stop(T0 + 9_000); // already stopped
        assertThat(running.stoppedAt()).isEqualTo(T0 + 7_000);

        SlaClock paused = new SlaClock(SlaMetric.RESOLUTION, 60_000, ALWAYS);
        paused.start(T0);
        paused.pause(T0 + 3_000);
        paused.stop(T0 + 8_000);
        assertThat(paused.stoppedAt()).isEqualTo(T0 + 8_000);
        assertThat(paused.isPaused()).isFalse();
        assertThat(paused.elapsed(T0 + 100_000)).as("paused time still not counted").isEqualTo(3_000);

        SlaClock neverStarted = new SlaClock(SlaMetric.NEXT_RESPONSE, 60_000, ALWAYS);
        neverStarted.stop(T0);
        assertThat(neverStarted.stoppedAt()).isZero();
    }

    @Test
    void restartStopped_reopened_runsAgainKeepingTimeSpent() {
        SlaClock clock = new SlaClock(SlaMetric.RESOLUTION, 60_000, ALWAYS);
        clock.start(T0);
        clock.stop(T0 + 20_000);

        clock.restartStopped(T0 + 100_000);

        assertThat(clock.stoppedAt()).isZero();
        assertThat(clock.isRunning()).isTrue();
        assertThat(clock.elapsed(T0 + 110_000)).isEqualTo(30_000);
        assertThat(clock.dueAt()).isEqualTo(T0 + 100_000 + 40_000);
        SlaClock running = new SlaClock(SlaMetric.RESOLUTION, 60_000, ALWAYS);
        running.start(T0);
        running.restartStopped(T0 + 5_000); // not stopped: nothing changes
        assertThat(running.dueAt()).isEqualTo(T0 + 60_000);
    }

    @Test
    void retarget_whileRunning_keepsSpentTimeAgainstTheNewTargetAndCalendar() {
        SlaClock clock = new SlaClock(SlaMetric.FIRST_RESPONSE, 60_000, ALWAYS);
        clock.start(T0);

        clock.retarget(30_000, ALWAYS, T0 + 10_000);

        assertThat(clock.targetMillis()).isEqualTo(30_000);
        assertThat(clock.calendar()).isSameAs(ALWAYS);
        assertThat(clock.elapsed(T0 + 10_000)).isEqualTo(10_000);
        assertThat(clock.dueAt()).isEqualTo(T0 + 30_000);
        SlaClock paused = new SlaClock(SlaMetric.FIRST_RESPONSE, 60_000, ALWAYS);
        paused.start(T0);
        paused.pause(T0 + 5_000);
        paused.retarget(20_000, ALWAYS, T0 + 50_000);
        assertThat(paused.elapsed(T0 + 50_000)).as("paused: nothing added at re-target").isEqualTo(5_000);
        paused.resume(T0 + 60_000);
        assertThat(paused.dueAt()).isEqualTo(T0 + 60_000 + 15_000);
    }

    @Test
    void businessCalendar_closedHour_notCountedAndDeadlineSkipsIt() {
        BusinessCalendar calendar = closedAt23();
        long at2230 = java.time.Instant.parse("2023-11-14T22:30:00Z").toEpochMilli();
        SlaClock clock = new SlaClock(SlaMetric.FIRST_RESPONSE, 60 * 60_000, calendar);

        clock.start(at2230);

        long at2330 = java.time.Instant.parse("2023-11-14T23:30:00Z").toEpochMilli();
        assertThat(clock.elapsed(at2330)).as("only 22:30-23:00 counts").isEqualTo(30 * 60_000);
        assertThat(clock.dueAt()).as("30 min before closing, 30 min after opening")
                .isEqualTo(java.time.Instant.parse("2023-11-15T00:30:00Z").toEpochMilli());
    }

    @Test
    void breach_markedDeadline_staysTheDueTimeAfterPauseAndRetarget() {
        SlaClock clock = new SlaClock(SlaMetric.FIRST_RESPONSE, 60_000, ALWAYS);
        clock.start(T0);
        assertThat(clock.isBreached()).isFalse();

        clock.markBreached(T0 + 60_000);
        clock.pause(T0 + 70_000);
        clock.resume(T0 + 80_000);
        clock.retarget(120_000, ALWAYS, T0 + 90_000);

        assertThat(clock.isBreached()).isTrue();
        assertThat(clock.breachedAt()).isEqualTo(T0 + 60_000);
        assertThat(clock.dueAt()).isEqualTo(T0 + 60_000);
    }

    @Test
    void firedCounters_countAndStartOverWithANewCycle() {
        SlaClock clock = new SlaClock(SlaMetric.NEXT_RESPONSE, 60_000, ALWAYS);
        clock.start(T0);
        clock.markWarningFired();
        clock.markWarningFired();
        clock.markStepFired();
        clock.markBreached(T0 + 60_000);
        clock.stop(T0 + 70_000);
        assertThat(clock.warningsFired()).isEqualTo(2);
        assertThat(clock.stepsFired()).isEqualTo(1);

        clock.start(T0 + 100_000);

        assertThat(clock.warningsFired()).isZero();
        assertThat(clock.stepsFired()).isZero();
        assertThat(clock.isBreached()).isFalse();
        assertThat(clock.stoppedAt()).isZero();
        assertThat(clock.elapsed(T0 + 110_000)).isEqualTo(10_000);
    }
    @Test
    void start_atEpochZero_runsLikeAnyOtherInstant() {
        SlaClock clock = new SlaClock(SlaMetric.FIRST_RESPONSE, 60_000, ALWAYS);

        clock.start(0);

        assertThat(clock.isRunning()).isTrue();
        assertThat(clock.dueAt()).isEqualTo(60_000);
        assertThat(clock.elapsed(10_000)).isEqualTo(10_000);
    }
}

package io.switchboard.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RatePlanTest {
    private final RatePlan plan = RatePlan.builder()
            .phase("before", Duration.ofSeconds(10), 100, true)
            .phase("burst", Duration.ofSeconds(10), 1000, true)
            .phase("after", Duration.ofSeconds(30), 100, true)
            .build();

    @Test
    void phaseAt_offsets_mapToPhasesAndClamp() {
        assertEquals(0, plan.phaseAt(-5));
        assertEquals(0, plan.phaseAt(9_999_999_999L));
        assertEquals(1, plan.phaseAt(10_000_000_000L));
        assertEquals(2, plan.phaseAt(49_000_000_000L));
        assertEquals(2, plan.phaseAt(99_000_000_000L));
    }

    @Test
    void steady_warmup_isNotRecorded() {
        RatePlan steady = RatePlan.steady("steady", 50, Duration.ofSeconds(5), Duration.ofSeconds(30));
        assertFalse(steady.phase(0).recorded());
        assertEquals(35_000_000_000L, steady.totalNanos());
    }

    @Test
    void inRecordedPhase_warmupAndAfterTheEnd_areOutside() {
        RatePlan steady = RatePlan.steady("steady", 50, Duration.ofSeconds(5), Duration.ofSeconds(30));
        assertFalse(steady.inRecordedPhase(-1));
        assertFalse(steady.inRecordedPhase(4_999_999_999L));
        assertTrue(steady.inRecordedPhase(5_000_000_000L));
        assertTrue(steady.inRecordedPhase(34_999_999_999L));
        assertFalse(steady.inRecordedPhase(35_000_000_000L));
    }

    @Test
    void rampedUp_warmup_climbsInFourUnrecordedStepsThenTheRecordedRate() {
        RatePlan plan = RatePlan.rampedUp("webhooks", 2000, Duration.ofSeconds(15), Duration.ofSeconds(20));
        assertEquals(5, plan.phases().size());
        double[] rates = {500, 1000, 1500, 2000};
        for (int i = 0; i < 4; i++) {
            assertFalse(plan.phase(i).recorded());
            assertEquals(rates[i], plan.phase(i).ratePerSecond(), 1e-9);
        }
        assertTrue(plan.phase(4).recorded());
        assertEquals(2000, plan.phase(4).ratePerSecond(), 1e-9);
        assertEquals(35_000_000_000L, plan.totalNanos(), "the steps add up to the warm-up exactly");
        assertFalse(plan.inRecordedPhase(14_999_999_999L));
        assertTrue(plan.inRecordedPhase(15_000_000_000L));
    }

    @Test
    void rampedUp_noWarmup_isOneRecordedPhase() {
        RatePlan plan = RatePlan.rampedUp("webhooks", 2000, Duration.ZERO, Duration.ofSeconds(20));
        assertEquals(1, plan.phases().size());
        assertTrue(plan.phase(0).recorded());
    }
}

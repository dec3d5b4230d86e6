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
}

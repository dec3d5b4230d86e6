package io.switchboard.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CorrelatorTest {
    private final RatePlan plan = RatePlan.steady("run", 10, Duration.ZERO, Duration.ofSeconds(60));
    private final Metrics metrics = new Metrics(plan, 0);
    private final Correlator correlator = new Correlator(metrics);

    @Test
    void answerFirst_thenPush_recordsOfferLatency() {
        correlator.created("tkt_1", true);
        assertEquals(1, correlator.awaitingPush());
        correlator.firstPush("tkt_1", 1_000_000, 3_000_000);
        assertEquals(0, correlator.awaitingPush());
        assertEquals(1, metrics.recorded(Metrics.Kind.OFFER).getTotalCount());
        assertEquals(2000, metrics.recorded(Metrics.Kind.OFFER).getMaxValue(), 2);
    }

    @Test
    void pushFirst_thenAnswer_recordsTheSame() {
        correlator.firstPush("tkt_2", 1_000_000, 3_000_000);
        assertEquals(0, correlator.awaitingPush());
        correlator.created("tkt_2", true);
        assertEquals(1, metrics.recorded(Metrics.Kind.OFFER).getTotalCount());
    }

    @Test
    void queuedTicket_goesToQueueWait() {
        correlator.created("tkt_3", false);
        correlator.firstPush("tkt_3", 0, 5_000_000_000L);
        assertEquals(0, metrics.recorded(Metrics.Kind.OFFER).getTotalCount());
        assertEquals(1, metrics.recorded(Metrics.Kind.QUEUE_WAIT).getTotalCount());
    }
}

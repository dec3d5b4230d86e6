package io.switchboard.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.concurrent.TimeUnit;

/**
 * Event-loop lag: a timer due {@link #PERIOD_MILLIS} after the previous one fired, on this verticle's event loop records
 * how late it fired. A loop kept busy by a long handler shows up as lag on every probe that shares
 * it. Deployed once per event loop (Vert.x spreads verticle instances round-robin over the loops);
 * all probes record into one timer, so the board shows the worst loop through the max and p99.
 * Cost: one timer task per loop every 100 ms.
 */
final class EventLoopProbe extends VerticleBase {
    static final long PERIOD_MILLIS = 100;
    private final Timer lag;
    private long expected;

    EventLoopProbe(MeterRegistry registry) {
        this.lag = Timer.builder("switchboard.event.loop.lag")
                .description("How late a periodic timer fired on an event loop")
                .serviceLevelObjectives(Metrics.millis(1, 5, 10, 25, 50, 100, 250, 500, 1000, 5000))
                .register(registry);
    }

    @Override
    public Future<?> start() {
        arm();
        return Future.succeededFuture();
    }

    /** A one-shot timer re-armed after each firing, so each measurement is independent. */
    private void arm() {
        expected = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS);
        vertx.setTimer(PERIOD_MILLIS, id -> {
            lag.record(Math.max(0, System.nanoTime() - expected), TimeUnit.NANOSECONDS);
            arm();
        });
    }
}

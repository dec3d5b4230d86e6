package io.switchboard.load.bench;

import io.switchboard.engine.TimerQueue;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's single deadline structure ({@link TimerQueue}) with 1M live deadlines (DESIGN.md §5,
 * SLA issue: "1M live deadlines must fit; JMH measures schedule/cancel cost at 1M deadlines").
 *
 * <ul>
 *   <li>{@link #scheduleAndFire}: arm one deadline and fire the earliest: the steady state of a
 *       server holding 1M SLA deadlines, size unchanged.
 *   <li>{@link #supersedeAndFire}: cancellation as the engine does it: the replacement is armed
 *       and the old timer stays behind until it surfaces and is dropped, so a cancel costs one
 *       extra insert and one extra pop instead of an O(n) removal.
 * </ul>
 *
 * Deadlines spread over the next {@code horizonMinutes}; the clock advances with every fire.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class DeadlineBenchmark {
    @Param({"1000000"})
    int deadlines;

    @Param({"120"})
    int horizonMinutes;

    private TimerQueue timers;
    private SplittableRandom random;
    private long now;
    private long horizon;

    @Setup
    public void fill() {
        timers = new TimerQueue();
        random = new SplittableRandom(42);
        horizon = TimeUnit.MINUTES.toMillis(horizonMinutes);
        for (int i = 0; i < deadlines; i++) {
            timers.schedule(now + random.nextLong(horizon), TimerQueue.Kind.SLA_WAKE, "tkt_" + i, i);
        }
    }

    @Benchmark
    public TimerQueue.Timer scheduleAndFire() {
        timers.schedule(now + random.nextLong(horizon), TimerQueue.Kind.SLA_WAKE, "tkt_new", 0);
        return fireEarliest();
    }

    @Benchmark
    public TimerQueue.Timer supersedeAndFire() {
        long due = now + random.nextLong(horizon);
        timers.schedule(due, TimerQueue.Kind.SLA_WAKE, "tkt_moved", 1);
        timers.schedule(due + random.nextLong(60_000), TimerQueue.Kind.SLA_WAKE, "tkt_moved", 2);
        fireEarliest();
        return fireEarliest();
    }

    private TimerQueue.Timer fireEarliest() {
        now = Math.max(now, timers.nextDue());
        return timers.pollDue(now);
    }
}

package io.switchboard.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The open schedule of one run: consecutive phases, each with a duration, an arrival rate per
 * second and whether its results are recorded (a warm-up phase is sent but not recorded).
 * Immutable.
 */
final class RatePlan {
    record Phase(String name, long nanos, double ratePerSecond, boolean recorded) {}

    private final List<Phase> phases;
    private final long[] ends;

    private RatePlan(List<Phase> phases) {
        this.phases = List.copyOf(phases);
        this.ends = new long[phases.size()];
        long end = 0;
        for (int i = 0; i < phases.size(); i++) {
            end += phases.get(i).nanos();
            ends[i] = end;
        }
    }

    static Builder builder() {
        return new Builder();
    }

    /** A warm-up (not recorded, skipped when zero) followed by one recorded phase at the same rate. */
    static RatePlan steady(String name, double rate, Duration warmup, Duration duration) {
        Builder b = builder();
        if (!warmup.isZero()) {
            b.phase("warmup", warmup, rate, false);
        }
        return b.phase(name, duration, rate, true).build();
    }

    /**
     * A warm-up that climbs to {@code rate} in four equal steps (a quarter, a half, three quarters,
     * then the full rate; none recorded), then one recorded phase at {@code rate}. A cold server
     * sent the full rate at once runs its code interpreted for seconds and builds a backlog that
     * drains into the first recorded window (issue 14: 3–18k tickets at 2k/s), so that window's
     * tail measures the start, not the steady state; the climb lets the JIT compile the path
     * before the full rate arrives.
     */
    static RatePlan rampedUp(String name, double rate, Duration warmup, Duration duration) {
        Builder b = builder();
        if (!warmup.isZero()) {
            Duration step = warmup.dividedBy(4);
            for (int i = 1; i <= 4; i++) {
                b.phase("warmup-" + (25 * i) + "%", i == 4 ? warmup.minus(step.multipliedBy(3)) : step, rate * i / 4, false);
            }
        }
        return b.phase(name, duration, rate, true).build();
    }

    List<Phase> phases() {
        return phases;
    }

    Phase phase(int index) {
        return phases.get(index);
    }

    long totalNanos() {
        return ends.length == 0 ? 0 : ends[ends.length - 1];
    }

    long phaseStart(int index) {
        return index == 0 ? 0 : ends[index - 1];
    }

    long phaseEnd(int index) {
        return ends[index];
    }

    /** The phase containing {@code offsetNanos} from the start; clamped to the first and last phase. */
    /** Whether {@code offsetNanos} (from the plan's start) falls inside a recorded phase (not after the plan). */
    boolean inRecordedPhase(long offsetNanos) {
        return offsetNanos >= 0 && offsetNanos < ends[ends.length - 1] && phases.get(phaseAt(offsetNanos)).recorded();
    }

    int phaseAt(long offsetNanos) {
        for (int i = 0; i < ends.length; i++) {
            if (offsetNanos < ends[i]) {
                return i;
            }
        }
        return ends.length - 1;
    }

    static final class Builder {
        private final List<Phase> phases = new ArrayList<>();

        Builder phase(String name, Duration duration, double ratePerSecond, boolean recorded) {
            if (ratePerSecond < 0 || duration.isNegative()) {
                throw new IllegalArgumentException("phase " + name + " needs a rate >= 0 and a duration >= 0");
            }
            phases.add(new Phase(name, duration.toNanos(), ratePerSecond, recorded));
            return this;
        }

        RatePlan build() {
            if (phases.isEmpty()) {
                throw new IllegalArgumentException("a plan needs at least one phase");
            }
            return new RatePlan(phases);
        }
    }
}

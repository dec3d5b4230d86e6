package io.switchboard.load;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What one run measured. Latencies are recorded in microseconds from the <em>intended</em> send
 * time into HdrHistogram recorders (3 significant digits), once per phase of the {@link RatePlan}
 * and once into a timeline recorder that the progress reporter drains every second. Counts are
 * kept per phase too. A value whose intended time falls in an unrecorded phase (warm-up) is
 * dropped. Thread-safe: any event loop may record.
 */
final class Metrics {
    /** Latency histograms. */
    enum Kind {
        INTAKE("intake (POST → 2xx)"),
        OFFER("created → offer (idle agent)"),
        ASSIGNED("created → assigned"),
        QUEUE_WAIT("queue wait (created → offer, queued)"),
        RESOLVE("resolve (POST → 2xx)"),
        ECHO("echo round trip");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** Event counters; errors are counted separately by cause. */
    enum Count { SENT, CREATED, ROUTED_AT_INTAKE, QUEUED_AT_INTAKE, FIRST_PUSH, ASSIGNED, RESOLVED, REVOKED }

    private final RatePlan plan;
    private final long t0;
    private final Map<Kind, Recorder[]> byPhase = new EnumMap<>(Kind.class);
    private final Map<Kind, Recorder> timeline = new EnumMap<>(Kind.class);
    private final Map<Kind, Histogram[]> drained = new EnumMap<>(Kind.class);
    private final Map<Kind, LongAdder> completedInRecorded = new EnumMap<>(Kind.class);
    private final LongAdder[][] counts;
    private final Map<String, LongAdder>[] errors;

    @SuppressWarnings("unchecked")
    Metrics(RatePlan plan, long t0) {
        this.plan = plan;
        this.t0 = t0;
        int phases = plan.phases().size();
        for (Kind kind : Kind.values()) {
            Recorder[] recorders = new Recorder[phases];
            for (int i = 0; i < phases; i++) {
                recorders[i] = new Recorder(3);
            }
            byPhase.put(kind, recorders);
            timeline.put(kind, new Recorder(3));
            completedInRecorded.put(kind, new LongAdder());
        }
        counts = new LongAdder[phases][Count.values().length];
        errors = new Map[phases];
        for (int i = 0; i < phases; i++) {
            for (int c = 0; c < Count.values().length; c++) {
                counts[i][c] = new LongAdder();
            }
            errors[i] = new ConcurrentHashMap<>();
        }
    }

    long t0() {
        return t0;
    }

    RatePlan plan() {
        return plan;
    }

    /** Records {@code completed - intended} (nanoTime values) unless the intended time is in a warm-up. */
    void record(Kind kind, long intended, long completed) {
        if (plan.inRecordedPhase(completed - t0)) {
            completedInRecorded.get(kind).increment();
        }
        int phase = phaseOf(intended);
        if (!plan.phase(phase).recorded()) {
            return;
        }
        long micros = Math.max(0, (completed - intended) / 1000);
        byPhase.get(kind)[phase].recordValue(micros);
        timeline.get(kind).recordValue(micros);
    }

    /**
     * How many values of {@code kind} <em>completed</em> inside a recorded phase, whatever their
     * intended time: the work the server got done in the measured window, for the achieved rate
     * (a server that falls behind and catches up in the drain does not count as keeping up).
     */
    long completedInRecorded(Kind kind) {
        return completedInRecorded.get(kind).sum();
    }

    void count(Count count, long intended) {
        counts[phaseOf(intended)][count.ordinal()].increment();
    }

    void error(String cause, long intended) {
        errors[phaseOf(intended)].computeIfAbsent(cause, k -> new LongAdder()).increment();
    }

    long count(Count count, int phase) {
        return counts[phase][count.ordinal()].sum();
    }

    long countAll(Count count) {
        long sum = 0;
        for (LongAdder[] phase : counts) {
            sum += phase[count.ordinal()].sum();
        }
        return sum;
    }

    /** Errors by cause in one phase, sorted by cause. */
    Map<String, Long> errors(int phase) {
        Map<String, Long> out = new TreeMap<>();
        errors[phase].forEach((cause, n) -> out.put(cause, n.sum()));
        return out;
    }

    long errorTotal(int phase) {
        long sum = 0;
        for (LongAdder n : errors[phase].values()) {
            sum += n.sum();
        }
        return sum;
    }

    long errorTotalAll() {
        long sum = 0;
        for (int i = 0; i < errors.length; i++) {
            sum += errorTotal(i);
        }
        return sum;
    }

    /** Everything recorded since the previous call, for the per-second timeline. */
    Histogram interval(Kind kind) {
        return timeline.get(kind).getIntervalHistogram();
    }

    /**
     * The histogram of one phase. Call only after the run has finished (late completions are
     * still recorded into the phase their ticket was intended in; each call adds them).
     */
    Histogram phase(Kind kind, int phase) {
        Histogram[] done = drained.computeIfAbsent(kind, k -> new Histogram[plan.phases().size()]);
        if (done[phase] == null) {
            done[phase] = new Histogram(3);
        }
        done[phase].add(byPhase.get(kind)[phase].getIntervalHistogram());
        return done[phase].copy();
    }

    /** All recorded phases of one kind merged. */
    Histogram recorded(Kind kind) {
        Histogram sum = new Histogram(3);
        for (int i = 0; i < plan.phases().size(); i++) {
            if (plan.phase(i).recorded()) {
                sum.add(phase(kind, i));
            }
        }
        return sum;
    }

    private int phaseOf(long intended) {
        return plan.phaseAt(intended - t0);
    }
}

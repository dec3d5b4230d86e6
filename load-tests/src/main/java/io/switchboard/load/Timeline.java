package io.switchboard.load;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;
import org.HdrHistogram.Histogram;

/**
 * The progress of a run, one window at a time (every second by default): what was sent and
 * answered, interval percentiles, the backlog (requests not yet answered plus, with agents, tickets
 * answered but not yet at an agent), agent occupancy and CPU. Each window is printed as one line
 * and kept as a JSON row. Agent occupancy is sampled every second of the recorded phases for the
 * run's utilisation figure.
 *
 * <p>Threading: {@link #tick()} runs on a Vert.x timer, the other methods on the caller's thread;
 * they synchronise on this object.
 */
final class Timeline {
    private final Metrics metrics;
    private final String label;
    private final long windowNanos;
    private final IntSupplier backlog;
    private final Fleet fleet;
    private final long serverPid;
    private final List<JsonObject> rows = new ArrayList<>();
    private Vertx vertx;
    private long timerId = -1;
    private long lastAt;
    private long lastSent;
    private long lastCreated;
    private long lastPushes;
    private long lastErrors;
    private long lastSelfCpu;
    private long lastServerCpu;
    private double heldSum;
    private double busySum;
    private long samples;
    private Histogram intake = new Histogram(3);
    private Histogram offer = new Histogram(3);
    private Histogram echo = new Histogram(3);
    private long windowStart;

    Timeline(Metrics metrics, String label, long windowNanos, IntSupplier backlog, Fleet fleet, long serverPid) {
        this.metrics = metrics;
        this.label = label;
        this.windowNanos = windowNanos;
        this.backlog = backlog;
        this.fleet = fleet;
        this.serverPid = serverPid;
    }

    synchronized void start(Vertx vertx) {
        lastAt = System.nanoTime();
        windowStart = lastAt;
        lastSelfCpu = CpuClock.self();
        lastServerCpu = CpuClock.process(serverPid);
        this.vertx = vertx;
        timerId = vertx.setPeriodic(1000, id -> tick());
    }

    /** Stops sampling; returns the rows so far. */
    synchronized List<JsonObject> stop() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
        return List.copyOf(rows);
    }

    /** Mean tickets held by agents over the recorded phases (0 without agents). */
    synchronized double meanHeld() {
        return samples == 0 ? 0 : heldSum / samples;
    }

    /** Mean share of agents holding at least one ticket over the recorded phases. */
    synchronized double meanBusyShare() {
        return samples == 0 || fleet == null ? 0 : busySum / samples / fleet.size();
    }

    private synchronized void tick() {
        if (timerId < 0) {
            return;
        }
        long now = System.nanoTime();
        intake.add(metrics.interval(Metrics.Kind.INTAKE));
        offer.add(metrics.interval(Metrics.Kind.OFFER));
        echo.add(metrics.interval(Metrics.Kind.ECHO));
        int phase = metrics.plan().phaseAt(now - metrics.t0());
        if (fleet != null && now >= metrics.t0() && metrics.plan().phase(phase).recorded()) {
            heldSum += fleet.held.get();
            busySum += fleet.busy.get();
            samples++;
        }
        if (now - windowStart < windowNanos - 50_000_000L) {
            return;
        }
        emit(now, phase);
        windowStart = now;
    }

    private void emit(long now, int phase) {
        double seconds = (now - lastAt) / 1e9;
        long sent = metrics.countAll(Metrics.Count.SENT);
        long created = metrics.countAll(Metrics.Count.CREATED);
        long pushes = metrics.countAll(Metrics.Count.FIRST_PUSH);
        long errors = metrics.errorTotalAll();
        long selfCpu = CpuClock.self();
        long serverCpu = CpuClock.process(serverPid);
        JsonObject row = new JsonObject()
                .put("t", Math.round((now - metrics.t0()) / 1e9))
                .put("phase", metrics.plan().phase(phase).name())
                .put("sentPerSecond", Math.round((sent - lastSent) / seconds))
                .put("createdPerSecond", Math.round((created - lastCreated) / seconds))
                .put("pushesPerSecond", Math.round((pushes - lastPushes) / seconds))
                .put("errors", errors - lastErrors)
                .put("intakeP99Ms", p99(intake))
                .put("offerP99Ms", p99(offer))
                .put("echoP99Ms", p99(echo))
                .put("backlog", backlog.getAsInt())
                .put("held", fleet == null ? 0 : fleet.held.get())
                .put("generatorCores", round2(CpuClock.cores(selfCpu - lastSelfCpu, now - lastAt)))
                .put("serverCores", serverPid > 0 ? round2(CpuClock.cores(serverCpu - lastServerCpu, now - lastAt)) : null);
        rows.add(row);
        System.out.println(format(row));
        lastAt = now;
        lastSent = sent;
        lastCreated = created;
        lastPushes = pushes;
        lastErrors = errors;
        lastSelfCpu = selfCpu;
        lastServerCpu = serverCpu;
        intake = new Histogram(3);
        offer = new Histogram(3);
        echo = new Histogram(3);
    }

    private String format(JsonObject r) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[%s %4ds %-8s] sent %6d/s  ok %6d/s",
                label, r.getLong("t"), r.getString("phase"), r.getLong("sentPerSecond"), r.getLong("createdPerSecond")));
        if (r.getDouble("intakeP99Ms") != null) {
            line.append(String.format(Locale.ROOT, "  intake p99 %8.2fms", r.getDouble("intakeP99Ms")));
        }
        if (r.getDouble("offerP99Ms") != null) {
            line.append(String.format(Locale.ROOT, "  offer p99 %8.2fms", r.getDouble("offerP99Ms")));
        }
        if (r.getDouble("echoP99Ms") != null) {
            line.append(String.format(Locale.ROOT, "  echo p99 %8.2fms", r.getDouble("echoP99Ms")));
        }
        line.append(String.format(Locale.ROOT, "  backlog %6d", r.getInteger("backlog")));
        if (fleet != null) {
            line.append(String.format(Locale.ROOT, "  held %6d", r.getInteger("held")));
        }
        line.append(String.format(Locale.ROOT, "  err %d  cpu gen %.2f", r.getLong("errors"), r.getDouble("generatorCores")));
        if (r.getDouble("serverCores") != null) {
            line.append(String.format(Locale.ROOT, " srv %.2f", r.getDouble("serverCores")));
        }
        return line.toString();
    }

    private static Double p99(Histogram h) {
        return h.getTotalCount() == 0 ? null : h.getValueAtPercentile(99) / 1000.0;
    }

    private static Double round2(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 100) / 100.0;
    }
}

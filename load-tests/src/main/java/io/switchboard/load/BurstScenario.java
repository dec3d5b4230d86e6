package io.switchboard.load;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * {@code burst}: a steady base load ({@code --rate}, meant as 20 % of the maximum sustainable
 * rate), then {@code --factor} (10) times that for {@code --burst} (10 s), then the base load again
 * for {@code --after}. Prints latency per phase and the drain time: how long after the burst the
 * backlog took to fall back to its pre-burst level. Everything is measured from intended send
 * times, so the burst's queueing is fully visible.
 */
final class BurstScenario {
    private BurstScenario() {
    }

    static void run(Args a) {
        Common c = new Common(a, new Common.Preset(null, null, "10s", "1s"));
        double factor = a.decimal("factor", 10);
        Duration burst = a.duration("burst", "10s");
        Duration after = a.duration("after", "30s");
        a.rejectUnknown();
        c.checkCapacity(c.rate * factor);
        c.options.put("factor", factor).put("burst", Args.format(burst)).put("after", Args.format(after));
        RatePlan.Builder b = RatePlan.builder();
        if (!c.warmup.isZero()) {
            b.phase("warmup", c.warmup, c.rate, false);
        }
        RatePlan plan = b.phase("before", c.duration, c.rate, true)
                .phase("burst", burst, c.rate * factor, true)
                .phase("after", after, c.rate, true).build();
        Report report = new Report(c.results, "burst", c.options);
        if (c.baseline != null) {
            try (Common.Session s = c.openBaseline()) {
                runOne(s, plan, report);
            }
        }
        try (Common.Session s = c.openSubject()) {
            runOne(s, plan, report);
        }
        report.write();
    }

    private static void runOne(Common.Session s, RatePlan plan, Report report) {
        RunResult r = OpenLoopRun.run(s.setup(), plan);
        report.add(r);
        System.out.printf(Locale.ROOT, "%n-- %s by phase --%n", r.label());
        for (int i = 0; i < plan.phases().size(); i++) {
            if (!plan.phase(i).recorded()) {
                continue;
            }
            Map<String, Histogram> rows = new LinkedHashMap<>();
            for (Metrics.Kind kind : Metrics.Kind.values()) {
                rows.put(plan.phase(i).name() + ": " + kind.label, r.metrics().phase(kind, i));
            }
            Report.printTable(rows);
        }
        Double drain = drainSeconds(r, plan);
        System.out.printf(Locale.ROOT, "backlog back to its pre-burst level %s after the burst ended%n",
                drain == null ? "NOT within the run" : String.format(Locale.ROOT, "%.0fs", drain));
        report.summary().put("drainSeconds-" + r.label(), drain);
    }

    /** Seconds from the end of the burst until the backlog is at most twice its pre-burst mean (+10). */
    private static Double drainSeconds(RunResult r, RatePlan plan) {
        int burst = -1;
        for (int i = 0; i < plan.phases().size(); i++) {
            if (plan.phase(i).name().equals("burst")) {
                burst = i;
            }
        }
        double burstStart = plan.phaseStart(burst) / 1e9;
        double burstEnd = plan.phaseEnd(burst) / 1e9;
        double before = 0;
        int n = 0;
        for (JsonObject row : r.timeline()) {
            if (row.getLong("t") <= burstStart && "before".equals(row.getString("phase"))) {
                before += row.getLong("backlog");
                n++;
            }
        }
        double limit = 2 * (n == 0 ? 0 : before / n) + 10;
        for (JsonObject row : r.timeline()) {
            if (row.getLong("t") > burstEnd && row.getLong("backlog") <= limit) {
                return row.getLong("t") - burstEnd;
            }
        }
        return null;
    }
}

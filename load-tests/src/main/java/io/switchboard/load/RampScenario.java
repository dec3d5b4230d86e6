package io.switchboard.load;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * {@code ramp}: finds the maximum sustainable rate by steps. Each step runs at one rate for
 * {@code --duration} after {@code --settle}; it passes when the gate p99 (intake for
 * {@code --kind intake}; intake and created → offer for e2e) is within {@code --p99-bound}, there
 * were no errors, at least 97 % of the intended tickets were created, and the backlog (tickets not
 * yet at an agent, or requests not yet answered) at the end of the step is below
 * {@code max(100, rate × bound)}: the queue is not growing. The highest passing step is the
 * maximum sustainable rate; with {@code --baseline} the bare server is ramped first and the ratio
 * is reported.
 */
final class RampScenario {
    private record Step(double rate, boolean pass, String verdict, JsonObject json) {}

    private RampScenario() {
    }

    static void run(Args a) {
        Common c = new Common(a, new Common.Preset(null, null, "10s", "1s"));
        double from = a.decimal("from", 1000);
        double step = a.decimal("step", 1000);
        double to = a.decimal("to", 20000);
        Duration settle = a.duration("settle", "2s");
        Duration bound = a.duration("p99-bound", "50ms");
        int stopAfter = a.integer("stop-after", 1);
        a.rejectUnknown();
        c.checkCapacity(to);
        c.options.put("from", from).put("step", step).put("to", to).put("settle", Args.format(settle))
                .put("p99Bound", Args.format(bound)).put("stopAfter", stopAfter);
        Report report = new Report(c.results, "ramp", c.options);
        JsonObject maxima = new JsonObject();
        report.summary().put("maxSustainable", maxima);
        Double baselineMax = null;
        if (c.baseline != null) {
            try (Common.Session s = c.openBaseline()) {
                baselineMax = ramp(s, c, report, from, step, to, settle, bound, stopAfter);
                maxima.put("bare", baselineMax);
            }
        }
        try (Common.Session s = c.openSubject()) {
            double max = ramp(s, c, report, from, step, to, settle, bound, stopAfter);
            maxima.put(c.target.label, max);
            if (baselineMax != null) {
                double ratio = baselineMax > 0 ? max / baselineMax : Double.NaN;
                maxima.put("ratio", Double.isNaN(ratio) ? null : Report.round(ratio));
                System.out.printf(Locale.ROOT, "%nmaximum sustainable rate: %s %.0f/s, bare %.0f/s, ratio %.2f%n",
                        c.target.label, max, baselineMax, ratio);
            }
        }
        report.write();
    }

    /** Ramps one target; returns the highest passing rate (0 if none passed). */
    private static double ramp(Common.Session s, Common c, Report report, double from, double step, double to,
            Duration settle, Duration bound, int stopAfter) {
        String label = s.setup().label();
        if (!c.warmup.isZero()) {
            OpenLoopRun.run(s.setup(), RatePlan.steady("warmup", from, Duration.ZERO, c.warmup));
        }
        List<Step> steps = new ArrayList<>();
        double best = 0;
        int failures = 0;
        for (double rate = from; rate <= to + 1e-9 && failures < stopAfter; rate += step) {
            RatePlan plan = RatePlan.builder().phase("settle", settle, rate, false)
                    .phase(String.format(Locale.ROOT, "%.0f/s", rate), c.duration, rate, true).build();
            RunResult r = OpenLoopRun.run(s.setup(), plan);
            report.add(r, false);
            Step result = judge(r, rate, bound);
            steps.add(result);
            System.out.printf(Locale.ROOT, "[%s ramp] %.0f/s: %s%n", label, rate, result.verdict());
            if (result.pass()) {
                best = rate;
            } else {
                failures++;
            }
        }
        JsonArray json = new JsonArray();
        System.out.printf(Locale.ROOT, "%n== %s ramp (p99 bound %s) ==%n%10s %10s %11s %11s %9s %7s  %s%n", label,
                Args.format(bound), "rate/s", "created/s", "intake p99", "offer p99", "backlog", "errors", "verdict");
        for (Step st : steps) {
            JsonObject j = st.json();
            json.add(j);
            System.out.printf(Locale.ROOT, "%10.0f %10.1f %9.2fms %9sms %9d %7d  %s%n", st.rate(),
                    j.getDouble("createdPerSecond"), j.getDouble("intakeP99Ms"),
                    j.getValue("offerP99Ms") == null ? "-" : String.format(Locale.ROOT, "%.2f", j.getDouble("offerP99Ms")),
                    j.getLong("backlog"), j.getLong("errors"), st.verdict());
        }
        report.summary().put("steps-" + label, json);
        System.out.printf(Locale.ROOT, "maximum sustainable rate (%s): %.0f/s%n", label, best);
        return best;
    }

    private static Step judge(RunResult r, double rate, Duration bound) {
        double boundMs = bound.toNanos() / 1e6;
        Histogram intake = r.metrics().recorded(Metrics.Kind.INTAKE);
        Histogram offer = r.metrics().recorded(Metrics.Kind.OFFER);
        double intakeP99 = intake.getTotalCount() == 0 ? Double.NaN : intake.getValueAtPercentile(99) / 1000.0;
        Double offerP99 = offer.getTotalCount() == 0 ? null : offer.getValueAtPercentile(99) / 1000.0;
        double created = r.recordedCount(Metrics.Count.CREATED) / r.recordedSeconds();
        long errors = r.recordedErrors();
        long backlog = backlogAtEndOfSending(r);
        long backlogLimit = Math.max(100, Math.round(rate * boundMs / 1000));
        List<String> failed = new ArrayList<>();
        if (!(intakeP99 <= boundMs)) {
            failed.add(String.format(Locale.ROOT, "intake p99 %.2fms > %.0fms", intakeP99, boundMs));
        }
        if (r.toAgents() && (offerP99 == null || offerP99 > boundMs)) {
            failed.add(offerP99 == null ? "no offers" : String.format(Locale.ROOT, "offer p99 %.2fms > %.0fms", offerP99, boundMs));
        }
        if (errors > 0) {
            failed.add(errors + " errors");
        }
        if (created < 0.97 * rate) {
            failed.add(String.format(Locale.ROOT, "only %.0f/s created", created));
        }
        if (backlog > backlogLimit) {
            failed.add("backlog " + backlog + " > " + backlogLimit + " (queue growing)");
        }
        JsonObject json = new JsonObject().put("rate", rate).put("createdPerSecond", Report.round(created))
                .put("intakeP99Ms", Double.isNaN(intakeP99) ? null : intakeP99).put("offerP99Ms", offerP99)
                .put("backlog", backlog).put("errors", errors).put("pass", failed.isEmpty())
                .put("generatorCores", Double.isNaN(r.generatorCores()) ? null : Report.round(r.generatorCores()))
                .put("serverCores", Double.isNaN(r.serverCores()) ? null : Report.round(r.serverCores()));
        String verdict = failed.isEmpty() ? "ok" : "FAIL: " + String.join("; ", failed);
        return new Step(rate, failed.isEmpty(), verdict, json.put("verdict", verdict));
    }

    /** The backlog in the last timeline window that ended before the last send. */
    private static long backlogAtEndOfSending(RunResult r) {
        double end = r.plan().totalNanos() / 1e9;
        long backlog = 0;
        for (JsonObject row : r.timeline()) {
            if (row.getLong("t") <= Math.ceil(end)) {
                backlog = row.getLong("backlog");
            }
        }
        return backlog;
    }
}

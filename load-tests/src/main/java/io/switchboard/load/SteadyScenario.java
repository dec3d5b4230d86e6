package io.switchboard.load;

import java.time.Duration;

/**
 * {@code steady} (and {@code soak}, {@code baseline-post}, {@code baseline-relay}): one rate for a
 * duration after a warm-up. With {@code --baseline URL} the identical run goes first against the
 * bare server (relay for e2e, POST for intake), then against Switchboard, and the ratios are
 * printed. Soak is the same with long durations and wider progress windows; with
 * {@code --server-pid} it samples the server's live heap every {@code --heap-every}.
 */
final class SteadyScenario {
    private SteadyScenario() {
    }

    static void run(Args a, String mode, Common.Preset preset) {
        boolean soak = mode.equals("soak");
        Common c = new Common(a, preset);
        Duration heapEvery = soak ? a.duration("heap-every", "60s") : null;
        a.rejectUnknown();
        c.checkCapacity(c.rate);
        Report report = new Report(c.results, mode, c.options);
        RatePlan plan = RatePlan.steady(mode, c.rate, c.warmup, c.duration);
        RunResult baseline = null;
        if (c.baseline != null) {
            try (Common.Session s = c.openBaseline()) {
                baseline = OpenLoopRun.run(s.setup(), plan);
                report.add(baseline);
            }
        }
        try (Common.Session s = c.openSubject()) {
            HeapSampler heap = heapEvery != null && c.serverPid > 0 ? HeapSampler.start(c.serverPid, heapEvery) : null;
            RunResult subject = OpenLoopRun.run(s.setup(), plan);
            if (heap != null) {
                report.summary().put("serverHeap", heap.stop());
            }
            report.add(subject);
            if (baseline != null) {
                report.compare(c.toAgents ? "e2e vs bare relay" : "intake vs bare POST", baseline, subject);
            }
        }
        report.write();
    }
}

package io.switchboard.load;

import java.util.ArrayList;
import java.util.List;

/**
 * Issue 14's webhook budget, judged from paired runs: at the same rate, created → push p99 with
 * two subscribers (one healthy, one failing every call) ÷ the same p99 without subscribers, taken
 * per run (the two halves of a run are measured back to back, so a busy spell of a shared box hits
 * both) and then the median over runs; the healthy subscriber's delivery lag p99 is the median of
 * the runs' p99s. Targets: ratio ≤ {@link #MAX_RATIO}, lag p99 ≤ {@link #MAX_LAG_P99_MS}; exactly
 * once per {@code webhook-id} (no duplicate, every created ticket's {@code ticket.created} delivered).
 */
final class WebhookBudget {
    static final double MAX_RATIO = 1.10;
    static final double MAX_LAG_P99_MS = 1000;

    private WebhookBudget() {
    }

    /**
     * One run: p99s in ms ({@code withoutP99Ms}: no subscriber, {@code withP99Ms}: both), the
     * healthy subscriber's lag p99 (ms), its duplicates, the tickets the server created (answered
     * 2xx) and the tickets whose {@code ticket.created} reached the healthy subscriber.
     */
    record Pair(int run, double withoutP99Ms, double withP99Ms, double lagP99Ms, long duplicates, long ticketsCreated,
            long ticketsDelivered) {
        /** With ÷ without; NaN when either is unknown or the baseline is zero. */
        double ratio() {
            return withoutP99Ms > 0 && !Double.isNaN(withP99Ms) ? withP99Ms / withoutP99Ms : Double.NaN;
        }

        /** Every delivery once per id, and every created ticket's creation delivered (more may arrive: in-flight POSTs). */
        boolean exactlyOnce() {
            return duplicates == 0 && ticketsDelivered >= ticketsCreated && ticketsCreated > 0;
        }
    }

    /** The medians and verdicts over the runs. */
    record Verdict(double withoutP99Ms, double withP99Ms, double ratio, double lagP99Ms, boolean ratioMet,
            boolean lagMet, boolean exactlyOnce) {}

    static Verdict judge(List<Pair> pairs) {
        List<Double> without = new ArrayList<>();
        List<Double> with = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> lags = new ArrayList<>();
        boolean once = !pairs.isEmpty();
        for (Pair p : pairs) {
            without.add(p.withoutP99Ms());
            with.add(p.withP99Ms());
            ratios.add(p.ratio());
            lags.add(p.lagP99Ms());
            once &= p.exactlyOnce();
        }
        double ratio = Stats.median(ratios);
        double lag = Stats.median(lags);
        return new Verdict(Stats.median(without), Stats.median(with), ratio, lag, ratio <= MAX_RATIO,
                lag <= MAX_LAG_P99_MS, once);
    }

    /** Run 1 measures without subscribers first, run 2 with them first, and so on: neither half always goes first. */
    static boolean withFirst(int run) {
        return run % 2 == 0;
    }
}

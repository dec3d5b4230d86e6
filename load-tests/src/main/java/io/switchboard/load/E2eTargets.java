package io.switchboard.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The targets of issue 12, checked against the medians of an {@code e2e} run. Pure arithmetic:
 * every input is a median over the runs of one case (store × rate), NaN when it was not measured,
 * and a target whose inputs are missing is reported as not measured rather than passed.
 *
 * <ul>
 *   <li>created → push p99 at 5k/s, memory store: ≤ 1.5 × the relay's p99;
 *   <li>the same with the file journal (fsync always): ≤ 1.5 × relay p99 + 2 × the disk's fsync p99;
 *   <li>8k/s, file journal: achieved ≥ 97 % of the intended rate and p99 ≤ 50 ms, wherever the relay
 *       does both (else the machine, not Switchboard, is the limit and the target does not apply);
 *   <li>durable (file) intake, closed loop: ≥ 0.5 × the bare POST server;
 *   <li>allocation per ticket lifecycle ≤ 10 KB; longest GC pause ≤ 5 ms at 5k/s.
 * </ul>
 */
final class E2eTargets {
    static final double KEEPS_UP_SHARE = 0.97;
    static final double P99_RATIO = 1.5;
    static final double FSYNC_FACTOR = 2.0;
    static final double PEAK_P99_MS = 50;
    static final double INTAKE_RATIO = 0.5;
    static final double ALLOC_BYTES_PER_TICKET = 10 * 1024;
    static final double GC_PAUSE_MS = 5;
    static final double TARGET_RATE = 5000;
    static final double PEAK_RATE = 8000;

    /** One case's medians. Rates in tickets/s, latencies in ms, {@code achievedShare} = achieved ÷ intended. */
    record Case(String store, double rate, double relayP99Ms, double switchboardP99Ms, double relayAchievedShare,
            double switchboardAchievedShare, double fsyncP99Ms, double maxGcPauseMs, double allocBytesPerTicket,
            boolean relayP99IsLowerBound, boolean switchboardP99IsLowerBound) {
        /** A case whose p99s are exact (every run's tickets reached an agent). */
        Case(String store, double rate, double relayP99Ms, double switchboardP99Ms, double relayAchievedShare,
                double switchboardAchievedShare, double fsyncP99Ms, double maxGcPauseMs, double allocBytesPerTicket) {
            this(store, rate, relayP99Ms, switchboardP99Ms, relayAchievedShare, switchboardAchievedShare, fsyncP99Ms,
                    maxGcPauseMs, allocBytesPerTicket, false, false);
        }
    }

    /** One target: {@code passed} is null when it could not be judged (not measured, or not applicable). */
    record Check(String target, String measured, String limit, Boolean passed) {
        String verdict() {
            return passed == null ? "n/a" : passed ? "PASS" : "FAIL";
        }
    }

    private E2eTargets() {
    }

    static boolean memory(Case c) {
        return "memory".equals(c.store());
    }

    /** The bound on Switchboard's p99 for this case: 1.5 × relay, plus 2 × fsync p99 for the file journal. */
    static double p99Bound(Case c) {
        return P99_RATIO * c.relayP99Ms() + (memory(c) ? 0 : FSYNC_FACTOR * c.fsyncP99Ms());
    }

    static double ratio(double subject, double baseline) {
        return baseline > 0 ? subject / baseline : Double.NaN;
    }

    /** Every check that applies to {@code cases} and the intake ratio (durable ÷ bare POST; NaN if not run). */
    static List<Check> check(List<Case> cases, double durableIntakeRatio) {
        List<Check> checks = new ArrayList<>();
        for (Case c : cases) {
            String name = c.store() + " @ " + Math.round(c.rate()) + "/s";
            checks.add(judge("keeps up (≥ 97 % of intended), " + name, pct(c.switchboardAchievedShare()), "≥ 97 %",
                    c.switchboardAchievedShare(), KEEPS_UP_SHARE, true));
            if (c.rate() == TARGET_RATE) {
                double bound = p99Bound(c);
                String limit = memory(c) ? String.format(Locale.ROOT, "≤ 1.5 × relay %.2f = %.2f ms", c.relayP99Ms(), bound)
                        : String.format(Locale.ROOT, "≤ 1.5 × relay %.2f + 2 × fsync %.2f = %.2f ms", c.relayP99Ms(),
                                c.fsyncP99Ms(), bound);
                checks.add(judgeP99("created → push p99, " + name, c, limit, bound));
                checks.add(judge("longest GC pause, " + name, ms(c.maxGcPauseMs()), "≤ 5 ms", c.maxGcPauseMs(),
                        GC_PAUSE_MS, false));
            }
            if (c.rate() == PEAK_RATE && !memory(c)) {
                boolean relayKeepsUp = c.relayAchievedShare() >= KEEPS_UP_SHARE && c.relayP99Ms() <= PEAK_P99_MS;
                if (!relayKeepsUp) {
                    checks.add(new Check("peak p99 and rate, " + name, ms(c.switchboardP99Ms()),
                            "n/a: the relay itself does not keep up here", null));
                } else {
                    Boolean both = Double.isNaN(c.switchboardP99Ms()) || Double.isNaN(c.switchboardAchievedShare()) ? null
                            : c.switchboardP99Ms() <= PEAK_P99_MS && c.switchboardAchievedShare() >= KEEPS_UP_SHARE;
                    checks.add(new Check("peak p99 and rate, " + name,
                            ms(c.switchboardP99Ms()) + ", " + pct(c.switchboardAchievedShare()), "≤ 50 ms and ≥ 97 %", both));
                }
            }
            if (!Double.isNaN(c.allocBytesPerTicket())) {
                checks.add(judge("allocation per ticket lifecycle, " + name,
                        String.format(Locale.ROOT, "%.1f KB", c.allocBytesPerTicket() / 1024), "≤ 10 KB",
                        c.allocBytesPerTicket(), ALLOC_BYTES_PER_TICKET, false));
            }
        }
        checks.add(judge("durable intake ÷ bare POST (closed loop)", String.format(Locale.ROOT, "%.2f", durableIntakeRatio),
                "≥ 0.5", durableIntakeRatio, INTAKE_RATIO, true));
        return checks;
    }

    /**
     * p99 against its bound when either p99 may be only a lower bound (tickets that never reached an
     * agent count at the drain time): a Switchboard lower bound can only fail (when it already
     * exceeds an exact bound), a relay lower bound only makes the bound larger (so an exact
     * Switchboard p99 under it passes); anything else cannot be judged.
     */
    static Check judgeP99(String target, Case c, String limit, double bound) {
        Check exact = judge(target, (c.switchboardP99IsLowerBound() ? "≥ " : "") + ms(c.switchboardP99Ms()),
                (c.relayP99IsLowerBound() ? "≥ " : "") + limit, c.switchboardP99Ms(), bound, false);
        if (exact.passed() == null || (!c.switchboardP99IsLowerBound() && !c.relayP99IsLowerBound())) {
            return exact;
        }
        boolean judgeable = c.switchboardP99IsLowerBound() ? !exact.passed() && !c.relayP99IsLowerBound()
                : exact.passed();
        return judgeable ? exact : new Check(target, exact.measured(), exact.limit() + " (a p99 is only a lower bound)", null);
    }

    /** Passed when {@code value} is at least (or at most) {@code limit}; null when the value is missing. */
    private static Check judge(String target, String measured, String limit, double value, double bound, boolean atLeast) {
        Boolean passed = Double.isNaN(value) || Double.isNaN(bound) ? null : atLeast ? value >= bound : value <= bound;
        return new Check(target, measured, limit, passed);
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "not measured" : String.format(Locale.ROOT, "%.2f ms", v);
    }

    private static String pct(double share) {
        return Double.isNaN(share) ? "not measured" : String.format(Locale.ROOT, "%.1f %%", share * 100);
    }
}

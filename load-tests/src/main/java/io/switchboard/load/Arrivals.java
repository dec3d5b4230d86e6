package io.switchboard.load;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Gaps between intended send times of an open workload. {@code CONSTANT} spaces arrivals evenly
 * (1/rate); {@code POISSON} draws exponential gaps with mean 1/rate, which is what independent
 * customers produce. Not thread-safe: one instance per pacer.
 */
final class Arrivals {
    enum Kind { CONSTANT, POISSON }

    private final Kind kind;
    private final SplittableRandom random;

    Arrivals(Kind kind, long seed) {
        this.kind = kind;
        this.random = new SplittableRandom(seed);
    }

    static Kind parseKind(String text) {
        try {
            return Kind.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--arrivals must be constant or poisson, was '" + text + "'");
        }
    }

    /** Nanoseconds to the next arrival at {@code ratePerSecond} (> 0); at least 1. */
    long gapNanos(double ratePerSecond) {
        double mean = 1e9 / ratePerSecond;
        double gap = kind == Kind.CONSTANT ? mean : -mean * Math.log(1.0 - random.nextDouble());
        return Math.max(1, Math.round(gap));
    }

    /** An exponential draw with the given mean (e.g. a handle time), in nanoseconds. */
    static long exponentialNanos(SplittableRandom random, long meanNanos) {
        return meanNanos <= 0 ? 0 : Math.round(-meanNanos * Math.log(1.0 - random.nextDouble()));
    }
}

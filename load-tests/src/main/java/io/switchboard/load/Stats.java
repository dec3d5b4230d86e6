package io.switchboard.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Small numeric helpers. */
final class Stats {
    private Stats() {
    }

    /** Least-squares slope of y over x; NaN with fewer than two distinct x values. */
    static double slope(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) {
            return Double.NaN;
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxx == 0 ? Double.NaN : sxy / sxx;
    }

    /** The median of the values that are numbers (NaN is skipped); NaN when none is. Even counts average the middle two. */
    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>();
        for (Double v : values) {
            if (v != null && !v.isNaN()) {
                sorted.add(v);
            }
        }
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}

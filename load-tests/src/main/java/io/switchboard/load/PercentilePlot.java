package io.switchboard.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A percentile plot of latency distributions as a self-contained SVG, like HdrHistogram's
 * plotter: x is the percentile on a log scale of {@code 1 / (1 − p)} (ticks at 0 %, 90 %, 99 %,
 * 99.9 %, …), y is the latency in milliseconds, also on a log scale so a relay at 2 ms and a server
 * at 400 ms are both readable. Pure: it only turns points into text.
 */
final class PercentilePlot {
    /** One curve: {@code points} are {percentile (0–100), latency ms} pairs in increasing percentile order. */
    record Series(String name, String color, boolean dashed, List<double[]> points) {}

    static final int WIDTH = 860;
    static final int HEIGHT = 520;
    private static final int LEFT = 70;
    private static final int RIGHT = 230;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;
    /** The plot ends at 99.999 % (x = 5): beyond that a 20-second run has too few samples to mean anything. */
    static final double MAX_X = 5;
    private static final double MIN_MS = 0.01;

    private PercentilePlot() {
    }

    /** x of a percentile: {@code log10(1 / (1 − p/100))}, capped at {@link #MAX_X}. */
    static double x(double percentile) {
        double tail = 1 - percentile / 100;
        return tail <= 0 ? MAX_X : Math.min(MAX_X, Math.log10(1 / tail));
    }

    /** The points of a histogram recorded in microseconds, as {percentile, ms}. */
    static List<double[]> points(Histogram micros) {
        List<double[]> points = new ArrayList<>();
        if (micros.getTotalCount() == 0) {
            return points;
        }
        for (HistogramIterationValue v : micros.percentiles(5)) {
            points.add(new double[] {v.getPercentileLevelIteratedTo(), v.getValueIteratedTo() / 1000.0});
        }
        return points;
    }

    static String svg(String title, List<Series> series) {
        double maxX = 1;
        double minMs = Double.MAX_VALUE;
        double maxMs = 0;
        for (Series s : series) {
            for (double[] p : s.points()) {
                maxX = Math.max(maxX, Math.ceil(x(p[0])));
                double ms = Math.max(MIN_MS, p[1]);
                minMs = Math.min(minMs, ms);
                maxMs = Math.max(maxMs, ms);
            }
        }
        if (maxMs == 0) {
            minMs = 0.1;
            maxMs = 1;
        }
        int lowDecade = (int) Math.floor(Math.log10(minMs));
        int highDecade = Math.max(lowDecade + 1, (int) Math.ceil(Math.log10(maxMs)));
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        double xSpan = maxX;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        b.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\">%s</text>%n", LEFT, escape(title)));
        for (int d = 0; d <= (int) xSpan; d++) {
            double px = LEFT + plotW * d / xSpan;
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    px, TOP, px, TOP + plotH));
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n", px,
                    TOP + plotH + 18, percentileLabel(d)));
        }
        for (int d = lowDecade; d <= highDecade; d++) {
            double py = TOP + plotH - plotH * (d - lowDecade) / (highDecade - lowDecade);
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    LEFT, py, LEFT + plotW, py));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 6,
                    py + 4, msLabel(d)));
        }
        b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">percentile</text>%n",
                LEFT + plotW / 2, HEIGHT - 10));
        b.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 16 %.1f)\">"
                + "latency (ms, log)</text>%n", TOP + plotH / 2, TOP + plotH / 2));
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#888\"/>%n",
                LEFT, TOP, plotW, plotH));
        int legendY = TOP + 10;
        for (Series s : series) {
            StringBuilder pts = new StringBuilder();
            for (double[] p : s.points()) {
                double px = LEFT + plotW * x(p[0]) / xSpan;
                double py = TOP + plotH - plotH * (Math.log10(Math.max(MIN_MS, p[1])) - lowDecade) / (highDecade - lowDecade);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
            }
            String dash = s.dashed() ? " stroke-dasharray=\"6 4\"" : "";
            b.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.6\"%s points=\"%s\">"
                    + "<title>%s</title></polyline>%n", s.color(), dash, pts.toString().trim(), escape(s.name())));
            double lx = LEFT + plotW + 12;
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
                    lx, legendY, lx + 24, legendY, s.color(), dash));
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>%n", lx + 30, legendY + 4, escape(s.name())));
            legendY += 18;
        }
        b.append("</svg>\n");
        return b.toString();
    }

    /** 0 → 0%, 1 → 90%, 2 → 99%, 3 → 99.9%, … */
    static String percentileLabel(int decade) {
        java.math.BigDecimal tail = java.math.BigDecimal.ONE.scaleByPowerOfTen(2 - decade); // 100 %, 10 %, 1 %, 0.1 %, …
        return java.math.BigDecimal.valueOf(100).subtract(tail).stripTrailingZeros().toPlainString() + "%";
    }

    private static String msLabel(int decade) {
        double v = Math.pow(10, decade);
        return decade >= 0 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%." + (-decade) + "f", v);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

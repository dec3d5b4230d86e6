package io.switchboard.load;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Prints results as percentile tables and writes them under {@code <results>/<mode>-<time>/}:
 * {@code summary.json} (options, machine, every run, ratios) and one {@code .hgrm} percentile
 * distribution (in milliseconds) per run and latency kind, for plotting with HdrHistogram's tools.
 */
final class Report {
    static final double[] PERCENTILES = {50, 90, 99, 99.9};

    private final Path dir;
    private final JsonObject summary;
    private final JsonArray runs = new JsonArray();
    private final JsonArray comparisons = new JsonArray();

    Report(Path resultsRoot, String mode, JsonObject options) {
        this.dir = resultsRoot.resolve(mode + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        this.summary = new JsonObject().put("mode", mode).put("startedAt", LocalDateTime.now().toString())
                .put("machine", machine()).put("options", options).put("runs", runs).put("comparisons", comparisons);
    }

    /** Where {@link #write()} puts summary.json (and the histograms already are). */
    Path dir() {
        return dir;
    }

    JsonObject summary() {
        return summary;
    }

    /** Prints one run's table and keeps it (with its histograms) for {@link #write()}. */
    void add(RunResult r) {
        add(r, true);
    }

    /** Keeps a run (JSON and histograms), printing its table only when {@code print}. */
    void add(RunResult r, boolean print) {
        runs.add(RunJson.of(r));
        if (print) {
            print(r);
        }
        writeHistograms(r);
    }

    /** Prints and keeps subject ÷ baseline for every latency both runs recorded. */
    void compare(String what, RunResult baseline, RunResult subject) {
        JsonObject ratios = new JsonObject();
        System.out.printf(Locale.ROOT, "%n== %s: %s ÷ %s (same generator, same load) ==%n", what, subject.label(),
                baseline.label());
        System.out.printf(Locale.ROOT, "%-36s %10s %10s %10s %10s%n", "latency", "p50 ratio", "p99 ratio",
                "base p99", "subj p99");
        for (Metrics.Kind kind : Metrics.Kind.values()) {
            Histogram b = baseline.metrics().recorded(kind);
            Histogram s = subject.metrics().recorded(kind);
            if (b.getTotalCount() == 0 || s.getTotalCount() == 0) {
                continue;
            }
            double p50 = ratio(s.getValueAtPercentile(50), b.getValueAtPercentile(50));
            double p99 = ratio(s.getValueAtPercentile(99), b.getValueAtPercentile(99));
            ratios.put(kind.name().toLowerCase(Locale.ROOT), new JsonObject().put("p50Ratio", nullIfNaN(p50))
                    .put("p99Ratio", nullIfNaN(p99)));
            System.out.printf(Locale.ROOT, "%-36s %10.2f %10.2f %9.2fms %9.2fms%n", kind.label, p50, p99,
                    b.getValueAtPercentile(99) / 1000.0, s.getValueAtPercentile(99) / 1000.0);
        }
        JsonObject entry = new JsonObject().put("what", what).put("baseline", baseline.label())
                .put("subject", subject.label()).put("ratios", ratios);
        comparisons.add(entry);
    }

    /** Writes summary.json; returns the directory. */
    Path write() {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("summary.json"), summary.encodePrettily());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("\nresults: " + dir.toAbsolutePath().normalize());
        return dir;
    }

    static double ms(long micros) {
        return micros / 1000.0;
    }

    static double round(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? Double.NaN : Math.round(v * 1000) / 1000.0;
    }

    /** The percentile table header and rows; used for runs and for phases. */
    static void printTable(Map<String, Histogram> rows) {
        System.out.printf(Locale.ROOT, "%-38s %9s %9s %9s %9s %9s %9s%n", "latency (ms, from intended send)", "count",
                "p50", "p90", "p99", "p99.9", "max");
        rows.forEach((label, h) -> {
            if (h.getTotalCount() == 0) {
                return;
            }
            System.out.printf(Locale.ROOT, "%-38s %9d", label, h.getTotalCount());
            for (double p : PERCENTILES) {
                System.out.printf(Locale.ROOT, " %9.3f", h.getValueAtPercentile(p) / 1000.0);
            }
            System.out.printf(Locale.ROOT, " %9.3f%n", h.getMaxValue() / 1000.0);
        });
    }

    private static void print(RunResult r) {
        double secs = r.recordedSeconds();
        System.out.printf(Locale.ROOT, "%n== %s (%s, %s) ==%n", r.label(), r.target().label,
                describePlan(r.plan()));
        Map<String, Histogram> rows = new LinkedHashMap<>();
        for (Metrics.Kind kind : Metrics.Kind.values()) {
            rows.put(kind.label, r.metrics().recorded(kind));
        }
        printTable(rows);
        System.out.printf(Locale.ROOT, "throughput: sent %.1f/s, answered %.1f/s", r.recordedCount(Metrics.Count.SENT) / secs,
                r.recordedCount(Metrics.Count.CREATED) / secs);
        boolean agentsWork = r.toAgents(); // relay agents resolve too
        if (r.toAgents()) {
            System.out.printf(Locale.ROOT, ", reached an agent %.1f/s", r.recordedCount(Metrics.Count.FIRST_PUSH) / secs);
        }
        if (agentsWork) {
            System.out.printf(Locale.ROOT, ", resolved %.1f/s", r.recordedCount(Metrics.Count.RESOLVED) / secs);
        }
        System.out.println();
        if (r.toAgents()) {
            System.out.printf(Locale.ROOT, "routing: %d found an idle agent at intake, %d queued; %d offers revoked%n",
                    r.recordedCount(Metrics.Count.ROUTED_AT_INTAKE), r.recordedCount(Metrics.Count.QUEUED_AT_INTAKE),
                    r.recordedCount(Metrics.Count.REVOKED));
        }
        System.out.println("errors: " + describeErrors(r));
        if (agentsWork) {
            System.out.printf(Locale.ROOT, "agents: %d, mean tickets held %.1f, busy (holding >= 1) %.1f %%%n",
                    r.agents(), r.meanHeld(), r.meanBusyShare() * 100);
        } else if (r.agents() > 0) {
            System.out.printf(Locale.ROOT, "receiving sockets: %d%n", r.agents());
        }
        System.out.printf(Locale.ROOT, "cpu (cores of %d): generator %.2f, server %s%n",
                Runtime.getRuntime().availableProcessors(), r.generatorCores(),
                Double.isNaN(r.serverCores()) ? "n/a (pass --server-pid)" : String.format(Locale.ROOT, "%.2f", r.serverCores()));
        System.out.printf(Locale.ROOT, "generator max pacing lag %.2f ms; unanswered at end %d", r.maxPacerLagNanos() / 1e6,
                r.inFlightAtEnd());
        System.out.println(r.toAgents() ? "; not at an agent at end " + r.waitingAtEnd() : "");
    }

    static String describePlan(RatePlan plan) {
        StringBuilder b = new StringBuilder();
        for (RatePlan.Phase p : plan.phases()) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(p.name()).append(' ').append(Math.round(p.ratePerSecond())).append("/s for ")
                    .append(Math.round(p.nanos() / 1e9)).append('s').append(p.recorded() ? "" : " (not recorded)");
        }
        return b.toString();
    }

    private static String describeErrors(RunResult r) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < r.plan().phases().size(); i++) {
            if (!r.plan().phase(i).recorded()) {
                continue;
            }
            r.metrics().errors(i).forEach((cause, n) -> b.append(b.length() > 0 ? ", " : "").append(cause).append('=').append(n));
        }
        return b.length() == 0 ? "none" : b.toString();
    }

    private void writeHistograms(RunResult r) {
        try {
            Files.createDirectories(dir);
            for (Metrics.Kind kind : Metrics.Kind.values()) {
                Histogram h = r.metrics().recorded(kind);
                if (h.getTotalCount() == 0) {
                    continue;
                }
                Path file = dir.resolve(fileName(r.label()) + "-" + kind.name().toLowerCase(Locale.ROOT) + ".hgrm");
                try (PrintStream out = new PrintStream(Files.newOutputStream(file), true, StandardCharsets.UTF_8)) {
                    h.outputPercentileDistribution(out, 1000.0);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fileName(String label) {
        return label.replaceAll("[^A-Za-z0-9_.-]+", "_");
    }

    static Double nullIfNaN(double v) {
        return Double.isNaN(v) ? null : round(v);
    }

    private static double ratio(long subject, long baseline) {
        return baseline == 0 ? Double.NaN : (double) subject / baseline;
    }

    private static JsonObject machine() {
        Runtime rt = Runtime.getRuntime();
        return new JsonObject().put("cores", rt.availableProcessors())
                .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"))
                .put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))
                .put("generatorMaxHeapMiB", rt.maxMemory() >> 20);
    }
}

package io.switchboard.load;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * First-response SLA attainment per customer tier and channel, computed by the tool (the server
 * has no SLA policies yet): a ticket meets its target when the time from its intended creation to
 * the agent's {@code assigned} message, scaled up by the day's speed-up into simulated time, is
 * within the profile's target. Tickets never assigned count as missed. Thread-safe.
 */
final class SlaBook {
    private static final class Cell {
        final LongAdder sent = new LongAdder();
        final LongAdder assigned = new LongAdder();
        final LongAdder within = new LongAdder();
        /** Simulated first-response times, milliseconds. */
        final ConcurrentHistogram simulatedMs = new ConcurrentHistogram(3);
    }

    private final DayProfile profile;
    private final double speed;
    private final Map<String, Cell> cells = new ConcurrentHashMap<>();

    SlaBook(DayProfile profile, double speed) {
        this.profile = profile;
        this.speed = speed;
    }

    void sent(String tier, String channel) {
        cell(tier, channel).sent.increment();
    }

    /** An agent got the ticket ({@code intended} and {@code arrived} are generator nanoTime values). */
    void assigned(JsonObject ticket, long intended, long arrived) {
        String tier = ticket.getJsonObject("customer").getString("tier");
        String channel = ticket.getString("channel");
        long simulatedMs = Math.round((arrived - intended) * speed / 1e6);
        Cell cell = cell(tier, channel);
        cell.assigned.increment();
        cell.simulatedMs.recordValue(Math.max(0, simulatedMs));
        Duration target = profile.target(tier, channel);
        if (target != null && simulatedMs <= target.toMillis()) {
            cell.within.increment();
        }
    }

    /** Prints the attainment table and returns it as JSON. */
    JsonObject report() {
        System.out.printf(Locale.ROOT, "%n== first-response SLA attainment (simulated time, target from the day profile) ==%n");
        System.out.printf(Locale.ROOT, "%-11s %-8s %8s %8s %9s %9s %11s %10s %10s%n", "tier", "channel", "target",
                "tickets", "assigned", "in time", "attainment", "p50", "p90");
        JsonArray rows = new JsonArray();
        long sentAll = 0;
        long withinAll = 0;
        for (Map.Entry<String, Cell> e : new TreeMap<>(cells).entrySet()) {
            String[] key = e.getKey().split("/");
            Cell c = e.getValue();
            Duration target = profile.target(key[0], key[1]);
            long sent = c.sent.sum();
            long within = c.within.sum();
            sentAll += sent;
            withinAll += within;
            double attainment = sent == 0 ? Double.NaN : 100.0 * within / sent;
            long p50 = c.simulatedMs.getTotalCount() == 0 ? -1 : c.simulatedMs.getValueAtPercentile(50);
            long p90 = c.simulatedMs.getTotalCount() == 0 ? -1 : c.simulatedMs.getValueAtPercentile(90);
            System.out.printf(Locale.ROOT, "%-11s %-8s %8s %8d %9d %9d %10.1f%% %10s %10s%n", key[0], key[1],
                    target == null ? "-" : human(target.toMillis()), sent, c.assigned.sum(), within, attainment,
                    p50 < 0 ? "-" : human(p50), p90 < 0 ? "-" : human(p90));
            rows.add(new JsonObject().put("tier", key[0]).put("channel", key[1])
                    .put("targetSeconds", target == null ? null : target.toMillis() / 1000.0).put("tickets", sent)
                    .put("assigned", c.assigned.sum()).put("withinTarget", within)
                    .put("attainment", Double.isNaN(attainment) ? null : Report.round(attainment / 100))
                    .put("p50Seconds", p50 < 0 ? null : p50 / 1000.0).put("p90Seconds", p90 < 0 ? null : p90 / 1000.0));
        }
        double overall = sentAll == 0 ? Double.NaN : 100.0 * withinAll / sentAll;
        System.out.printf(Locale.ROOT, "overall: %d of %d tickets answered within target (%.1f %%)%n", withinAll, sentAll,
                overall);
        return new JsonObject().put("speed", speed).put("rows", rows)
                .put("overallAttainment", Double.isNaN(overall) ? null : Report.round(overall / 100));
    }

    private Cell cell(String tier, String channel) {
        return cells.computeIfAbsent(tier + "/" + channel, k -> new Cell());
    }

    private static String human(long millis) {
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis < 120_000) {
            return String.format(Locale.ROOT, "%.0fs", millis / 1000.0);
        }
        if (millis < 7_200_000) {
            return String.format(Locale.ROOT, "%.0fm", millis / 60000.0);
        }
        return String.format(Locale.ROOT, "%.1fh", millis / 3600000.0);
    }
}

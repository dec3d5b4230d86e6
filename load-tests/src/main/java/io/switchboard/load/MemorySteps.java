package io.switchboard.load;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Locale;

/**
 * Memory readings of a server at growing counts of something (connections, waiting tickets): live
 * heap after a full GC and RSS (with a pid, see {@link HeapProbe}) and the kernel's TCP memory.
 * The least-squares slopes are the cost of one more item; anything created before the first
 * reading is not counted.
 */
final class MemorySteps {
    private final String label;
    private final String unit;
    private final long pid;
    private final JsonArray samples = new JsonArray();

    MemorySteps(String label, String unit, long pid) {
        this.label = label;
        this.unit = unit;
        this.pid = pid;
    }

    void sample(long count) {
        JsonObject s = new JsonObject().put("count", count).put("tcpKernelBytes", HeapProbe.tcpKernelBytes());
        if (pid > 0) {
            long live = HeapProbe.liveHeapBytes(pid);
            long rss = HeapProbe.rssBytes(pid);
            s.put("liveHeapBytes", live).put("rssBytes", rss);
            System.out.printf(Locale.ROOT, "[%s] %8d %s: server live heap %.1f MiB, RSS %.1f MiB%n", label, count, unit,
                    live / 1048576.0, rss / 1048576.0);
        }
        samples.add(s);
    }

    /** Live-heap bytes per item, or null without a pid (or fewer than two readings). */
    Double liveBytesPerItem() {
        return slope("liveHeapBytes");
    }

    /** Prints the slopes and returns every reading with them. */
    JsonObject result() {
        JsonObject result = new JsonObject().put("target", label).put("unit", unit).put("samples", samples.copy())
                .put("liveHeapBytesPerItem", liveBytesPerItem()).put("rssBytesPerItem", slope("rssBytes"))
                .put("tcpKernelBytesPerItem", slope("tcpKernelBytes"));
        System.out.printf(Locale.ROOT, "[%s] per %s: live heap %s, RSS %s, kernel TCP %s%n", label,
                unit.replaceAll("s$", ""), bytes(liveBytesPerItem()), bytes(result.getDouble("rssBytesPerItem")),
                bytes(result.getDouble("tcpKernelBytesPerItem")));
        return result;
    }

    private Double slope(String key) {
        int n = 0;
        double[] x = new double[samples.size()];
        double[] y = new double[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            JsonObject s = samples.getJsonObject(i);
            Long v = s.getLong(key);
            if (v != null && v >= 0) {
                x[n] = s.getLong("count");
                y[n++] = v;
            }
        }
        double slope = Stats.slope(Arrays.copyOf(x, n), Arrays.copyOf(y, n));
        return Double.isNaN(slope) ? null : (double) Math.round(slope);
    }

    private static String bytes(Double b) {
        return b == null ? "n/a" : String.format(Locale.ROOT, "%.0f B (%.2f KiB)", b, b / 1024);
    }
}

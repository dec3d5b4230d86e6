package io.switchboard.history;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Measurement hook, off unless a tool sets {@link #current}: the writer's thread CPU per step of a
 * DuckDB write ({@code HistoryPhaseCost}). Each {@link #mark} charges the CPU since the previous
 * mark (or {@link #start}) to its step. Threading: the writer's thread only.
 */
final class WritePhases {
    static volatile WritePhases current;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Per step: CPU nanoseconds and count, in first-seen order. */
    final Map<String, long[]> totals = new LinkedHashMap<>();
    private long last;

    static void start() {
        WritePhases p = current;
        if (p != null) {
            p.last = THREADS.getCurrentThreadCpuTime();
        }
    }

    static void mark(String step) {
        WritePhases p = current;
        if (p != null) {
            long now = THREADS.getCurrentThreadCpuTime();
            long[] t = p.totals.computeIfAbsent(step, k -> new long[2]);
            t[0] += now - p.last;
            t[1]++;
            p.last = now;
        }
    }
}

package io.switchboard.load;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A server's CPU time per thread group ({@link ThreadCpu}) over a measured window that starts and
 * ends in the future: a daemon thread takes one snapshot at {@code from} and one at {@code to}, so
 * the figures cover exactly the window (not the warm-up, not the drain). Per-thread CPU shows what
 * a Java profile cannot: native time (an embedded database's engine) and kernel time (fsync).
 */
final class WindowCpu {
    private final long pid;
    private final AtomicReference<Map<Integer, Map.Entry<String, Long>>> start = new AtomicReference<>();
    private final AtomicReference<Map<Integer, Map.Entry<String, Long>>> end = new AtomicReference<>();
    private final Thread sampler;

    private WindowCpu(long pid, Instant from, Instant to) {
        this.pid = pid;
        this.sampler = new Thread(() -> {
            sleepUntil(from);
            start.set(ThreadCpu.snapshot(pid));
            sleepUntil(to);
            end.set(ThreadCpu.snapshot(pid));
        }, "window-cpu");
        sampler.setDaemon(true);
    }

    /** Starts sampling {@code pid} over [{@code from}, {@code to}]. */
    static WindowCpu over(long pid, Instant from, Instant to) {
        WindowCpu w = new WindowCpu(pid, from, to);
        w.sampler.start();
        return w;
    }

    /**
     * CPU nanoseconds per thread group in the window; empty when the window has not ended (the run
     * stopped early) or {@code /proc} could not be read. Names the threads while the server still runs.
     */
    Map<String, Long> byGroup() {
        try {
            sampler.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<Integer, Map.Entry<String, Long>> a = start.get();
        Map<Integer, Map.Entry<String, Long>> b = end.get();
        if (a == null || b == null || a.isEmpty() || b.isEmpty()) {
            return Map.of();
        }
        return ThreadCpu.byGroup(a, b, ThreadCpu.javaNames(pid));
    }

    private static void sleepUntil(Instant at) {
        OpenLoopRun.sleep(Math.max(0, Duration.between(Instant.now(), at).toMillis()));
    }
}

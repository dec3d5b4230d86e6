package io.switchboard.load;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A server's CPU time per thread group ({@link ThreadCpu}) over a measured window that starts in
 * the future: a daemon thread takes one snapshot at {@code from} and, for {@link #over}, one at
 * {@code to}, so the figures cover exactly the window (not the warm-up, not the drain); for
 * {@link #from} the window ends when {@link #byGroup} is called (after a settle, say). Per-thread
 * CPU shows what a Java profile cannot: native time (an embedded database's engine) and kernel
 * time (fsync).
 */
final class WindowCpu {
    private final long pid;
    private final AtomicReference<Map<Integer, Map.Entry<String, Long>>> start = new AtomicReference<>();
    private final AtomicReference<Map<Integer, Map.Entry<String, Long>>> end = new AtomicReference<>();
    private final Thread sampler;
    /** Null: the window ends at {@link #byGroup}. */
    private final Instant to;

    private WindowCpu(long pid, Instant from, Instant to) {
        this.pid = pid;
        this.to = to;
        this.sampler = new Thread(() -> {
            sleepUntil(from);
            start.set(ThreadCpu.snapshot(pid));
            if (to != null) {
                sleepUntil(to);
                end.set(ThreadCpu.snapshot(pid));
            }
        }, "window-cpu");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Starts sampling {@code pid} over [{@code from}, {@code to}]. */
    static WindowCpu over(long pid, Instant from, Instant to) {
        return new WindowCpu(pid, from, to);
    }

    /** Starts sampling {@code pid} from {@code from} to the call of {@link #byGroup}. */
    static WindowCpu from(long pid, Instant from) {
        return new WindowCpu(pid, from, null);
    }

    /**
     * CPU nanoseconds per thread group in the window; empty when the window has not begun or ended
     * (the run stopped early) or {@code /proc} could not be read. Names the threads while the
     * server still runs.
     */
    Map<String, Long> byGroup() {
        try {
            sampler.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (to == null && start.get() != null) {
            end.set(ThreadCpu.snapshot(pid));
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

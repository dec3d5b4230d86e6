package io.switchboard.load;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Locale;

/**
 * Samples a server's live heap (after a forced full GC) and RSS every interval on a background
 * thread, for the soak test: a retained heap that keeps growing at a steady load is a leak (or
 * state that is never evicted). The forced GC pauses the server, which shows in that second's
 * latency; intervals of a minute or more keep the disturbance small.
 */
final class HeapSampler {
    private final long pid;
    private final long intervalNanos;
    private final JsonArray samples = new JsonArray();
    private final Thread thread;
    private final long t0 = System.nanoTime();
    private volatile boolean stopped;

    private HeapSampler(long pid, Duration interval) {
        this.pid = pid;
        this.intervalNanos = interval.toNanos();
        this.thread = new Thread(this::loop, "heap-sampler");
        this.thread.setDaemon(true);
    }

    static HeapSampler start(long pid, Duration interval) {
        HeapSampler sampler = new HeapSampler(pid, interval);
        sampler.thread.start();
        return sampler;
    }

    /** Stops sampling; returns the samples and the live-heap slope in bytes per minute. */
    JsonObject stop() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(150_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (samples) {
            return new JsonObject().put("samples", samples.copy()).put("liveBytesPerMinute", slopePerMinute());
        }
    }

    private void loop() {
        long next = System.nanoTime();
        while (!stopped) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
            long live = HeapProbe.liveHeapBytes(pid);
            double minutes = (System.nanoTime() - t0) / 60e9;
            synchronized (samples) {
                samples.add(new JsonObject().put("minute", Math.round(minutes * 100) / 100.0).put("liveBytes", live)
                        .put("rssBytes", HeapProbe.rssBytes(pid)));
            }
            System.out.printf(Locale.ROOT, "[heap %6.1f min] server live heap %.1f MiB%n", minutes, live / 1048576.0);
            next += intervalNanos;
        }
    }

    private Double slopePerMinute() {
        double[] x = new double[samples.size()];
        double[] y = new double[samples.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = samples.getJsonObject(i).getDouble("minute");
            y[i] = samples.getJsonObject(i).getLong("liveBytes");
        }
        double slope = Stats.slope(x, y);
        return Double.isNaN(slope) ? null : Math.round(slope) * 1.0;
    }
}

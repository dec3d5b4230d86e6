package io.switchboard.load;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * Fires the sends of an open workload at their intended times, never waiting for a response.
 *
 * <p>A dedicated thread sleeps until the next intended time, then hands every arrival that is due
 * (one or more, when it woke late) to {@code send} on the generator's event-loop context, as
 * {@code send.accept(intendedNanos)}. Latency is measured from that intended time, so a stall in
 * the server or in this generator shows up in the results instead of silently lowering the rate
 * (no coordinated omission). {@link #maxLagNanos()} reports how late the pacer itself ran.
 */
final class Pacer {
    private final RatePlan plan;
    private final Arrivals arrivals;
    private final Context context;
    private final LongConsumer send;
    private volatile long maxLagNanos;

    Pacer(RatePlan plan, Arrivals arrivals, Context context, LongConsumer send) {
        this.plan = plan;
        this.arrivals = arrivals;
        this.context = context;
        this.send = send;
    }

    /** Starts pacing from {@code t0} (a {@link System#nanoTime()} value); completes after the last send is handed over. */
    Future<Void> start(long t0) {
        Promise<Void> done = Promise.promise();
        Thread thread = new Thread(() -> {
            pace(t0);
            context.runOnContext(v -> done.complete());
        }, "pacer");
        thread.setDaemon(true);
        thread.start();
        return done.future();
    }

    long maxLagNanos() {
        return maxLagNanos;
    }

    private void pace(long t0) {
        long total = plan.totalNanos();
        long next = t0;
        long[] batch = new long[64];
        while (next - t0 < total) {
            int phase = plan.phaseAt(next - t0);
            double rate = plan.phase(phase).ratePerSecond();
            if (rate <= 0) {
                next = t0 + plan.phaseEnd(phase);
                continue;
            }
            long now;
            while ((now = System.nanoTime()) < next) {
                LockSupport.parkNanos(next - now);
            }
            int n = 0;
            while (next <= now && next - t0 < total) {
                if (n == batch.length) {
                    batch = Arrays.copyOf(batch, n * 2);
                }
                batch[n++] = next;
                double r = plan.phase(plan.phaseAt(next - t0)).ratePerSecond();
                next = r > 0 ? next + arrivals.gapNanos(r) : t0 + plan.phaseEnd(plan.phaseAt(next - t0));
            }
            maxLagNanos = Math.max(maxLagNanos, now - batch[0]);
            long[] due = Arrays.copyOf(batch, n);
            context.runOnContext(v -> {
                for (long intended : due) {
                    send.accept(intended);
                }
            });
        }
    }
}

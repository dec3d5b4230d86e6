package io.switchboard.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** Future helpers for the setup phases (creating and connecting thousands of agents). */
final class Futures {
    private Futures() {
    }

    /**
     * Runs {@code op(0..n-1)} with at most {@code concurrency} in flight; fails with the first
     * failure (operations already started still finish).
     */
    static Future<Void> forEach(int n, int concurrency, IntFunction<Future<?>> op) {
        Promise<Void> done = Promise.promise();
        if (n == 0) {
            done.complete();
            return done.future();
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        for (int w = 0; w < Math.min(n, concurrency); w++) {
            pull(n, next, finished, op, done);
        }
        return done.future();
    }

    private static void pull(int n, AtomicInteger next, AtomicInteger finished, IntFunction<Future<?>> op,
            Promise<Void> done) {
        int i = next.getAndIncrement();
        if (i >= n) {
            return;
        }
        Future<?> step;
        try {
            step = op.apply(i);
        } catch (RuntimeException e) {
            step = Future.failedFuture(e);
        }
        step.onComplete(ar -> {
            if (ar.failed()) {
                done.tryFail(ar.cause());
                return;
            }
            if (finished.incrementAndGet() == n) {
                done.tryComplete();
            } else {
                pull(n, next, finished, op, done);
            }
        });
    }
}

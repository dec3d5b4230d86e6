package io.switchboard.api.auth;

import io.switchboard.config.RateLimit;
import io.switchboard.config.Role;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.TimeMeter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The per-caller buckets are a bounded cache: a flood of distinct callers keeps them under the
 * bound, and neither expiry nor size eviction hands a drained caller a fresh bucket early. Time is
 * a manual clock driving both the buckets and the cache.
 */
class RateLimiterTest {
    private static final RateLimit ONE_PER_SECOND_BURST_TEN = new RateLimit(1, 10);

    private final ManualClock clock = new ManualClock();

    private static Principal jwt(String subject, RateLimit rate) {
        return new Principal(subject, Role.AGENT, Long.MAX_VALUE, "jwt/" + subject, rate);
    }

    private static int allowed(RateLimiter limiter, Principal caller, int attempts) {
        int allowed = 0;
        for (int i = 0; i < attempts; i++) {
            allowed += limiter.acquire(caller) == 0 ? 1 : 0;
        }
        return allowed;
    }

    @Test
    void acquire_floodOf200kDistinctJwtSubjects_bucketsStayWithinTheBound() {
        RateLimiter limiter = new RateLimiter(RateLimiter.DEFAULT_MAX_CALLERS, clock);

        for (int i = 0; i < 200_000; i++) {
            assertThat(limiter.acquire(jwt("flood-" + i, RateLimit.DEFAULT))).isZero();
            if (i % 20_000 == 19_999) {
                assertThat(limiter.callers()).isLessThanOrEqualTo(RateLimiter.DEFAULT_MAX_CALLERS);
            }
        }

        assertThat(limiter.callers()).isLessThanOrEqualTo(RateLimiter.DEFAULT_MAX_CALLERS)
                .as("the bound is used, not a tiny cache").isGreaterThan(RateLimiter.DEFAULT_MAX_CALLERS / 2);
    }

    @Test
    void acquire_drainedCallerDuringFloodOfOneShotCallers_staysLimited() {
        RateLimiter limiter = new RateLimiter(10_000, clock);
        Principal alice = jwt("alice", ONE_PER_SECOND_BURST_TEN);
        assertThat(allowed(limiter, alice, 10)).isEqualTo(10);

        int allowedDuringFlood = 0;
        for (int i = 0; i < 200_000; i++) {
            limiter.acquire(jwt("flood-" + i, ONE_PER_SECOND_BURST_TEN));
            if (i % 1_000 == 0) {
                allowedDuringFlood += allowed(limiter, alice, 1);
            }
        }

        assertThat(allowedDuringFlood).as("the clock stood still: no refill, so no token may appear").isZero();
        assertThat(limiter.callers()).isLessThanOrEqualTo(10_000);
    }

    @Test
    void acquire_idleShorterThanRefillToFull_bucketKeptWithWhatItRefilled() {
        RateLimiter limiter = new RateLimiter(100, clock);
        Principal alice = jwt("alice", ONE_PER_SECOND_BURST_TEN);
        assertThat(allowed(limiter, alice, 10)).isEqualTo(10);

        clock.advance(5);

        assertThat(limiter.callers()).isEqualTo(1);
        assertThat(allowed(limiter, alice, 10)).as("five seconds refill five tokens, not ten").isEqualTo(5);
    }

    @Test
    void acquire_idleUntilRefilledToFull_bucketDroppedAndRebuiltWithTheSameTokens() {
        RateLimiter limiter = new RateLimiter(100, clock);
        Principal alice = jwt("alice", ONE_PER_SECOND_BURST_TEN);
        assertThat(allowed(limiter, alice, 10)).isEqualTo(10);

        clock.advance(11);

        assertThat(limiter.callers()).as("idle past refill-to-full (10 s) plus a second").isZero();
        assertThat(allowed(limiter, alice, 20)).as("a full bucket, as the kept one would be").isEqualTo(10);
    }

    /** Nanoseconds that move only when the test says so. */
    private static final class ManualClock implements TimeMeter {
        private final AtomicLong nanos = new AtomicLong(TimeUnit.DAYS.toNanos(1));

        void advance(long seconds) {
            nanos.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
        }

        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    }
}

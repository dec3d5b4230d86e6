package io.switchboard.api.auth;

import io.switchboard.config.RateLimit;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;

/**
 * One local Bucket4j token bucket per caller ({@link Principal#rateKey()}), shared by every event
 * loop. Bucket4j is lock-free, so the check costs a CAS. Per node: behind a load balancer with N
 * nodes a caller gets up to N times its limit (documented in docs/security.md).
 *
 * <p>The buckets live in a bounded Caffeine cache, so a stream of distinct callers (JWT subjects,
 * API keys) cannot grow the heap without limit. Eviction never gives a caller more than its limit:
 * <ul>
 *   <li>by time: a bucket is dropped only after it has been idle for as long as it takes to refill
 *       to full ({@code ceil(burst / perSecond)} s, plus one second). A dropped bucket is rebuilt
 *       full, which is exactly the state the kept one would have reached, so expiry is invisible.</li>
 *   <li>by size (more than {@code maxCallers} callers active within their refill time): Caffeine's
 *       W-TinyLFU keeps frequently seen keys and evicts rarely seen ones, so a flood of one-shot
 *       callers pushes out other one-shot callers, not a busy caller's drained bucket. Resetting
 *       one's own bucket would take {@code maxCallers} distinct valid credentials, each of which
 *       already has a bucket of its own; it buys nothing a holder of that many credentials lacks.</li>
 * </ul>
 */
final class RateLimiter {
    /** Callers with a live bucket at once; at a few hundred bytes a bucket, tens of MB at most. */
    static final long DEFAULT_MAX_CALLERS = 100_000;

    private record Limited(Bucket bucket, Duration idleUntilFull) {}

    private final Cache<String, Limited> buckets;
    private final TimeMeter clock;

    RateLimiter() {
        this(DEFAULT_MAX_CALLERS, TimeMeter.SYSTEM_NANOTIME);
    }

    /** {@code clock} drives both the buckets' refill and the cache's expiry (tests pass a manual one). */
    RateLimiter(long maxCallers, TimeMeter clock) {
        this.clock = clock;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxCallers)
                .expireAfter(Expiry.<String, Limited>accessing((key, limited) -> limited.idleUntilFull()))
                .ticker(clock::currentTimeNanos)
                .build();
    }

    /** Takes one token; returns 0 when allowed, else the whole seconds to wait (at least 1). */
    long acquire(Principal principal) {
        Bucket bucket = buckets.get(principal.rateKey(), key -> newBucket(principal.rate())).bucket();
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return 0;
        }
        return Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
    }

    /** Callers holding a bucket now (after pending evictions are applied). */
    long callers() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    private Limited newBucket(RateLimit rate) {
        Bucket bucket = Bucket.builder()
                .addLimit(limit -> limit.capacity(rate.burst()).refillGreedy(rate.perSecond(), Duration.ofSeconds(1)))
                .withCustomTimePrecision(clock)
                .build();
        long secondsToFull = (rate.burst() + rate.perSecond() - 1) / rate.perSecond();
        return new Limited(bucket, Duration.ofSeconds(secondsToFull + 1));
    }
}

package io.switchboard.api.auth;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One local Bucket4j token bucket per caller ({@link Principal#rateKey()}), shared by every event
 * loop. Bucket4j is lock-free, so the check costs a CAS. Per node: behind a load balancer with N
 * nodes a caller gets up to N times its limit (documented in docs/security.md).
 */
final class RateLimiter {
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** Takes one token; returns 0 when allowed, else the whole seconds to wait (at least 1). */
    long acquire(Principal principal) {
        Bucket bucket = buckets.computeIfAbsent(principal.rateKey(), k -> Bucket.builder()
                .addLimit(limit -> limit.capacity(principal.rate().burst())
                        .refillGreedy(principal.rate().perSecond(), Duration.ofSeconds(1)))
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return 0;
        }
        return Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
    }
}

package io.switchboard.channels.email;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.vertx.core.shareddata.Shareable;
import java.time.Duration;

/**
 * Mails per sender per hour (a token bucket each, refilled evenly over the hour), so a flood
 * from one address never floods the queues. One instance per node, shared by the HTTP verticles
 * (hence {@link Shareable}); at most 100,000 senders tracked, idle ones forgotten after an hour.
 */
public final class SenderLimiter implements Shareable {
    private final int perHour;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterAccess(Duration.ofHours(1)).build();

    public SenderLimiter(int perHour) {
        this.perHour = perHour;
    }

    /** Takes one mail from {@code sender}'s allowance; false when it is used up. */
    public boolean tryAcquire(String sender) {
        return buckets.get(sender, k -> Bucket.builder()
                .addLimit(limit -> limit.capacity(perHour).refillGreedy(perHour, Duration.ofHours(1))).build())
                .tryConsume(1);
    }
}

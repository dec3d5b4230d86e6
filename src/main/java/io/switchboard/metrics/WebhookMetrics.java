package io.switchboard.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Outgoing webhook meters (docs/metrics.md, "Webhooks"): attempts by outcome, attempt latency,
 * and per subscription the delivery lag (events and seconds) and the dead letters kept. The
 * {@code subscription} label is the subscription id: a handful per server, set by the operator,
 * never a ticket or agent id. Threading: safe from any thread.
 */
public final class WebhookMetrics {
    /** Outcomes of one delivery attempt. */
    public enum Outcome {
        DELIVERED, FAILED, GONE, DEAD_LETTERED;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Meters off (tests, metrics disabled). */
    public static final WebhookMetrics NOOP = new WebhookMetrics(null);

    private final MeterRegistry registry;
    private final Map<Outcome, Counter> attempts = new ConcurrentHashMap<>();
    private final Timer latency;
    private final Map<String, List<Meter>> perSubscription = new ConcurrentHashMap<>();

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
        if (registry != null) {
            for (Outcome outcome : Outcome.values()) {
                attempts.put(outcome, Counter.builder("switchboard.webhook.deliveries")
                        .description("Webhook delivery attempts by outcome (failed: will be retried)")
                        .tag("outcome", outcome.label()).register(registry));
            }
        }
        this.latency = registry == null ? null : Timer.builder("switchboard.webhook.attempt.duration")
                .description("Time from sending a webhook to its answer (or failure)").register(registry);
    }

    public static WebhookMetrics of(Metrics metrics) {
        return metrics.enabled() ? new WebhookMetrics(metrics.registry()) : NOOP;
    }

    public void attempt(Outcome outcome, long nanos) {
        if (registry != null) {
            attempts.get(outcome).increment();
            latency.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Registers the gauges of one subscription (replacing any of the same id). */
    public void subscription(String id, LongSupplier lagEvents, DoubleSupplier lagSeconds, LongSupplier deadLetters) {
        if (registry == null) {
            return;
        }
        remove(id);
        List<Meter> meters = new ArrayList<>();
        meters.add(Gauge.builder("switchboard.webhook.lag.events", lagEvents::getAsLong).tag("subscription", id)
                .description("Journaled events the subscription has not delivered or dead-lettered yet")
                .register(registry));
        meters.add(Gauge.builder("switchboard.webhook.lag", lagSeconds::getAsDouble).tag("subscription", id)
                .baseUnit("seconds").description("Age of the oldest event the subscription has not delivered")
                .register(registry));
        meters.add(Gauge.builder("switchboard.webhook.dead.letters", deadLetters::getAsLong).tag("subscription", id)
                .description("Dead-lettered deliveries kept for the subscription (replayable)").register(registry));
        perSubscription.put(id, meters);
    }

    public void remove(String id) {
        List<Meter> meters = perSubscription.remove(id);
        if (meters != null && registry != null) {
            meters.forEach(registry::remove);
        }
    }
}

package io.switchboard.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Agent replies sent through WeChat's customer-service message API (docs/metrics.md, "WeChat
 * replies"): send attempts by outcome, and how far the replier is behind the journal (events, and
 * seconds since the reply it is on was journaled). Threading: safe from any thread.
 */
public final class WeChatMetrics {
    /** Outcomes of one send attempt. */
    public enum Outcome {
        /** WeChat took the message (errcode 0). */
        SENT,
        /** A transient failure (errcode -1, HTTP 5xx, timeout, connection): tried again. */
        RETRYING,
        /** A final errcode (45015 outside the window, 45047 quota spent, 40003, ...). */
        REFUSED,
        /** The last attempt failed transiently: given up. */
        GAVE_UP
    }

    /** Meters off (tests, metrics disabled). */
    public static final WeChatMetrics NOOP = new WeChatMetrics(null);

    private final MeterRegistry registry;
    private volatile LongSupplier lagEvents;
    private volatile LongSupplier lagSeconds;
    private final Map<Outcome, Counter> attempts = new EnumMap<>(Outcome.class);

    public WeChatMetrics(MeterRegistry registry) {
        this.registry = registry;
        if (registry != null) {
            for (Outcome outcome : Outcome.values()) {
                attempts.put(outcome, Counter.builder("switchboard.wechat.replies")
                        .description("Agent replies sent through the WeChat customer-service API, per attempt outcome")
                        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry));
            }
        }
    }

    public static WeChatMetrics of(Metrics metrics) {
        return metrics.enabled() ? new WeChatMetrics(metrics.registry()) : NOOP;
    }

    public void attempt(Outcome outcome) {
        if (registry != null) {
            attempts.get(outcome).increment();
        }
    }

    /**
     * Registers the replier's lag: journal events after its saved cursor, and the seconds since the
     * reply it is delivering was journaled ({@code secondsBehind}, 0 while it waits for new replies).
     */
    public void lag(LongSupplier events, LongSupplier secondsBehind) {
        boolean first = lagEvents == null;
        lagEvents = events; // a later replier (a node that leads again) replaces the stopped one's
        lagSeconds = secondsBehind;
        if (registry != null && first) {
            Gauge.builder("switchboard.wechat.replier.lag.events", () -> lagEvents.getAsLong())
                    .description("Journaled events the WeChat replier has not handled yet").register(registry);
            Gauge.builder("switchboard.wechat.replier.lag", () -> lagSeconds.getAsLong()).baseUnit("seconds")
                    .description("Seconds since the reply the WeChat replier is delivering was journaled")
                    .register(registry);
        }
    }
}

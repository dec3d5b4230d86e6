package io.switchboard.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Agent replies sent by e-mail (docs/metrics.md, "E-mail replies"): attempts by outcome and the
 * journal events the outbox has not handled yet. Threading: safe from any thread.
 */
public final class MailMetrics {
    /** Outcomes of one SMTP attempt. */
    public enum Outcome {
        /** The server accepted the reply. */
        SENT,
        /** A transient failure (4xx, connection): the reply will be tried again. */
        RETRYING,
        /** Given up: a permanent 5xx refusal or the last attempt. */
        FAILED
    }

    /** Meters off (tests, metrics disabled). */
    public static final MailMetrics NOOP = new MailMetrics(null);

    private final MeterRegistry registry;
    private volatile LongSupplier lagEvents;
    private final Map<Outcome, Counter> attempts = new EnumMap<>(Outcome.class);

    public MailMetrics(MeterRegistry registry) {
        this.registry = registry;
        if (registry != null) {
            for (Outcome outcome : Outcome.values()) {
                attempts.put(outcome, Counter.builder("switchboard.mail.replies")
                        .description("Agent replies sent by SMTP, per attempt outcome")
                        .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT)).register(registry));
            }
        }
    }

    public static MailMetrics of(Metrics metrics) {
        return metrics.enabled() ? new MailMetrics(metrics.registry()) : NOOP;
    }

    public void attempt(Outcome outcome) {
        if (registry != null) {
            attempts.get(outcome).increment();
        }
    }

    /** Registers the outbox's lag gauge (journal events after its saved cursor). */
    public void lag(LongSupplier events) {
        boolean first = lagEvents == null;
        lagEvents = events; // a later outbox (a node that leads again) replaces the stopped one's
        if (registry != null && first) {
            Gauge.builder("switchboard.mail.outbox.lag.events", () -> lagEvents.getAsLong())
                    .description("Journaled events the e-mail outbox has not handled yet").register(registry);
        }
    }
}

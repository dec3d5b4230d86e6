package io.switchboard.history;

import io.switchboard.history.ReportQuery.Dimension;
import io.switchboard.history.ReportQuery.Scope;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An SLA advice request (docs/reports.md, "SLA advice"): over the archived tickets created in
 * {@code [from, to)} (epoch millis) on which {@code metric} was measured, within {@code scope},
 * grouped by {@code groupBy}: the business-time distribution and the target that
 * {@code percentile} (exclusive 0 to 100) of them met. {@code configured} (nullable): the SLA
 * configuration in force, whose targets the advice shows next to the recorded ones.
 */
public record AdviceQuery(Metric metric, double percentile, List<Dimension> groupBy, long from, long to, Scope scope,
        io.switchboard.core.sla.SlaConfig configured) {
    /** Without the configuration in force: the advice's configured columns are null. */
    public AdviceQuery(Metric metric, double percentile, List<Dimension> groupBy, long from, long to, Scope scope) {
        this(metric, percentile, groupBy, from, to, scope, null);
    }

    /** This query, showing the targets of {@code sla} as configured today. */
    public AdviceQuery withConfigured(io.switchboard.core.sla.SlaConfig sla) {
        return new AdviceQuery(metric, percentile, groupBy, from, to, scope, sla);
    }

    public AdviceQuery {
        groupBy = List.copyOf(groupBy);
        if (!(percentile > 0 && percentile < 100)) {
            throw new IllegalArgumentException("percentile must be between 0 and 100 (exclusive), not " + percentile);
        }
        if (to <= from) {
            throw new IllegalArgumentException("to must be after from");
        }
    }

    /** The clocks advice is given for, and the report_tickets columns each reads. */
    public enum Metric {
        FIRST_RESPONSE("firstResponse", "first_reply_at", "first_response"),
        RESOLUTION("resolution", "resolved_at", "resolution");

        private final String wire;
        final String measuredAt;
        final String clock;

        Metric(String wire, String measuredAt, String clock) {
            this.wire = wire;
            this.measuredAt = measuredAt;
            this.clock = clock;
        }

        public String wire() {
            return wire;
        }

        public static Optional<Metric> parse(String wire) {
            for (Metric m : values()) {
                if (m.wire.equals(wire)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }

        @Override
        public String toString() {
            return wire.toLowerCase(Locale.ROOT);
        }
    }
}

package io.switchboard.history;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One report request over the history store (docs/reports.md): tickets created in
 * {@code [from, to)} (epoch millis), cut into {@code buckets} (consecutive {@code [start, end)}
 * ranges in {@code zone}, at least one), grouped by {@code groupBy} (in that order), keeping only
 * rows whose dimension values are among {@code filters}' sets, and within {@code scope}.
 */
public record ReportQuery(Report report, ZoneId zone, List<long[]> buckets, List<Dimension> groupBy,
        Map<Dimension, Set<String>> filters, Scope scope) {
    public ReportQuery {
        buckets = List.copyOf(buckets);
        groupBy = List.copyOf(groupBy);
        filters = Map.copyOf(filters);
        if (buckets.isEmpty()) {
            throw new IllegalArgumentException("a report needs at least one bucket");
        }
    }

    public long from() {
        return buckets.get(0)[0];
    }

    public long to() {
        return buckets.get(buckets.size() - 1)[1];
    }

    /** The reports; their measures are defined in docs/reports.md. */
    public enum Report {
        RESPONSE_TIMES, RESOLUTION, SATISFACTION, BACKLOG, SLA_EVENTS, OCCUPANCY, HANDOFFS;

        /**
         * True for the reports grouped, filtered and scoped by ticket dimensions: those over
         * archived tickets, and those counting timeline events ({@code backlog},
         * {@code sla-events}, through each ticket's {@code ticket_dims}); false for
         * {@code occupancy} (per agent, from the presence history: no groupBy, the agent filter only)
         * and {@code handoffs} (always per receiving team: no groupBy; filtered and scoped by
         * ticket_dims).
         */
        public boolean perTicket() {
            return this != OCCUPANCY && this != HANDOFFS;
        }

        /**
         * True for the reports counting timeline events ({@code backlog}, {@code sla-events}): their
         * tickets' dimensions come from {@code ticket_dims}, which has no SLA policy to group by.
         */
        public boolean timeline() {
            return this == BACKLOG || this == SLA_EVENTS || this == HANDOFFS;
        }

        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Optional<Report> parse(String wire) {
            for (Report r : values()) {
                if (r.wire().equals(wire)) {
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * What a report can group and filter by, and the report_tickets column each reads: the handling
     * agent (the last one assigned) and that agent's team at archiving, the ticket's final queue, customer tier, channel,
     * type, priority and SLA policy.
     */
    public enum Dimension {
        TEAM("t.team"), AGENT("t.handled_by"), QUEUE("t.queue"), TIER("t.customer_tier"), CHANNEL("t.channel"),
        TYPE("t.type"), PRIORITY("t.priority"), POLICY("t.sla_policy");

        final String column;

        Dimension(String column) {
            this.column = column;
        }

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Dimension> parse(String wire) {
            for (Dimension d : values()) {
                if (d.wire().equals(wire)) {
                    return Optional.of(d);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Whose tickets the caller may count: {@link #ALL}, or those in {@code queues} or handled by
     * {@code agents} (a supervisor's reach; an agent's own tickets are {@code agents} = itself).
     */
    public record Scope(Set<String> queues, Set<String> agents) {
        public static final Scope ALL = new Scope(null, null);

        public boolean all() {
            return queues == null && agents == null;
        }
    }
}

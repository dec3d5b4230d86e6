package io.switchboard.history;

import io.switchboard.core.sla.SlaConfig;
import io.switchboard.history.ReportQuery.Dimension;
import io.switchboard.history.ReportQuery.Scope;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An SLA dry-run (docs/reports.md, "SLA dry-run"): the archived tickets created in
 * {@code [from, to)} (epoch millis), kept by {@code filters} and {@code scope} as in a report,
 * replayed under {@code proposal} and grouped by {@code groupBy} (in that order).
 */
public record DryRunQuery(SlaConfig proposal, long from, long to, List<Dimension> groupBy,
        Map<Dimension, Set<String>> filters, Scope scope) {
    public DryRunQuery {
        Objects.requireNonNull(proposal, "proposal");
        groupBy = List.copyOf(groupBy);
        filters = Map.copyOf(filters);
        if (to <= from) {
            throw new IllegalArgumentException("to must be after from");
        }
    }
}

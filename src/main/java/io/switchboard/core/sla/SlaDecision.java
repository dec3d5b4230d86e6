package io.switchboard.core.sla;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The SLA policy the router chose for a ticket at one instant, written into the journal so that
 * replay applies it instead of asking today's configuration again.
 *
 * @param policy    the chosen policy's name, or null when no policy matched (the ticket has no clocks)
 * @param calendar  the business calendar the targets count in, by name; null when {@code policy} is null
 * @param targets   per clock, the target in business millis (clocks without a target are absent)
 * @param deadlines per clock running at the decision, its deadline then (epoch millis); an audit
 *                  record of what was promised, not read back by the engine
 */
public record SlaDecision(String policy, String calendar, Map<SlaMetric, Long> targets,
        Map<SlaMetric, Long> deadlines) {

    /** No policy matched: the ticket has no SLA clocks. */
    public static final SlaDecision NONE = new SlaDecision(null, null, Map.of(), Map.of());

    public SlaDecision {
        targets = frozen(targets, true);
        deadlines = frozen(deadlines, false);
    }

    public long target(SlaMetric metric) {
        return targets.getOrDefault(metric, 0L);
    }

    /**
     * An immutable copy: one compact object ({@link MetricMillis}), since the engine keeps a
     * decision per ticket; a map with a null value (which the compact form cannot hold) is copied
     * into an {@code EnumMap} as before. Targets repeat across the tickets of a policy, so an
     * equal copy made recently is shared ({@link MetricMillis#sharedCopyOf}); deadlines do not.
     */
    private static Map<SlaMetric, Long> frozen(Map<SlaMetric, Long> map, boolean shared) {
        Map<SlaMetric, Long> compact = shared ? MetricMillis.sharedCopyOf(map) : MetricMillis.copyOf(map);
        if (compact != null) {
            return compact;
        }
        EnumMap<SlaMetric, Long> copy = new EnumMap<>(SlaMetric.class);
        if (map != null) {
            copy.putAll(map);
        }
        return Collections.unmodifiableMap(copy);
    }
}

package io.switchboard.core.sla;

/** Targets in business milliseconds; 0 means the policy sets no target for that clock. */
public record SlaTargets(long firstResponseMillis, long nextResponseMillis, long resolutionMillis) {
    public long of(SlaMetric metric) {
        switch (metric) {
            case FIRST_RESPONSE:
                return firstResponseMillis;
            case NEXT_RESPONSE:
                return nextResponseMillis;
            default:
                return resolutionMillis;
        }
    }
}

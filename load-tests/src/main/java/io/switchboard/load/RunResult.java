package io.switchboard.load;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What one open-loop run against one target produced. {@code waitingAtEnd} counts tickets that
 * were created but never reached an agent before the drain period ended; {@code inFlightAtEnd}
 * requests that never got an answer. CPU figures are in cores (NaN when unknown).
 */
record RunResult(
        String label,
        Target target,
        boolean toAgents,
        Metrics metrics,
        double generatorCores,
        double serverCores,
        double meanHeld,
        double meanBusyShare,
        int agents,
        long maxPacerLagNanos,
        int waitingAtEnd,
        long inFlightAtEnd,
        List<JsonObject> timeline) {

    RatePlan plan() {
        return metrics.plan();
    }

    /** Seconds spent in recorded phases. */
    double recordedSeconds() {
        double s = 0;
        for (RatePlan.Phase p : plan().phases()) {
            if (p.recorded()) {
                s += p.nanos() / 1e9;
            }
        }
        return s;
    }

    long recordedCount(Metrics.Count count) {
        long sum = 0;
        for (int i = 0; i < plan().phases().size(); i++) {
            if (plan().phase(i).recorded()) {
                sum += metrics.count(count, i);
            }
        }
        return sum;
    }

    long recordedErrors() {
        long sum = 0;
        for (int i = 0; i < plan().phases().size(); i++) {
            if (plan().phase(i).recorded()) {
                sum += metrics.errorTotal(i);
            }
        }
        return sum;
    }
}

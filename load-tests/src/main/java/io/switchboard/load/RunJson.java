package io.switchboard.load;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** One run as JSON for {@code summary.json}: totals, per-phase counts, errors and latencies, and the timeline. */
final class RunJson {
    private RunJson() {
    }

    static JsonObject of(RunResult r) {
        double secs = r.recordedSeconds();
        JsonArray phases = new JsonArray();
        for (int i = 0; i < r.plan().phases().size(); i++) {
            RatePlan.Phase p = r.plan().phase(i);
            JsonObject counts = new JsonObject();
            for (Metrics.Count c : Metrics.Count.values()) {
                counts.put(c.name().toLowerCase(Locale.ROOT), r.metrics().count(c, i));
            }
            JsonObject latencies = new JsonObject();
            for (Metrics.Kind kind : Metrics.Kind.values()) {
                Histogram h = r.metrics().phase(kind, i);
                if (h.getTotalCount() > 0) {
                    latencies.put(kind.name().toLowerCase(Locale.ROOT), latency(h));
                }
            }
            JsonObject errors = new JsonObject();
            r.metrics().errors(i).forEach(errors::put);
            phases.add(new JsonObject().put("name", p.name()).put("ratePerSecond", p.ratePerSecond())
                    .put("seconds", p.nanos() / 1e9).put("recorded", p.recorded()).put("counts", counts)
                    .put("errors", errors).put("latency", latencies));
        }
        JsonObject latency = new JsonObject();
        for (Metrics.Kind kind : Metrics.Kind.values()) {
            Histogram h = r.metrics().recorded(kind);
            if (h.getTotalCount() > 0) {
                latency.put(kind.name().toLowerCase(Locale.ROOT), latency(h));
            }
        }
        return new JsonObject().put("label", r.label()).put("target", r.target().label).put("toAgents", r.toAgents())
                .put("latency", latency)
                .put("throughput", new JsonObject()
                        .put("sentPerSecond", Report.round(r.recordedCount(Metrics.Count.SENT) / secs))
                        .put("createdPerSecond", Report.round(r.recordedCount(Metrics.Count.CREATED) / secs))
                        .put("firstPushesPerSecond", Report.round(r.recordedCount(Metrics.Count.FIRST_PUSH) / secs))
                        .put("resolvedPerSecond", Report.round(r.recordedCount(Metrics.Count.RESOLVED) / secs)))
                .put("errors", r.recordedErrors())
                .put("agents", new JsonObject().put("count", r.agents()).put("meanHeld", Report.round(r.meanHeld()))
                        .put("busyShare", Report.round(r.meanBusyShare())))
                .put("cpuCores", new JsonObject().put("generator", Report.nullIfNaN(r.generatorCores()))
                        .put("server", Report.nullIfNaN(r.serverCores())))
                .put("maxPacerLagMs", Report.round(r.maxPacerLagNanos() / 1e6))
                .put("inFlightAtEnd", r.inFlightAtEnd()).put("waitingAtEnd", r.waitingAtEnd())
                .put("phases", phases).put("timeline", new JsonArray(r.timeline()));
    }

    static JsonObject latency(Histogram h) {
        JsonObject json = new JsonObject().put("count", h.getTotalCount());
        if (h.getTotalCount() > 0) {
            json.put("p50Ms", Report.ms(h.getValueAtPercentile(50))).put("p90Ms", Report.ms(h.getValueAtPercentile(90)))
                    .put("p99Ms", Report.ms(h.getValueAtPercentile(99))).put("p999Ms", Report.ms(h.getValueAtPercentile(99.9)))
                    .put("maxMs", Report.ms(h.getMaxValue())).put("meanMs", Report.round(h.getMean() / 1000.0));
        }
        return json;
    }
}

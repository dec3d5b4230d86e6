package io.switchboard.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.core.agent.Presence;
import io.switchboard.engine.AgentView;
import io.switchboard.engine.Command;
import io.switchboard.engine.Engine;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.QueueView;
import io.switchboard.metrics.EngineMetrics.Sampled;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gauges of the engine's state: per queue (depth, oldest wait, eligible and available agents) and
 * over agents (by presence, connected, utilisation). {@link #sample} runs on the engine's loop and
 * asks the engine's read-only queries; the values go to volatile fields the scrape reads from
 * another thread. Cost: one pass over queues and agents per sample (once a second).
 */
final class EngineGauges {
    private final Map<String, QueueGauges> queues = new HashMap<>();
    private final Map<Presence, Sampled> agentsByPresence = new EnumMap<>(Presence.class);
    private final Sampled connectedAgents = new Sampled();
    private final Sampled utilisation = new Sampled();

    EngineGauges(MeterRegistry registry, Collection<String> queueNames) {
        for (String queue : queueNames) {
            queues.put(queue, new QueueGauges(registry, queue));
        }
        for (Presence presence : Presence.values()) {
            Sampled holder = new Sampled();
            agentsByPresence.put(presence, holder);
            Gauge.builder("switchboard.agents", holder, h -> h.value).description("Agents by presence")
                    .tag("presence", presence.wire()).strongReference(true).register(registry);
        }
        Gauge.builder("switchboard.agents.connected", connectedAgents, h -> h.value)
                .description("Agents with an open WebSocket session").strongReference(true).register(registry);
        Gauge.builder("switchboard.agent.utilisation", utilisation, h -> h.value).baseUnit("ratio")
                .description("Tickets held / capacity, over agents not offline (0..1)")
                .strongReference(true).register(registry);
    }

    /** Runs on the engine loop: read-only queries, results into fields the scrape reads. */
    void sample(Engine engine) {
        long now = System.currentTimeMillis();
        Outcome queueAnswer = engine.handle(new Command.ListQueues(), now);
        if (queueAnswer.value() instanceof List<?> list) {
            for (Object item : list) {
                QueueView view = (QueueView) item;
                QueueGauges gauges = queues.get(view.definition().name());
                if (gauges != null) {
                    gauges.set(view);
                }
            }
        }
        Outcome agentAnswer = engine.handle(new Command.ListAgents(), now);
        if (agentAnswer.value() instanceof List<?> list) {
            int[] counts = new int[Presence.values().length];
            int connected = 0;
            long load = 0;
            long capacity = 0;
            for (Object item : list) {
                AgentView agent = (AgentView) item;
                counts[agent.presence().ordinal()]++;
                if (agent.connected()) {
                    connected++;
                }
                if (agent.presence() != Presence.OFFLINE) {
                    for (int held : agent.load().values()) {
                        load += held;
                    }
                    for (int cap : agent.profile().capacity().values()) {
                        capacity += cap;
                    }
                }
            }
            for (Presence presence : Presence.values()) {
                agentsByPresence.get(presence).value = counts[presence.ordinal()];
            }
            connectedAgents.value = connected;
            utilisation.value = capacity == 0 ? 0 : Math.min(1.0, (double) load / capacity);
        }
    }

    /** One queue's sampled numbers; written by the engine loop, read by scrapes. */
    private static final class QueueGauges {
        private volatile double waiting;
        private volatile double oldestWaitSeconds;
        private volatile double eligible;
        private volatile double available;

        QueueGauges(MeterRegistry registry, String queue) {
            Gauge.builder("switchboard.queue.depth", this, g -> g.waiting).tag("queue", queue)
                    .description("Tickets waiting in the queue (queued or offered)").strongReference(true)
                    .register(registry);
            Gauge.builder("switchboard.queue.oldest.wait", this, g -> g.oldestWaitSeconds).tag("queue", queue)
                    .baseUnit("seconds").description("Wait of the oldest ticket in the queue").strongReference(true)
                    .register(registry);
            Gauge.builder("switchboard.queue.agents.eligible", this, g -> g.eligible).tag("queue", queue)
                    .description("Agents whose profile qualifies for the queue").strongReference(true)
                    .register(registry);
            Gauge.builder("switchboard.queue.agents.available", this, g -> g.available).tag("queue", queue)
                    .description("Qualified agents available with free capacity").strongReference(true)
                    .register(registry);
        }

        void set(QueueView view) {
            waiting = view.waiting();
            oldestWaitSeconds = view.oldestWaitSeconds();
            eligible = view.eligibleAgents();
            available = view.availableAgents();
        }
    }
}

package io.switchboard.load.bench;

import io.switchboard.core.agent.AgentProfile;
import io.switchboard.core.agent.Presence;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.routing.Demand;
import io.switchboard.core.routing.QueueDefinition;
import io.switchboard.core.routing.RoutingConfig;
import io.switchboard.core.routing.SelectionStrategy;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Customer;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.TicketDraft;
import io.switchboard.core.ticket.TicketStatus;
import io.switchboard.engine.Command;
import io.switchboard.engine.Engine;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.TicketView;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole single-writer path of one routing cycle through {@link Engine#handle}: a ticket is
 * created (validated, journaled as events, queued, offered if an agent is free) and an assigned
 * ticket is resolved, which frees its agent and assigns it the best waiting ticket. Two decisions
 * per operation, with everything the engine does around them (events, views for the pushes,
 * SLA bookkeeping, timers).
 *
 * <p>State: the {@link RoutingWorld} population as 10,000 connected, available, auto-accepting
 * agents in 40 queues, every slot taken and 100,000 tickets waiting. Each operation adds one
 * ticket and completes one, so the line stays at 100,000; the engine keeps resolved tickets, so the
 * state is rebuilt for every iteration to bound the heap.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class EngineBenchmark {
    private static final int AGENTS = 10_000;
    private static final int WAITING = 100_000;
    private static final int QUEUES = 40;
    private static final int DRAFTS = 4096;
    private static final Map<Channel, Integer> CAPACITY = Map.of(Channel.CHAT, 2, Channel.EMAIL, 2, Channel.WEB, 1,
            Channel.WECHAT, 1);

    private Engine engine;
    private final TicketDraft[] drafts = new TicketDraft[DRAFTS];
    private final ArrayDeque<String> assigned = new ArrayDeque<>();
    private long now;
    private int cursor;

    @Setup(Level.Iteration)
    public void build() {
        RoutingWorld world = new RoutingWorld(7);
        SplittableRandom random = world.random();
        List<AgentProfile> agents = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
            agents.add(world.agent(i, CAPACITY, true));
        }
        Map<String, QueueDefinition> queues = new LinkedHashMap<>();
        for (Demand d : world.demandPool(QUEUES)) {
            String name = "queue-" + queues.size();
            queues.put(name, new QueueDefinition(name, d.skills(), List.copyOf(d.teams()),
                    SelectionStrategy.values()[queues.size() % SelectionStrategy.values().length], List.of(), List.of()));
        }
        RoutingConfig config = new RoutingConfig(Set.copyOf(world.skills), Set.copyOf(RoutingWorld.TEAMS), queues,
                List.of(), "queue-0", Map.of(Channel.CHAT, 600_000L), false, 120_000L, 0L,
                Map.of(CustomerTier.VIP, 300_000L), Map.of(Priority.HIGH, 300_000L), agents);
        now = 1_000_000_000L;
        engine = new Engine(config, now);
        for (AgentProfile agent : agents) {
            engine.handle(new Command.Connect(agent.id(), "session-" + agent.id()), ++now);
            engine.handle(new Command.SetPresence(agent.id(), "session-" + agent.id(), Presence.AVAILABLE), ++now);
        }
        List<String> queueNames = List.copyOf(queues.keySet());
        for (int i = 0; i < DRAFTS; i++) {
            drafts[i] = draft(world.channel(), queueNames.get(random.nextInt(QUEUES)), i, random);
        }
        assigned.clear();
        int waiting = 0;
        for (int i = 0; waiting < WAITING; i++) {
            Outcome created = create(drafts[i % DRAFTS]);
            if (((TicketView) created.value()).status() != TicketStatus.ASSIGNED) {
                waiting++;
            }
        }
        cursor = 0;
    }

    /** One ticket in, one ticket out: create (it waits: every slot is taken), then resolve the oldest assignment. */
    @Benchmark
    public Outcome createAndResolve() {
        create(drafts[cursor++ & (DRAFTS - 1)]);
        String done = assigned.poll();
        if (done == null) {
            throw new IllegalStateException("no assigned ticket left to resolve; the state drifted");
        }
        Outcome resolved = engine.handle(new Command.Resolve(done, "done", "api"), ++now);
        collectAssigned(resolved);
        return resolved;
    }

    private Outcome create(TicketDraft draft) {
        Outcome created = engine.handle(new Command.CreateTicket(draft, null, null, "integration"), ++now);
        collectAssigned(created);
        return created;
    }

    private void collectAssigned(Outcome outcome) {
        for (DomainEvent event : outcome.events()) {
            if (event instanceof DomainEvent.TicketAssigned a) {
                assigned.add(a.ticketId());
            }
        }
    }

    private static TicketDraft draft(Channel channel, String queue, int i, SplittableRandom random) {
        CustomerTier tier = random.nextInt(10) == 0 ? CustomerTier.VIP : CustomerTier.STANDARD;
        Priority priority = random.nextInt(10) == 0 ? Priority.HIGH : Priority.NORMAL;
        return new TicketDraft(channel, priority, new Customer("customer-" + i, tier, null), "question",
                "Order A-" + i + " not confirmed", "The confirmation e-mail never arrived.", List.of(), null,
                Set.of(), Map.of("orderId", "A-" + i), queue);
    }
}

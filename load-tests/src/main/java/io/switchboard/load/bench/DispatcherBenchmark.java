package io.switchboard.load.bench;

import io.switchboard.core.agent.Agent;
import io.switchboard.core.agent.Presence;
import io.switchboard.core.routing.Demand;
import io.switchboard.core.routing.Dispatcher;
import io.switchboard.core.routing.LinearAgingOrdering;
import io.switchboard.core.routing.SelectionStrategy;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Customer;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.Ticket;
import io.switchboard.core.ticket.TicketDraft;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The routing decision on the pure core ({@link Dispatcher}), at contact-centre scale: 10,000
 * agents over ~200 profiles and 50 skills, 100,000 waiting tickets (DESIGN.md §5: p99 ≤ 10 µs,
 * ≥ 1M decisions/s on one core, ~0 allocation per decision; run with {@code -prof gc}).
 *
 * <ul>
 *   <li>{@link #ticketArrival}: the best agent for a waiting ticket (trigger one). Read-only.
 *   <li>{@link #agentFreed}: the best waiting ticket for an agent that gained capacity (trigger
 *       two). Read-only.
 *   <li>{@link #arrivalWithIndexUpdate}: a new ticket is put in line, decided and taken out again,
 *       so the index update is in the measure while the state stays the same size.
 * </ul>
 *
 * <p>80 % of the agents are available with free capacity (their load is random below capacity),
 * the rest offline. Waiting tickets share {@code demands} distinct demand shapes; a decision walks
 * the shapes linked to one profile (or the profiles linked to one shape), so that number, not
 * the ticket or agent count, drives the cost. Probe tickets and agents are sampled once and
 * cycled through.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class DispatcherBenchmark {
    static final int AGENTS = 10_000;
    static final int WAITING = 100_000;
    private static final int PROBES = 4096;
    private static final Map<Channel, Integer> CAPACITY = Map.of(Channel.CHAT, 3, Channel.EMAIL, 5, Channel.WEB, 3,
            Channel.WECHAT, 3, Channel.VOICE, 1);

    @Param({"least_loaded", "longest_idle", "most_skilled"})
    public String strategy;

    /** Distinct demand shapes among the waiting tickets (queues × channels × languages/teams). */
    @Param({"400", "4000"})
    public int demands;

    private SelectionStrategy selection;
    private Dispatcher dispatcher;
    private final Ticket[] waitingProbes = new Ticket[PROBES];
    private final Agent[] agentProbes = new Agent[PROBES];
    private final Ticket[] freshTickets = new Ticket[PROBES];
    private final Demand[] freshDemands = new Demand[PROBES];
    private int cursor;

    @Setup
    public void build() {
        selection = SelectionStrategy.parse(strategy).orElseThrow();
        RoutingWorld world = new RoutingWorld(42);
        SplittableRandom random = world.random();
        dispatcher = new Dispatcher();
        Agent[] agents = new Agent[AGENTS];
        for (int i = 0; i < AGENTS; i++) {
            Agent agent = new Agent(world.agent(i, CAPACITY, false), random.nextLong(1_000_000));
            if (random.nextInt(10) < 8) {
                agent.presence(Presence.AVAILABLE);
                for (Map.Entry<Channel, Integer> c : CAPACITY.entrySet()) {
                    agent.addLoad(c.getKey(), random.nextInt(c.getValue()));
                }
            }
            dispatcher.addAgent(agent);
            agents[i] = agent;
        }
        LinearAgingOrdering ordering = new LinearAgingOrdering(
                Map.of(CustomerTier.VIP, 300_000L, CustomerTier.ENTERPRISE, 600_000L),
                Map.of(Priority.NORMAL, 60_000L, Priority.HIGH, 300_000L, Priority.URGENT, 900_000L));
        List<Demand> pool = world.demandPool(demands);
        Ticket[] waiting = new Ticket[WAITING];
        for (int i = 0; i < WAITING; i++) {
            Demand demand = pool.get(random.nextInt(pool.size()));
            waiting[i] = ticket(i, demand, random, ordering);
            dispatcher.enqueue(waiting[i], demand);
        }
        for (int i = 0; i < PROBES; i++) {
            waitingProbes[i] = waiting[random.nextInt(WAITING)];
            agentProbes[i] = agents[random.nextInt(AGENTS)];
            freshDemands[i] = pool.get(random.nextInt(pool.size()));
            freshTickets[i] = ticket(WAITING + i, freshDemands[i], random, ordering);
        }
    }

    @Benchmark
    public Agent ticketArrival() {
        return dispatcher.bestAgentFor(waitingProbes[next()], selection);
    }

    @Benchmark
    public Ticket agentFreed() {
        return dispatcher.bestTicketFor(agentProbes[next()]);
    }

    @Benchmark
    public Agent arrivalWithIndexUpdate() {
        int i = next();
        Ticket ticket = freshTickets[i];
        dispatcher.enqueue(ticket, freshDemands[i]);
        Agent best = dispatcher.bestAgentFor(ticket, selection);
        dispatcher.dequeue(ticket);
        return best;
    }

    private int next() {
        return cursor++ & (PROBES - 1);
    }

    private static Ticket ticket(int seq, Demand demand, SplittableRandom random, LinearAgingOrdering ordering) {
        CustomerTier tier = random.nextInt(10) == 0 ? CustomerTier.VIP : CustomerTier.STANDARD;
        Priority priority = Priority.values()[random.nextInt(Priority.values().length)];
        TicketDraft draft = new TicketDraft(demand.channel(), priority, new Customer("c-" + seq, tier, null), null, null,
                null, List.of(), demand.language(), Set.of(), Map.of(), null);
        Ticket ticket = new Ticket("tkt_" + seq, seq, draft, "bench", 1_000_000L + seq * 10L);
        ticket.orderKey(ordering.key(ticket));
        return ticket;
    }
}

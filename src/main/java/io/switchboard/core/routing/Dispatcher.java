package io.switchboard.core.routing;

import io.switchboard.core.agent.Agent;
import io.switchboard.core.agent.AgentProfile;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Ticket;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.function.Consumer;

/**
 * The matching index: which available agent takes a waiting ticket, and which waiting ticket an
 * agent with free capacity takes.
 *
 * <p>Algorithm. Agents are grouped by {@link ProfileKey} (team, tier, skills, languages); waiting
 * tickets are bucketed by {@link Demand}. Each group keeps, per channel, the agents that can take a
 * ticket now in strategy order; each bucket keeps its tickets in {@link TicketOrdering} order. When
 * a group or bucket first appears it is linked to every counterpart it matches, once. A decision
 * then walks only the linked counterparts and peeks the head of each ordered set, so it costs
 * O(matching profiles + log n) for a ticket and O(matching demands + log n) for an agent: it never
 * scans all agents or all tickets. The trade-off is memory for the links and two ordered sets per
 * channel per group, and the rule that an agent must be withdrawn while its load changes.
 *
 * <p>Exclusions (agents that rejected a ticket or let its offer expire) are skipped while peeking;
 * they are few per ticket. When they leave nothing, {@link #bestExcludingTicketFor} names the
 * ticket an agent is kept from, so the engine can let the exclusion yield.
 *
 * <p>Threading: single-writer; not thread-safe.
 */
public final class Dispatcher {
    private final Map<ProfileKey, ProfileGroup> groups = new HashMap<>();
    private final Map<Demand, DemandBucket> buckets = new HashMap<>();
    private final Map<String, ProfileGroup> groupOfAgent = new HashMap<>();
    private final Map<String, DemandBucket> bucketOfTicket = new HashMap<>();

    /** Indexes an agent under its current profile; it is offered work only if it can take some. */
    public void addAgent(Agent agent) {
        ProfileGroup group = groups.computeIfAbsent(ProfileKey.of(agent.profile()), this::newGroup);
        group.add(agent);
        groupOfAgent.put(agent.id(), group);
    }

    /** Withdraws an agent; call before changing anything the ordering reads. */
    public void removeAgent(Agent agent) {
        ProfileGroup group = groupOfAgent.remove(agent.id());
        if (group != null) {
            group.remove(agent);
        }
    }

    /**
     * Withdraws the agent, applies {@code change}, and indexes it again. While the profile stays
     * the same object the agent keeps its group and only its ordered sets are touched (a load or
     * presence change is the common case: no profile key is hashed, no group looked up).
     */
    public void update(Agent agent, Consumer<Agent> change) {
        ProfileGroup group = groupOfAgent.get(agent.id());
        if (group == null) {
            change.accept(agent);
            addAgent(agent);
            return;
        }
        AgentProfile before = agent.profile();
        group.withdraw(agent);
        change.accept(agent);
        if (agent.profile() == before) {
            group.restore(agent);
        } else {
            group.members.remove(agent);
            groupOfAgent.remove(agent.id());
            addAgent(agent);
        }
    }

    /**
     * As {@link #update} for a change of the agent's load on one channel and nothing else its
     * order reads (idle time, presence, profile): only that channel's ordered sets are touched.
     * An agent not indexed just has its load changed.
     */
    public void addLoad(Agent agent, Channel channel, int delta) {
        ProfileGroup group = groupOfAgent.get(agent.id());
        if (group == null) {
            agent.addLoad(channel, delta);
        } else {
            group.addLoad(agent, channel, delta);
        }
    }

    /** Puts a ticket in line; its {@link Ticket#orderKey()} must be set and stay fixed while waiting. */
    public void enqueue(Ticket ticket, Demand demand) {
        dequeue(ticket);
        DemandBucket bucket = buckets.computeIfAbsent(demand, this::newBucket);
        bucket.waiting.add(ticket);
        bucketOfTicket.put(ticket.id(), bucket);
    }

    /** Takes a ticket out of line (offered, assigned, moved); a no-op if it is not waiting. */
    public void dequeue(Ticket ticket) {
        DemandBucket bucket = bucketOfTicket.remove(ticket.id());
        if (bucket != null) {
            bucket.waiting.remove(ticket);
        }
    }

    public boolean isWaiting(Ticket ticket) {
        return bucketOfTicket.containsKey(ticket.id());
    }

    /** True when the agent's profile meets the demand (presence and capacity not considered). */
    public boolean qualifies(Agent agent, Demand demand) {
        return demand.isMetBy(ProfileKey.of(agent.profile()));
    }

    /** The agent a waiting ticket should be offered to now, or null if no eligible agent is free. */
    public Agent bestAgentFor(Ticket ticket, SelectionStrategy strategy) {
        DemandBucket bucket = bucketOfTicket.get(ticket.id());
        if (bucket == null) {
            return null;
        }
        int channel = ticket.channel().ordinal();
        Comparator<Agent> order = strategy == SelectionStrategy.LEAST_LOADED
                ? ProfileGroup.byLoad(ticket.channel()) : ProfileGroup.BY_IDLE;
        Agent best = null;
        int bestScore = 0;
        for (int i = 0; i < bucket.groups.size(); i++) {
            ProfileGroup group = bucket.groups.get(i);
            NavigableSet<Agent> ready = strategy == SelectionStrategy.LEAST_LOADED
                    ? group.byLoad[channel] : group.byIdle[channel];
            Agent candidate = firstAllowed(ready, ticket);
            if (candidate == null) {
                continue;
            }
            int score = strategy == SelectionStrategy.MOST_SKILLED ? bucket.proficiency.get(i) : 0;
            if (best == null || score > bestScore || (score == bestScore && order.compare(candidate, best) < 0)) {
                best = candidate;
                bestScore = score;
            }
        }
        return best;
    }

    /** The waiting ticket an agent should be offered next, or null. Ignores the agent's presence. */
    public Ticket bestTicketFor(Agent agent) {
        ProfileGroup group = groupOfAgent.get(agent.id());
        if (group == null) {
            return null;
        }
        Ticket best = null;
        for (DemandBucket bucket : group.buckets) {
            if (bucket.waiting.isEmpty() || agent.freeCapacity(bucket.demand.channel()) <= 0) {
                continue;
            }
            for (Ticket candidate : bucket.waiting) {
                if (!candidate.excludedAgents().contains(agent.id())) {
                    if (best == null || DemandBucket.ORDER.compare(candidate, best) < 0) {
                        best = candidate;
                    }
                    break;
                }
            }
        }
        return best;
    }

    /**
     * The first waiting ticket, in line order, among the heads of the buckets this agent qualifies
     * for and has capacity in, whatever its exclusions: when {@link #bestTicketFor} found nothing,
     * every such ticket excludes the agent. Null when nothing waits there.
     */
    public Ticket bestExcludingTicketFor(Agent agent) {
        ProfileGroup group = groupOfAgent.get(agent.id());
        if (group == null) {
            return null;
        }
        Ticket best = null;
        for (DemandBucket bucket : group.buckets) {
            if (bucket.waiting.isEmpty() || agent.freeCapacity(bucket.demand.channel()) <= 0) {
                continue;
            }
            Ticket head = bucket.waiting.first();
            if (best == null || DemandBucket.ORDER.compare(head, best) < 0) {
                best = head;
            }
        }
        return best;
    }

    /**
     * True when some indexed agent's profile meets the demand (channel capacity not considered),
     * whatever its presence or load: someone the engine knows could take such a ticket.
     * O(profiles) for a demand not yet waiting.
     */
    public boolean anyQualified(Demand demand) {
        DemandBucket bucket = buckets.get(demand);
        if (bucket != null) {
            for (ProfileGroup group : bucket.groups) {
                if (!group.members.isEmpty()) {
                    return true;
                }
            }
            return false;
        }
        for (ProfileGroup group : groups.values()) {
            if (!group.members.isEmpty() && demand.isMetBy(group.key)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waiting tickets that only {@code agent} could take (every other profile matching their demand
     * has no member): call before a profile change, to learn which tickets the change may strand.
     */
    public List<Ticket> waitingOnlyFor(Agent agent) {
        List<Ticket> only = new ArrayList<>();
        ProfileGroup own = groupOfAgent.get(agent.id());
        if (own == null || own.members.size() != 1) {
            return only;
        }
        for (DemandBucket bucket : own.buckets) {
            boolean alone = true;
            for (ProfileGroup group : bucket.groups) {
                if (group != own && !group.members.isEmpty()) {
                    alone = false;
                    break;
                }
            }
            if (alone) {
                only.addAll(bucket.waiting);
            }
        }
        return only;
    }

    /** Ids of agents whose profile meets the demand, whatever their presence: the eligible pool. */
    public List<Agent> qualifiedAgents(Demand demand) {
        List<Agent> agents = new ArrayList<>();
        for (ProfileGroup group : groups.values()) {
            if (demand.isMetBy(group.key)) {
                agents.addAll(group.members);
            }
        }
        return agents;
    }

    private static Agent firstAllowed(NavigableSet<Agent> ready, Ticket ticket) {
        if (ticket.excludedAgents().isEmpty()) {
            return ready.isEmpty() ? null : ready.first();
        }
        for (Agent agent : ready) {
            if (!ticket.excludedAgents().contains(agent.id())) {
                return agent;
            }
        }
        return null;
    }

    private ProfileGroup newGroup(ProfileKey key) {
        ProfileGroup group = new ProfileGroup(key);
        for (DemandBucket bucket : buckets.values()) {
            link(group, bucket);
        }
        return group;
    }

    private DemandBucket newBucket(Demand demand) {
        DemandBucket bucket = new DemandBucket(demand);
        for (ProfileGroup group : groups.values()) {
            link(group, bucket);
        }
        return bucket;
    }

    private static void link(ProfileGroup group, DemandBucket bucket) {
        if (bucket.demand.isMetBy(group.key)) {
            group.buckets.add(bucket);
            bucket.groups.add(group);
            bucket.proficiency.add(bucket.demand.proficiency(group.key));
        }
    }
}

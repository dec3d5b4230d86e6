package io.switchboard.core.routing;

import io.switchboard.core.agent.Agent;
import io.switchboard.core.ticket.Channel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Agents sharing one {@link ProfileKey}. Per channel it holds the agents that can take a ticket
 * now, in two orders: by load ratio (least_loaded) and by idle time (longest_idle, most_skilled).
 * Members must be withdrawn from the ordered sets before their load, presence or idle time changes
 * (TreeSet invariant); a member whose profile stays the same is withdrawn and restored in place
 * ({@link #withdraw}, {@link #restore}), without leaving {@link #members}.
 */
final class ProfileGroup {
    static final Comparator<Agent> BY_IDLE =
            Comparator.<Agent>comparingLong(Agent::lastRoutedAt).thenComparing(Agent::id);

    final ProfileKey key;
    final Set<Agent> members = new HashSet<>();
    final List<DemandBucket> buckets = new ArrayList<>();
    final TreeSet<Agent>[] byLoad;
    final TreeSet<Agent>[] byIdle;

    @SuppressWarnings("unchecked")
    ProfileGroup(ProfileKey key) {
        this.key = key;
        int channels = Channel.values().length;
        byLoad = new TreeSet[channels];
        byIdle = new TreeSet[channels];
        for (Channel channel : Channel.values()) {
            byLoad[channel.ordinal()] = new TreeSet<>(newByLoad(channel));
            byIdle[channel.ordinal()] = new TreeSet<>(BY_IDLE);
        }
    }

    private static final Channel[] CHANNELS = Channel.values();
    private static final Comparator<Agent>[] BY_LOAD = byLoadPerChannel();

    @SuppressWarnings("unchecked")
    private static Comparator<Agent>[] byLoadPerChannel() {
        Comparator<Agent>[] comparators = new Comparator[Channel.values().length];
        for (Channel channel : Channel.values()) {
            comparators[channel.ordinal()] = newByLoad(channel);
        }
        return comparators;
    }

    /** Lower load/capacity first (compared by cross-multiplication, no rounding), then idle time. */
    static Comparator<Agent> byLoad(Channel channel) {
        return BY_LOAD[channel.ordinal()];
    }

    private static Comparator<Agent> newByLoad(Channel channel) {
        return (a, b) -> {
            long left = (long) a.load(channel) * b.capacity(channel);
            long right = (long) b.load(channel) * a.capacity(channel);
            int byRatio = Long.compare(left, right);
            return byRatio != 0 ? byRatio : BY_IDLE.compare(a, b);
        };
    }

    void add(Agent agent) {
        members.add(agent);
        restore(agent);
    }

    /**
     * Call before the agent changes: its state then is what it was when added, so the sets it is
     * in are exactly the channels it can take.
     */
    void remove(Agent agent) {
        members.remove(agent);
        withdraw(agent);
    }

    /** Takes a member out of the ordered sets (it stays a member); call before its state changes. */
    void withdraw(Agent agent) {
        for (Channel channel : CHANNELS) {
            if (agent.canTake(channel)) {
                byLoad[channel.ordinal()].remove(agent);
                byIdle[channel.ordinal()].remove(agent);
            }
        }
    }

    /** Puts a member back into the ordered sets of the channels it can take now. */
    void restore(Agent agent) {
        for (Channel channel : CHANNELS) {
            if (agent.canTake(channel)) {
                byLoad[channel.ordinal()].add(agent);
                byIdle[channel.ordinal()].add(agent);
            }
        }
    }

    /**
     * A change of the member's load on {@code channel} alone (idle time, presence and profile as
     * they were): only that channel's sets can change, and its idle order only in membership.
     */
    void addLoad(Agent agent, Channel channel, int delta) {
        int c = channel.ordinal();
        boolean could = agent.canTake(channel);
        if (could) {
            byLoad[c].remove(agent);
        }
        agent.addLoad(channel, delta);
        boolean can = agent.canTake(channel);
        if (can) {
            byLoad[c].add(agent);
        }
        if (could && !can) {
            byIdle[c].remove(agent);
        } else if (can && !could) {
            byIdle[c].add(agent);
        }
    }
}

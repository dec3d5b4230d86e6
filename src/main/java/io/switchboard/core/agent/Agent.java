package io.switchboard.core.agent;

import io.switchboard.core.ticket.Channel;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * An agent's live routing state: profile, presence, connection and load per channel.
 *
 * <p>Threading: owned by the single-writer engine; not thread-safe. The dispatcher keeps agents
 * in ordered sets keyed on load and {@link #lastRoutedAt()}, so every mutation here must happen
 * while the agent is withdrawn from the dispatcher (the engine brackets changes accordingly).
 */
public final class Agent {
    private AgentProfile profile;
    private Presence presence = Presence.OFFLINE;
    private String sessionId;
    private long lastRoutedAt;
    private long graceUntil;
    private static final Channel[] CHANNELS = Channel.values();

    private final int[] load = new int[CHANNELS.length];
    /** The profile's capacity per channel ordinal, read on every routing comparison (no map lookups). */
    private final int[] capacity = new int[CHANNELS.length];
    private final Set<String> tickets = new LinkedHashSet<>();

    public Agent(AgentProfile profile, long createdAt) {
        this.lastRoutedAt = createdAt;
        updateProfile(profile);
    }

    public String id() {
        return profile.id();
    }

    public AgentProfile profile() {
        return profile;
    }

    public void updateProfile(AgentProfile next) {
        this.profile = next;
        for (Channel channel : CHANNELS) {
            capacity[channel.ordinal()] = next.capacityOn(channel);
        }
    }

    /** The profile's capacity on {@code channel} (0 when it names none). */
    public int capacity(Channel channel) {
        return capacity[channel.ordinal()];
    }

    public Presence presence() {
        return presence;
    }

    public void presence(Presence next) {
        this.presence = next;
    }

    /** The id of the WebSocket session that currently speaks for this agent, or null. */
    public String sessionId() {
        return sessionId;
    }

    public void sessionId(String next) {
        this.sessionId = next;
    }

    /** Epoch millis of the last offer or of becoming available: the "idle since" of longest-idle. */
    public long lastRoutedAt() {
        return lastRoutedAt;
    }

    public void lastRoutedAt(long at) {
        this.lastRoutedAt = at;
    }

    /** Epoch millis until which a disconnected agent keeps its tickets; 0 when not in grace. */
    public long graceUntil() {
        return graceUntil;
    }

    public void graceUntil(long at) {
        this.graceUntil = at;
    }

    public int load(Channel channel) {
        return load[channel.ordinal()];
    }

    public int totalLoad() {
        int sum = 0;
        for (int l : load) {
            sum += l;
        }
        return sum;
    }

    public void addLoad(Channel channel, int delta) {
        load[channel.ordinal()] = Math.max(0, load[channel.ordinal()] + delta);
    }

    public int freeCapacity(Channel channel) {
        return capacity[channel.ordinal()] - load[channel.ordinal()];
    }

    /** Ids of the tickets offered to or owned by this agent, in the order they arrived. */
    public Set<String> tickets() {
        return tickets;
    }

    /** Available and able to take one more ticket on {@code channel}. */
    public boolean canTake(Channel channel) {
        return presence == Presence.AVAILABLE && freeCapacity(channel) > 0;
    }
}

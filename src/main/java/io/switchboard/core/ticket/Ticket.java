package io.switchboard.core.ticket;

import io.switchboard.core.agent.SupportTier;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.routing.Demand;
import io.switchboard.core.sla.TicketSla;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A ticket's live state. Created and changed only by the engine applying domain events, so the
 * same events always rebuild the same ticket. Not thread-safe: owned by the single-writer engine.
 *
 * <p>Routing state (queue, relaxations from overflow, exclusions) lives here so a re-queued ticket
 * keeps its history: an agent that rejected it, let the offer time out or handed it off is
 * excluded from it (for {@code routing.exclusionTtl}, and only while another eligible agent is
 * free, see the engine's {@code Run}), and it keeps its original arrival time and so its place in line.
 */
public final class Ticket {
    private final String id;
    private final long seq;
    /** As created, but for {@code fields}, which later customer messages may complete ({@link #fill}). */
    private TicketDraft draft;
    private final long createdAt;
    private final List<DomainEvent.TicketEvent> timeline = new ArrayList<>();
    /** Excluded agent id → when the exclusion began (epoch millis). */
    /** Made at the first exclusion or widening: most tickets never have either, and the engine keeps every ticket. */
    private Map<String, Long> exclusions;
    private Set<String> widenedTeams;

    private final TicketSla sla = new TicketSla();
    private Priority priority;
    private CustomerTier tier;
    private String queue;
    private TicketStatus status = TicketStatus.NEW;
    private String assignee;
    private String lastAssignee;
    private long updatedAt;
    private String team;
    private SupportTier minTier;
    private int skillRelaxation;
    private long queuedAt;
    private int nextOverflowStep;
    private String offerId;
    private String preferredAgent;
    private long preferredUntil;
    private long orderKey;
    private long exclusionExpiryAt;
    /**
     * The engine's last computed routing demand, or null. Every setter of an input of the demand
     * (queue, team, minimum tier, skill relaxation, widened teams) clears it; the others (channel,
     * draft) never change.
     */
    private Demand demand;

    public Ticket(String id, long seq, TicketDraft draft, String queue, long createdAt) {
        this.id = id;
        this.seq = seq;
        this.draft = draft;
        this.priority = draft.priority();
        this.tier = draft.customer().tier();
        this.queue = queue;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    public String id() { return id; }

    /** Creation order; the dispatcher's final tie-break, so equal keys keep arrival order. */
    public long seq() { return seq; }

    public TicketDraft draft() { return draft; }

    /**
     * Adds field values a later customer message supplied (FieldsSupplied); a value already set is
     * kept. Fields take no part in routing demand, so nothing else changes.
     */
    public void fill(Map<String, String> values) {
        Map<String, String> fields = new java.util.LinkedHashMap<>(draft.fields());
        values.forEach(fields::putIfAbsent);
        draft = new TicketDraft(draft.channel(), draft.priority(), draft.customer(), draft.type(), draft.subject(),
                draft.description(), draft.requiredSkills(), draft.language(), draft.tags(), fields, draft.queue());
    }

    public Channel channel() { return draft.channel(); }

    /** The customer as submitted; the current tier is {@link #tier()}. */
    public Customer customer() { return draft.customer(); }

    /** The customer's tier now (it may change after creation). */
    public CustomerTier tier() { return tier; }

    public void tier(CustomerTier next) { this.tier = next; }

    public TicketSla sla() { return sla; }

    public long createdAt() { return createdAt; }

    public long updatedAt() { return updatedAt; }

    public void touch(long at) { this.updatedAt = Math.max(updatedAt, at); }

    public Priority priority() { return priority; }

    public void priority(Priority next) { this.priority = next; }

    public String queue() { return queue; }

    public void queue(String next) {
        this.queue = next;
        this.demand = null;
    }

    public TicketStatus status() { return status; }

    /** Moves to {@code next}; callers have checked {@link TicketStatus#canMoveTo} already. */
    public void status(TicketStatus next) {
        if (!status.canMoveTo(next)) {
            throw new IllegalStateException("illegal transition " + status + " -> " + next + " for " + id);
        }
        this.status = next;
    }

    /**
     * Sets the status with no transition check: only for the engine rebuilding a ticket it kept
     * encoded, whose status was reached by legal moves already.
     */
    public void restoreStatus(TicketStatus restored) {
        this.status = restored;
    }

    /** Sets the last assignee with no current one: only for rebuilding a ticket (see {@link #restoreStatus}). */
    public void restoreLastAssignee(String agentId) {
        this.lastAssignee = agentId;
    }

    public String assignee() { return assignee; }

    public void assignee(String agentId) {
        this.assignee = agentId;
        if (agentId != null) {
            this.lastAssignee = agentId;
        }
    }

    /** The most recent agent that owned this ticket, kept after it was released; may be null. */
    public String lastAssignee() { return lastAssignee; }

    /** A team the ticket was transferred to (only that team's agents are eligible), or null. */
    public String team() { return team; }

    public void team(String next) {
        this.team = next;
        this.demand = null;
    }

    /** The lowest support tier that may take the ticket, or null for any. */
    public SupportTier minTier() { return minTier; }

    public void minTier(SupportTier next) {
        this.minTier = next;
        this.demand = null;
    }

    /** How many levels overflow has lowered every skill requirement by. */
    public int skillRelaxation() { return skillRelaxation; }

    public void skillRelaxation(int levels) {
        this.skillRelaxation = levels;
        this.demand = null;
    }

    /** Teams overflow has opened this ticket to, beyond the queue's own teams. */
    public Set<String> widenedTeams() {
        return widenedTeams == null ? Collections.emptySet() : Collections.unmodifiableSet(widenedTeams);
    }

    /** Opens the ticket to more teams (overflow). */
    public void widen(Collection<String> teams) {
        if (widenedTeams == null) {
            widenedTeams = new TreeSet<>();
        }
        widenedTeams.addAll(teams);
        this.demand = null;
    }

    /**
     * The demand the engine last computed for this ticket, or null when one of its inputs changed
     * since; the engine computes it (it depends on the configuration too) and stores it back.
     */
    public Demand cachedDemand() { return demand; }

    public void cachedDemand(Demand computed) { this.demand = computed; }

    /** Agents kept from this ticket (a live view: removing an id lifts its exclusion). */
    public Set<String> excludedAgents() { return exclusions == null ? Collections.emptySet() : exclusions.keySet(); }

    /** Agent id → when its exclusion began; read-only. */
    public Map<String, Long> exclusions() {
        return exclusions == null ? Collections.emptyMap() : Collections.unmodifiableMap(exclusions);
    }

    /** When the oldest exclusion expires (the armed timer), or 0. */
    public long exclusionExpiryAt() { return exclusionExpiryAt; }

    public void exclusionExpiryAt(long at) { this.exclusionExpiryAt = at; }

    /** Keeps {@code agentId} from this ticket from {@code at} (a repeated exclusion starts again). */
    public void exclude(String agentId, long at) {
        if (exclusions == null) {
            exclusions = new HashMap<>();
        }
        exclusions.put(agentId, at);
    }

    /** When the ticket entered its current queue; overflow steps count from here. */
    public long queuedAt() { return queuedAt; }

    public void queuedAt(long at) { this.queuedAt = at; }

    public int nextOverflowStep() { return nextOverflowStep; }

    public void nextOverflowStep(int index) { this.nextOverflowStep = index; }

    /** The id of the open offer, or of the accepted one while assigned (null when auto-assigned). */
    public String offerId() { return offerId; }

    public void offerId(String next) { this.offerId = next; }

    /** The agent holding first refusal until {@link #preferredUntil()}, or null. */
    public String preferredAgent() { return preferredAgent; }

    public long preferredUntil() { return preferredUntil; }

    public void preferred(String agentId, long until) {
        this.preferredAgent = agentId;
        this.preferredUntil = until;
    }

    /** Static dispatch key: lower is served first; fixed while the ticket waits (see TicketOrdering). */
    public long orderKey() { return orderKey; }

    public void orderKey(long key) { this.orderKey = key; }

    public List<DomainEvent.TicketEvent> timeline() { return Collections.unmodifiableList(timeline); }

    public void record(DomainEvent.TicketEvent event) {
        timeline.add(event);
        touch(event.at());
    }
}

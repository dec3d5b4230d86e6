package io.switchboard.engine;

import io.switchboard.core.agent.Agent;
import io.switchboard.core.agent.Presence;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.AgentConnected;
import io.switchboard.core.event.DomainEvent.AgentDisconnected;
import io.switchboard.core.event.DomainEvent.AgentGraceExpired;
import io.switchboard.core.event.DomainEvent.AgentPresenceChanged;
import io.switchboard.core.event.DomainEvent.AgentUpserted;
import io.switchboard.core.event.DomainEvent.SlaPolicyApplied;
import io.switchboard.core.event.DomainEvent.TicketQueued;
import io.switchboard.core.event.DomainEvent.TicketReprioritized;
import io.switchboard.core.event.DomainEvent.TicketArchived;
import io.switchboard.core.event.DomainEvent.TicketCreated;
import io.switchboard.core.event.DomainEvent.TicketEvent;
import io.switchboard.core.event.DomainEvent.TicketOverflowed;
import io.switchboard.core.routing.Demand;
import io.switchboard.core.routing.Dispatcher;
import io.switchboard.core.routing.OverflowStep;
import io.switchboard.core.routing.QueueDefinition;
import io.switchboard.core.routing.RoutingConfig;
import io.switchboard.core.routing.TicketOrdering;
import io.switchboard.core.sla.DeadlineOrdering;
import io.switchboard.core.sla.SlaConfig;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.SkillRequirement;
import io.switchboard.core.ticket.Ticket;
import io.switchboard.core.ticket.TicketStatus;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * All routing state and the one method that changes it: {@link #apply}. Applying the same events
 * in the same order always yields the same state (no clock is read; times come from the events),
 * which is what makes journal replay possible. Decisions live in {@link Engine}.
 *
 * <p>Threading: single-writer; not thread-safe.
 */
final class EngineState {
    static final long IDEMPOTENCY_TTL_MILLIS = 24L * 3600 * 1000;
    private static final Comparator<Ticket> BY_WAIT =
            Comparator.<Ticket>comparingLong(Ticket::queuedAt).thenComparingLong(Ticket::seq);

    record Offer(String offerId, String ticketId, String agentId, long expiresAt) {}

    record IdempotencyEntry(String fingerprint, String ticketId, long at) {}

    /** The agent who last took a customer's ticket, and which ticket: forgotten when that ticket is archived. */

    /** Archived tickets between sweeps of their dead timers (see {@link #forget}). */
    private static final int TIMER_SWEEP_MIN = 4096;
    /** Distinct demand shapes shared at once; more only stop being shared (see {@link BoundedInterner}). */
    static final int MAX_SHARED_DEMANDS = 4096;

    final RoutingConfig config;
    /**
     * The ticket types' fields, for filling missing ones from later customer messages
     * ({@link FieldFollowUp}); set by the host after construction, not needed for replay (the
     * FieldsSupplied events carry what was found).
     */
    io.switchboard.core.intake.IntakeRules intake = io.switchboard.core.intake.IntakeRules.NONE;
    final TicketOrdering ordering;
    final SlaBook sla;
    /** Teams an agent can be in today: declared, or the team of a configured agent. */
    final Set<String> liveTeams = new HashSet<>();
    private final TicketEvents ticketEvents = new TicketEvents(this);
    final Dispatcher dispatcher = new Dispatcher();
    final TimerQueue timers = new TimerQueue();
    /** Every ticket held, by id and in creation order; resolved and closed ones parked as bytes when parking is on. */
    final TicketBook tickets = new TicketBook();
    final TreeMap<String, Agent> agents = new TreeMap<>();
    final Map<String, Offer> offers = new HashMap<>();
    final Map<String, Set<String>> reservations = new HashMap<>();
    final Map<String, IdempotencyEntry> idempotency = new HashMap<>();
    /** Keys of ticket actions, rebuilt from {@code ActionKeyUsed} on replay. */
    final ActionKeys actionKeys = new ActionKeys(ActionKeys.MAX_KEYS);
    /**
     * One demand instance per distinct shape for the tickets' cached demands (equal for most tickets
     * of a queue, kept per ticket for days); bounded, as a demand's language comes from the request.
     */
    private final BoundedInterner<Demand> demands = new BoundedInterner<>(MAX_SHARED_DEMANDS);
    /** Each customer's previous agent, for {@code routing.preferredAgentWindow}. */
    final CustomerAffinity affinity = new CustomerAffinity(tickets);
    /** Message-ID of a mail on a ticket still in the engine → that ticket (MailReceived). */
    final Map<String, String> mailThreads = new HashMap<>();
    /** WeChat MsgId of a message on a ticket still in the engine → that ticket (WechatReceived). */
    final Map<String, String> wechatMessages = new HashMap<>();
    /** "account openId" → the customer's latest WeChat ticket (checked for CLOSED on use). */
    final Map<String, String> wechatOpen = new HashMap<>();
    final Map<String, TreeSet<Ticket>> waitingByQueue = new HashMap<>();
    final Set<String> knownSkills = new HashSet<>();
    final Set<String> knownTeams = new HashSet<>();
    final Retention retention;
    long ticketSeq;
    long offerSeq;
    private int archivedSinceSweep;
    /** The {@code now} of the command being run; views compute remaining SLA time against it. */
    long viewTime;

    EngineState(RoutingConfig config) {
        this(config, SlaConfig.none(), Retention.NEVER);
    }

    EngineState(RoutingConfig config, SlaConfig slaConfig) {
        this(config, slaConfig, Retention.NEVER);
    }

    EngineState(RoutingConfig config, SlaConfig slaConfig, Retention retention) {
        this(config, slaConfig, retention, null);
    }

    /** With {@code parking} non-null, resolved and closed tickets are kept as bytes between commands ({@link TicketBook}). */
    EngineState(RoutingConfig config, SlaConfig slaConfig, Retention retention, TimelineCodec parking) {
        this.config = config;
        this.retention = retention;
        this.ordering = slaConfig.policies().isEmpty() ? config.ordering() : new DeadlineOrdering(config.ordering());
        this.sla = new SlaBook(slaConfig, timers);
        knownSkills.addAll(config.skills());
        knownTeams.addAll(config.teams());
        liveTeams.addAll(config.teams());
        config.agents().forEach(agent -> liveTeams.add(agent.team()));
        for (QueueDefinition queue : config.queues().values()) {
            knownSkills.addAll(queue.requiredSkills().keySet());
            waitingByQueue.put(queue.name(), new TreeSet<>(BY_WAIT));
        }
        if (parking != null) {
            tickets.parkWith(new ParkedTickets(parking, sla));
        }
    }

    /**
     * What a ticket asks of an agent now: its queue's skills plus its own, relaxed by overflow. A
     * queue removed from the configuration asks nothing of its own (its waiting tickets move to the
     * default queue at restart); a team removed from the configuration no longer restricts the ticket.
     * Computed once per change of the ticket's routing inputs (the ticket clears its cached copy) and
     * shared by the dispatcher and every view; the configuration and {@link #liveTeams} are fixed for
     * this state's life.
     */
    Demand demandOf(Ticket ticket) {
        Demand cached = ticket.cachedDemand();
        if (cached == null) {
            cached = demands.intern(computeDemand(ticket));
            ticket.cachedDemand(cached);
        }
        return cached;
    }

    /** The demand computed afresh, bypassing the ticket's cached copy (tests compare the two). */
    Demand computeDemand(Ticket ticket) {
        QueueDefinition queue = config.queues().get(ticket.queue());
        if (queue == null) {
            queue = config.queues().get(config.defaultQueue());
        }
        TreeMap<String, Integer> skills = new TreeMap<>(queue.requiredSkills());
        for (SkillRequirement own : ticket.draft().requiredSkills()) {
            skills.merge(own.name(), own.level(), Math::max);
        }
        if (ticket.skillRelaxation() > 0) {
            skills.replaceAll((skill, level) -> Math.max(SkillRequirement.MIN_LEVEL, level - ticket.skillRelaxation()));
        }
        Set<String> teams = new TreeSet<>();
        if (ticket.team() != null && !teamRemoved(ticket.team())) {
            teams.add(ticket.team());
        }
        if (teams.isEmpty() && !queue.teams().isEmpty()) {
            teams.addAll(queue.teams());
            teams.addAll(ticket.widenedTeams());
        }
        return new Demand(ticket.channel(), ticket.draft().language(), skills, teams, ticket.minTier());
    }

    /**
     * True for a team the configuration no longer has. Without a team catalogue any team is
     * accepted (agents created through the API bring their own), so none counts as removed.
     */
    boolean teamRemoved(String team) {
        return !config.teams().isEmpty() && !liveTeams.contains(team);
    }

    void apply(DomainEvent event) {
        if (event instanceof TicketEvent ticketEvent) {
            applyTicketEvent(ticketEvent);
        } else if (event instanceof AgentUpserted e) {
            Agent agent = agents.get(e.agentId());
            if (agent == null) {
                agent = new Agent(e.profile(), e.at());
                agents.put(agent.id(), agent);
                dispatcher.addAgent(agent);
            } else {
                List<Ticket> onlyFor = dispatcher.waitingOnlyFor(agent);
                dispatcher.update(agent, a -> a.updateProfile(e.profile()));
                for (Ticket ticket : onlyFor) {
                    armUnroutable(ticket, ticket.queuedAt(), e.at());
                }
            }
            knownSkills.addAll(e.profile().skills().keySet());
            knownTeams.add(e.profile().team());
        } else if (event instanceof AgentPresenceChanged e) {
            dispatcher.update(agents.get(e.agentId()), a -> {
                a.presence(e.presence());
                if (e.presence() == Presence.AVAILABLE) {
                    a.lastRoutedAt(Math.max(a.lastRoutedAt(), e.at()));
                }
            });
        } else if (event instanceof AgentConnected e) {
            Agent agent = agents.get(e.agentId());
            agent.sessionId(e.sessionId());
            agent.graceUntil(0);
        } else if (event instanceof AgentDisconnected e) {
            dispatcher.update(agents.get(e.agentId()), a -> {
                a.sessionId(null);
                a.presence(Presence.OFFLINE);
                a.graceUntil(e.graceUntil());
            });
            timers.schedule(e.graceUntil(), TimerQueue.Kind.GRACE, e.agentId(), e.graceUntil());
        } else if (event instanceof AgentGraceExpired e) {
            agents.get(e.agentId()).graceUntil(0);
        } else if (event instanceof DomainEvent.StreamAppended) {
            // Stream bookkeeping for WebSocket resume (app/StreamBook); no routing state.
        } else {
            throw new IllegalArgumentException("unknown event " + event);
        }
    }

    private void applyTicketEvent(TicketEvent event) {
        if (event instanceof TicketCreated e) {
            Ticket ticket = new Ticket(e.ticketId(), e.seq(), e.draft(), e.queue(), e.at());
            tickets.add(ticket);
            ticketSeq = Math.max(ticketSeq, e.seq());
            ticket.record(e);
            sla.afterEvent(ticket, TicketStatus.NEW, e);
            if (e.idempotencyKey() != null) {
                idempotency.put(e.idempotencyKey(), new IdempotencyEntry(e.fingerprint(), e.ticketId(), e.at()));
                timers.schedule(e.at() + IDEMPOTENCY_TTL_MILLIS, TimerQueue.Kind.IDEMPOTENCY_EXPIRY,
                        e.idempotencyKey(), e.at());
            }
            return;
        }
        if (event instanceof TicketArchived e) {
            forget(e);
            return;
        }
        if (event instanceof DomainEvent.ActionKeyUsed e) {
            // the client's bookkeeping: not on the ticket's timeline, and the ticket may be gone
            actionKeys.remember(e.idempotencyKey(), e.fingerprint(), e.ticketId(), e.at());
            return;
        }
        Ticket ticket = tickets.get(event.ticketId());
        TicketStatus before = ticket.status();
        ticket.record(event);
        ticketEvents.apply(ticket, event);
        sla.afterEvent(ticket, before, event);
        tickets.changed(ticket);
        if (event instanceof TicketReprioritized || event instanceof TicketOverflowed || event instanceof TicketQueued
                || event instanceof SlaPolicyApplied) {
            rekey(ticket);
        }
    }

    /**
     * Drops an archived ticket from every structure that holds it. The ticket may already be absent
     * (a compacted journal keeps only the last archive event, for its counters). Its timers are
     * dead from now on; they are swept once enough archived tickets accumulate, so the heap follows
     * open work, not history.
     */
    private void forget(TicketArchived e) {
        ticketSeq = Math.max(ticketSeq, e.ticketSeq());
        offerSeq = Math.max(offerSeq, e.offerSeq());
        Ticket ticket = tickets.remove(e.ticketId());
        if (ticket == null) {
            return;
        }
        leaveWaiting(ticket);
        for (TicketEvent event : ticket.timeline()) {
            if (event instanceof DomainEvent.MailReceived mail && mail.messageId() != null) {
                mailThreads.remove(mail.messageId());
            } else if (event instanceof DomainEvent.MailSent sent) {
                mailThreads.remove(sent.messageId());
            } else if (event instanceof DomainEvent.WechatReceived wechat) {
                wechatMessages.remove(wechat.msgId());
                wechatOpen.remove(wechat.account() + " " + wechat.openId(), ticket.id());
            }
        }
        affinity.archived(ticket.customer().id(), ticket.id(), ticket.seq());
        // Amortized: a sweep costs O(timers), about a few per ticket, and runs once as many tickets
        // were archived as are still held, so each archived ticket pays O(1).
        if (++archivedSinceSweep >= Math.max(TIMER_SWEEP_MIN, tickets.size())) {
            archivedSinceSweep = 0;
            timers.retain(this::mayFire);
        }
    }

    /** False for a timer whose subject is gone (an archived ticket, a closed offer): it could only be ignored. */
    private boolean mayFire(TimerQueue.Timer timer) {
        return switch (timer.kind()) {
            case OFFER_EXPIRY -> offers.containsKey(timer.ref());
            case GRACE, IDEMPOTENCY_EXPIRY -> true;
            default -> tickets.contains(timer.ref());
        };
    }

    /**
     * Arms the check that someone can take a waiting ticket (in line since {@code waitingSince}) at
     * {@code from} + {@code routing.unroutableAfter}, but only when no agent the engine knows can
     * take it now: a ticket entering line, or one a profile change may have stranded. (Arming for
     * every ticket would keep a timer per ticket for the whole wait, at thousands of tickets a second.)
     */
    void armUnroutable(Ticket ticket, long waitingSince, long from) {
        long wait = config.unroutableAfterMillis();
        if (wait > 0 && ticket.status() == TicketStatus.QUEUED && !dispatcher.anyQualified(demandOf(ticket))) {
            timers.schedule(from + wait, TimerQueue.Kind.UNROUTABLE, ticket.id(), waitingSince);
        }
    }

    /**
     * Arms the expiry of the ticket's oldest exclusion ({@code routing.exclusionTtl}): one current
     * timer per ticket (a replay keeps only the latest per ticket), recorded on the ticket so a
     * superseded one is ignored.
     */
    void armExclusionExpiry(Ticket ticket) {
        long ttl = config.exclusionTtlMillis();
        long oldest = Long.MAX_VALUE;
        for (long since : ticket.exclusions().values()) {
            oldest = Math.min(oldest, since);
        }
        long due = ttl == 0 || oldest == Long.MAX_VALUE ? 0 : oldest + ttl;
        if (due != ticket.exclusionExpiryAt()) {
            ticket.exclusionExpiryAt(due);
            if (due != 0) {
                timers.schedule(due, TimerQueue.Kind.EXCLUSION_EXPIRY, ticket.id(), due);
            }
        }
    }

    /** Arms the archiving of a ticket that just closed, if this engine archives. */
    void armArchive(Ticket ticket, long closedAt) {
        if (retention.archives()) {
            timers.schedule(closedAt + retention.archiveAfterMillis(), TimerQueue.Kind.ARCHIVE, ticket.id(), closedAt);
        }
    }

    /** A new SLA policy can move the first-response deadline, and with it the ticket's place in line. */
    private void rekey(Ticket ticket) {
        long key = ordering.key(ticket);
        if (ticket.status() == TicketStatus.QUEUED && key != ticket.orderKey()) {
            unline(ticket);
            ticket.orderKey(key);
            line(ticket);
        } else {
            ticket.orderKey(key);
        }
    }

    /** Forgets idempotency keys older than 24 h; driven by timers, so no event is needed. */
    void expireIdempotencyKey(String key, long createdAt) {
        IdempotencyEntry entry = idempotency.get(key);
        if (entry != null && entry.at() == createdAt) {
            idempotency.remove(key);
        }
    }

    /** Arms the ticket's next overflow step; a queue removed from the configuration has none. */
    void scheduleOverflow(Ticket ticket) {
        QueueDefinition queue = config.queues().get(ticket.queue());
        if (queue == null) {
            return;
        }
        List<OverflowStep> steps = queue.overflow();
        int next = ticket.nextOverflowStep();
        if (next < steps.size()) {
            timers.schedule(ticket.queuedAt() + steps.get(next).afterMillis(), TimerQueue.Kind.OVERFLOW, ticket.id(),
                    next);
        }
    }

    /** Puts a queued ticket in line: reserved for its preferred agent, or in its dispatcher bucket. */
    void line(Ticket ticket) {
        if (ticket.preferredAgent() != null) {
            reservations.computeIfAbsent(ticket.preferredAgent(), k -> new LinkedHashSet<>()).add(ticket.id());
        } else {
            dispatcher.enqueue(ticket, demandOf(ticket));
        }
    }

    void unline(Ticket ticket) {
        dispatcher.dequeue(ticket);
        if (ticket.preferredAgent() != null) {
            Set<String> reserved = reservations.get(ticket.preferredAgent());
            if (reserved != null) {
                reserved.remove(ticket.id());
            }
        }
    }

    /** Changes status and keeps the per-queue waiting index (queued or offered tickets) in step. */
    void setStatus(Ticket ticket, TicketStatus next) {
        leaveWaiting(ticket);
        ticket.status(next);
        if (next.isRouting()) {
            waitingByQueue.computeIfAbsent(ticket.queue(), q -> new TreeSet<>(BY_WAIT)).add(ticket);
        }
    }

    void leaveWaiting(Ticket ticket) {
        TreeSet<Ticket> waiting = waitingByQueue.get(ticket.queue());
        if (ticket.status().isRouting() && waiting != null) {
            waiting.remove(ticket);
        }
    }

    /** Channels are few; used by queue statistics to ask "can this agent take anything now". */
    static boolean hasFreeCapacity(Agent agent) {
        for (Channel channel : Channel.values()) {
            if (agent.canTake(channel)) {
                return true;
            }
        }
        return false;
    }
}

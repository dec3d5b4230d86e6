package io.switchboard.engine;

import io.switchboard.core.agent.Agent;
import io.switchboard.core.agent.AgentProfile;
import io.switchboard.core.agent.Presence;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.AgentGraceExpired;
import io.switchboard.core.event.DomainEvent.AgentPresenceChanged;
import io.switchboard.core.event.DomainEvent.AgentUpserted;
import io.switchboard.core.event.DomainEvent.OfferWithdrawn;
import io.switchboard.core.event.DomainEvent.PreferenceLapsed;
import io.switchboard.core.event.DomainEvent.TicketOverflowed;
import io.switchboard.core.event.DomainEvent.TicketQueued;
import io.switchboard.core.event.DomainEvent.TicketReleased;
import io.switchboard.core.routing.OverflowStep;
import io.switchboard.core.routing.QueueDefinition;
import io.switchboard.core.routing.RoutingConfig;
import io.switchboard.core.sla.SlaConfig;
import io.switchboard.core.ticket.Ticket;
import io.switchboard.core.ticket.TicketStatus;
import java.util.List;
import java.util.TreeSet;

/**
 * The single writer: runs one command at a given {@code now}, decides, and returns what happened.
 * Every state change goes through {@link EngineState#apply} as a {@link DomainEvent}; routing
 * decisions run on exactly two triggers, a ticket entering line and an agent gaining capacity or
 * presence, and ask the {@link io.switchboard.core.routing.Dispatcher} rather than scanning.
 *
 * <p>Pure Java: no clock is read (time is an argument), no I/O. Threading: one thread at a time.
 */
public final class Engine {
    /** Journal events replayed between two parkings of the tickets they resolved or closed. */
    private static final int REPLAY_SETTLE_EVENTS = 4096;
    private final EngineState state;
    private final TicketCommands ticketCommands;
    private final AgentCommands agentCommands;
    private final Queries queries;
    private final SlaDecisions slaDecisions;
    private final CareTimers careTimers;

    /** An engine without SLA policies. */
    public Engine(RoutingConfig config, long now) {
        this(config, SlaConfig.none(), now);
    }

    public Engine(RoutingConfig config, SlaConfig sla, long now) {
        this(config, sla, Retention.NEVER, now);
    }

    public Engine(RoutingConfig config, SlaConfig sla, Retention retention, long now) {
        this(config, sla, retention, null, now);
    }

    /**
     * As {@link #Engine(RoutingConfig, SlaConfig, Retention, long)}, keeping resolved and closed
     * tickets as bytes written by {@code parking} between commands, off the young generation
     * the GC copies ({@link ParkedTickets}); what the engine does is the same.
     */
    public Engine(RoutingConfig config, SlaConfig sla, Retention retention, TimelineCodec parking, long now) {
        this(config, sla, retention, parking);
        seed(new Run(state, now));
        state.tickets.settle();
    }

    private Engine(RoutingConfig config, SlaConfig sla, Retention retention, TimelineCodec parking) {
        this.state = new EngineState(config, sla, retention, parking);
        this.ticketCommands = new TicketCommands(state);
        this.agentCommands = new AgentCommands(state);
        this.queries = new Queries(state);
        this.slaDecisions = new SlaDecisions(state);
        this.careTimers = new CareTimers(state, slaDecisions);
    }

    /**
     * An engine rebuilt from its journal ({@code history}, in order) after a restart at {@code now}.
     * The returned outcome's events (already applied) must be journaled before anything else: the
     * configured agents' profiles where they changed, every open offer revoked and its ticket put
     * back in line (a restart never turns an offer into an assignment), and every agent that had a
     * session disconnected with its grace period starting now, so its assigned tickets wait for it
     * to reconnect; tickets waiting in a queue the configuration no longer has move to the default
     * queue ({@link ConfigChanges}). SLA clocks and all other timers come back from the events' own times; the next
     * {@link Command.Tick} fires what fell due while the server was down.
     */
    public static Recovery restore(RoutingConfig config, SlaConfig sla, List<DomainEvent> history, long now) {
        return restore(config, sla, Retention.NEVER, history, now);
    }

    /** As {@link #restore(RoutingConfig, SlaConfig, List, long)}, archiving closed tickets per {@code retention}. */
    public static Recovery restore(RoutingConfig config, SlaConfig sla, Retention retention, List<DomainEvent> history,
            long now) {
        return restore(config, sla, retention, null, history, now);
    }

    /** As {@link #restore(RoutingConfig, SlaConfig, Retention, List, long)}, parking with {@code parking} (may be null: off). */
    public static Recovery restore(RoutingConfig config, SlaConfig sla, Retention retention, TimelineCodec parking,
            List<DomainEvent> history, long now) {
        return resume(fromHistory(config, sla, retention, parking, history), now);
    }

    /**
     * An engine that replayed the journal so far and decided nothing ({@link #replay}, e.g. a warm
     * standby's, which follows the journal as it grows), for {@link #resume} at a takeover.
     */
    public static Engine replayed(RoutingConfig config, SlaConfig sla, Retention retention,
            List<DomainEvent> history) {
        return fromHistory(config, sla, retention, null, history);
    }

    /** As {@link #replayed(RoutingConfig, SlaConfig, Retention, List)}, parking with {@code parking} (may be null: off). */
    public static Engine replayed(RoutingConfig config, SlaConfig sla, Retention retention, TimelineCodec parking,
            List<DomainEvent> history) {
        return fromHistory(config, sla, retention, parking, history);
    }

    /**
     * The decisions of a restart ({@link #restore}) on {@code engine}, which has replayed the whole
     * journal (in one go or in pieces) and decided nothing yet: a warm standby's takeover. The
     * result equals {@link #restore} of the same journal at the same {@code now}.
     */
    public static Recovery resume(Engine engine, long now) {
        Run run = new Run(engine.state, now);
        engine.seed(run);
        List<Agent> reconnecting = new java.util.ArrayList<>();
        for (Agent agent : engine.state.agents.values()) {
            if (agent.sessionId() != null) {
                reconnecting.add(agent);
            }
        }
        for (EngineState.Offer offer : List.copyOf(engine.state.offers.values())) {
            run.emit(new OfferWithdrawn(now, offer.ticketId(), offer.agentId(), offer.offerId(),
                    OfferWithdrawn.Outcome.REVOKED, DomainEvent.ROUTER, "server_restarted"));
            Agent holder = engine.state.agents.get(offer.agentId());
            String offerId = offer.offerId();
            run.push(holder, AgentPush.Kind.OFFER_REVOKED, offerId, null, "server_restarted");
        }
        for (Agent agent : reconnecting) {
            run.emit(new DomainEvent.AgentDisconnected(now, agent.id(), agent.sessionId(),
                    now + engine.state.config.disconnectGraceMillis()));
        }
        List<String> configChanges = ConfigChanges.settle(engine.state, run);
        List<Ticket> queued = new java.util.ArrayList<>();
        engine.state.tickets.walk(Long.MIN_VALUE,
                (status, queue, assignee, customer, channel, createdAt) -> status == TicketStatus.QUEUED, queued::add);
        queued.forEach(run::routeTicket);
        Outcome startup = run.done(null);
        engine.state.tickets.settle();
        return new Recovery(engine, startup, configChanges);
    }

    /** The engine exactly as {@code history} left it, without the decisions of a restart. */
    static Engine fromHistory(RoutingConfig config, SlaConfig sla, List<DomainEvent> history) {
        return fromHistory(config, sla, Retention.NEVER, history);
    }

    static Engine fromHistory(RoutingConfig config, SlaConfig sla, Retention retention, List<DomainEvent> history) {
        return fromHistory(config, sla, retention, null, history);
    }

    static Engine fromHistory(RoutingConfig config, SlaConfig sla, Retention retention, TimelineCodec parking,
            List<DomainEvent> history) {
        Engine engine = new Engine(config, sla, retention, parking);
        engine.replay(history);
        return engine;
    }

    /**
     * A restored engine, what its restart decided (to journal before serving), and one line per
     * item of the journal the configuration no longer has (to log once; empty when none).
     */
    public record Recovery(Engine engine, Outcome startup, List<String> configChanges) {}

    /** Upserts the configured agents whose profile is new or changed. */
    private void seed(Run run) {
        for (AgentProfile profile : state.config.agents()) {
            Agent known = state.agents.get(profile.id());
            if (known == null || !known.profile().equals(profile)) {
                run.emit(new AgentUpserted(run.now, profile));
            }
        }
    }

    /**
     * The ticket types' fields ({@code intake.types}) to look for in later customer messages when a
     * ticket lacks required ones; {@link io.switchboard.core.intake.IntakeRules#NONE} until set.
     */
    public void intake(io.switchboard.core.intake.IntakeRules rules) {
        state.intake = java.util.Objects.requireNonNull(rules, "rules");
    }

    /** True for commands that only read state (they produce no events and need no journaling). */
    public static boolean readOnly(Command command) {
        return command instanceof Command.GetTicket || command instanceof Command.GetTimeline
                || command instanceof Command.ListTickets || command instanceof Command.GetAgent
                || command instanceof Command.ListAgents || command instanceof Command.GetPerson
                || command instanceof Command.ListQueues;
    }

    /** Runs one command; the outcome's events are already applied. */
    public Outcome handle(Command command, long now) {
        Outcome outcome = decide(command, now);
        state.tickets.settle();
        return outcome;
    }

    private Outcome decide(Command command, long now) {
        state.viewTime = now;
        Run run = new Run(state, now);
        if (command instanceof Command.Tick) {
            fireTimers(run);
            return run.done(null);
        }
        if (command instanceof Command.Idempotent c) {
            return idempotent(c, now);
        }
        Outcome query = queries.answer(command, now);
        if (query != null) {
            return query;
        }
        if (command instanceof Command.IntakeWeChat c) {
            return new WeChatCommands(state, ticketCommands).run(c, run);
        }
        if (command instanceof Command.RecordMail c) {
            if (!state.tickets.contains(c.event().ticketId())) {
                return Outcome.rejected(Rejection.notFound("ticket", c.event().ticketId()));
            }
            run.emit(c.event());
            return run.done(null);
        }
        if (command instanceof Command.RecordWeChatReply c) {
            return WeChatCommands.record(state, c, run);
        }
        if (command instanceof Command.IntakeMail c) {
            return new MailCommands(state, ticketCommands).run(c, run);
        }
        if (command instanceof Command.CreateTicket
                || command instanceof Command.HandOff
                || command instanceof Command.Reply
                || command instanceof Command.MarkPending
                || command instanceof Command.Resolve
                || command instanceof Command.Reopen
                || command instanceof Command.Close
                || command instanceof Command.Transfer
                || command instanceof Command.CustomerMessage
                || command instanceof Command.Confirm
                || command instanceof Command.Reprioritize
                || command instanceof Command.CompleteFollowUp
                || command instanceof Command.GiveFeedback) {
            return ticketCommands.run(command, run);
        }
        return agentCommands.run(command, run);
    }

    /**
     * A keyed ticket action: the first use runs it and, if it succeeded, journals the key with it
     * ({@code ActionKeyUsed}, so a restart remembers it; a rejected action may be retried with the
     * same key); a retry answers the ticket as it is now.
     */
    private Outcome idempotent(Command.Idempotent c, long now) {
        ActionKeys.Entry seen = state.actionKeys.find(c.key(), now);
        if (seen != null) {
            if (!seen.fingerprint().equals(c.fingerprint())) {
                return Outcome.rejected(new Rejection(Rejection.Kind.IDEMPOTENCY_MISMATCH, "idempotency_key_reused",
                        "Idempotency-Key was used with a different request", List.of()));
            }
            return handle(new Command.GetTicket(seen.ticketId()), now);
        }
        Outcome outcome = handle(c.action(), now);
        if (!outcome.ok()) {
            return outcome;
        }
        DomainEvent.ActionKeyUsed used = new DomainEvent.ActionKeyUsed(now, c.action().ticketId(), c.key(),
                c.fingerprint(), c.action().actor(), "idempotency_key");
        state.apply(used);
        List<DomainEvent> events = new java.util.ArrayList<>(outcome.events());
        events.add(used);
        return new Outcome(outcome.value(), null, outcome.created(), events, outcome.pushes(), outcome.notifications());
    }

    /**
     * Rebuilds state from journaled events, in order (a restart); no decision is taken and nothing
     * is pushed. Timers come back with the state; the next {@link Command.Tick} fires those due.
     */
    public void replay(List<DomainEvent> events) {
        state.timers.beginReplay();
        try {
            int sinceSettle = 0;
            for (DomainEvent event : events) {
                state.apply(event);
                // in batches: a ticket resolved and closed within one is parked once, not twice
                if (++sinceSettle == REPLAY_SETTLE_EVENTS) {
                    state.tickets.settle();
                    sinceSettle = 0;
                }
            }
            state.tickets.settle();
        } finally {
            state.timers.endReplay();
        }
    }

    /** True while offer {@code offerId} is open (not yet accepted, rejected, revoked or expired). */
    public boolean isOfferOpen(String offerId) {
        return state.offers.containsKey(offerId);
    }

    /** True for an agent the engine knows. */
    public boolean knowsAgent(String agentId) {
        return state.agents.containsKey(agentId);
    }

    /** Epoch millis of the earliest pending timer ({@code Long.MAX_VALUE} if none): when to Tick next. */
    public long nextTimerDue() {
        return state.timers.nextDue();
    }

    private void fireTimers(Run run) {
        TimerQueue.Timer timer;
        while ((timer = state.timers.pollDue(run.now)) != null) {
            switch (timer.kind()) {
                case OFFER_EXPIRY:
                    expireOffer(run, timer.ref());
                    break;
                case OVERFLOW:
                    overflow(run, timer);
                    break;
                case PREFERRED_WINDOW:
                    lapsePreference(run, timer);
                    break;
                case GRACE:
                    endGrace(run, timer);
                    break;
                case IDEMPOTENCY_EXPIRY:
                    state.expireIdempotencyKey(timer.ref(), timer.token());
                    break;
                case SLA_WAKE:
                    slaDecisions.onWake(run, timer);
                    break;
                case HANDOFF:
                case PENDING_REMINDER:
                case IDLE:
                case AUTO_CLOSE:
                case FOLLOW_UP:
                case UNROUTABLE:
                    careTimers.fire(run, timer);
                    break;
                case EXCLUSION_EXPIRY:
                    liftExpiredExclusions(run, timer);
                    break;
                case ARCHIVE:
                    archive(run, timer.ref());
                    break;
                default:
                    throw new IllegalStateException("unknown timer " + timer);
            }
        }
    }

    private void expireOffer(Run run, String offerId) {
        EngineState.Offer offer = state.offers.get(offerId);
        if (offer == null) {
            return;
        }
        Agent agent = state.agents.get(offer.agentId());
        Ticket ticket = state.tickets.get(offer.ticketId());
        run.emit(new OfferWithdrawn(run.now, ticket.id(), agent.id(), offerId, OfferWithdrawn.Outcome.EXPIRED,
                DomainEvent.ROUTER, "offer_timeout"));
        run.push(agent, AgentPush.Kind.OFFER_REVOKED, offerId, null, "expired");
        if (state.config.offerTimeoutSetsAway() && agent.presence() == Presence.AVAILABLE) {
            run.emit(new AgentPresenceChanged(run.now, agent.id(), Presence.AWAY, "offer_timeout"));
            run.push(agent, AgentPush.Kind.PRESENCE_CHANGED, null, null, "offer_timeout");
        }
        run.routeTicket(ticket);
        run.routeAgent(agent);
    }

    private void overflow(Run run, TimerQueue.Timer timer) {
        Ticket ticket = state.tickets.get(timer.ref());
        int index = (int) timer.token();
        if (ticket == null || !ticket.status().isRouting() || ticket.nextOverflowStep() != index) {
            return;
        }
        QueueDefinition queue = state.config.queues().get(ticket.queue());
        if (queue == null) {
            return; // the queue was removed from the configuration: its overflow steps stop
        }
        List<OverflowStep> steps = queue.overflow();
        if (index >= steps.size() || ticket.queuedAt() + steps.get(index).afterMillis() != timer.due()) {
            return;
        }
        OverflowStep step = steps.get(index);
        run.emit(new TicketOverflowed(run.now, ticket.id(), index, step, DomainEvent.ROUTER, "overflow"));
        if (step instanceof OverflowStep.MoveToQueue move) {
            if (ticket.status() == TicketStatus.OFFERED) {
                run.revokeOffer(ticket, "overflow");
            }
            run.emit(new TicketQueued(run.now, ticket.id(), move.queue(), null, 0, DomainEvent.ROUTER, "overflow"));
        }
        run.routeTicket(ticket);
        run.routeFreedAgents();
    }

    /**
     * Exclusions {@code routing.exclusionTtl} old at the timer's due time end (in agent-id order, one
     * event each; the next expiry is armed as each is applied) and the ticket, if it waits, is
     * routed again. Counting to the due time, not to {@code now}, keeps a late tick's events the
     * same for a restarted engine. A closed ticket keeps its exclusions: it never routes again.
     */
    private void liftExpiredExclusions(Run run, TimerQueue.Timer timer) {
        Ticket ticket = state.tickets.get(timer.ref());
        long ttl = state.config.exclusionTtlMillis();
        if (ticket == null || ttl == 0 || ticket.status() == TicketStatus.CLOSED
                || ticket.exclusionExpiryAt() != timer.due()) {
            return;
        }
        TreeSet<String> expired = new TreeSet<>();
        ticket.exclusions().forEach((agentId, since) -> {
            if (since + ttl <= timer.due()) {
                expired.add(agentId);
            }
        });
        for (String agentId : expired) {
            run.emit(new DomainEvent.ExclusionLifted(run.now, ticket.id(), agentId, DomainEvent.ROUTER,
                    "exclusion_expired"));
        }
        if (!expired.isEmpty()) {
            run.routeTicket(ticket);
        }
    }

    /** A closed ticket's retention ended: it leaves the engine with its final state in the event. */
    private void archive(Run run, String ticketId) {
        Ticket ticket = state.tickets.get(ticketId);
        if (ticket == null || ticket.status() != TicketStatus.CLOSED) {
            return;
        }
        run.emit(new DomainEvent.TicketArchived(run.now, ticketId, Views.archived(state, ticket),
                Math.max(state.ticketSeq, ticket.seq()), state.offerSeq, DomainEvent.ROUTER, "retention"));
    }

    private void lapsePreference(Run run, TimerQueue.Timer timer) {
        Ticket ticket = state.tickets.get(timer.ref());
        if (ticket != null && ticket.status() == TicketStatus.QUEUED && ticket.preferredAgent() != null
                && ticket.preferredUntil() == timer.token()) {
            run.emit(new PreferenceLapsed(run.now, ticket.id(), ticket.preferredAgent(), DomainEvent.ROUTER,
                    "preferred_agent_unavailable"));
            run.routeTicket(ticket);
        }
    }

    private void endGrace(Run run, TimerQueue.Timer timer) {
        Agent agent = state.agents.get(timer.ref());
        if (agent == null || agent.sessionId() != null || agent.graceUntil() != timer.token()) {
            return;
        }
        run.emit(new AgentGraceExpired(run.now, agent.id()));
        for (String ticketId : List.copyOf(agent.tickets())) {
            Ticket ticket = state.tickets.get(ticketId);
            if (ticket.status().isWithAgent()) {
                run.emit(new TicketReleased(run.now, ticketId, agent.id(), false, DomainEvent.ROUTER,
                        "agent_disconnected"));
                run.routeTicket(ticket);
            }
        }
    }
}

package io.switchboard.engine;

import io.switchboard.core.agent.SupportTier;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.CustomerMessaged;
import io.switchboard.core.event.DomainEvent.FeedbackGiven;
import io.switchboard.core.event.DomainEvent.FollowUpDone;
import io.switchboard.core.event.DomainEvent.TicketClosed;
import io.switchboard.core.event.DomainEvent.TicketCreated;
import io.switchboard.core.event.DomainEvent.TicketPending;
import io.switchboard.core.event.DomainEvent.TicketQueued;
import io.switchboard.core.event.DomainEvent.TicketReleased;
import io.switchboard.core.event.DomainEvent.TicketReopened;
import io.switchboard.core.event.DomainEvent.TicketReplied;
import io.switchboard.core.event.DomainEvent.TicketReprioritized;
import io.switchboard.core.event.DomainEvent.TicketResolved;
import io.switchboard.core.event.DomainEvent.TicketTransferred;
import io.switchboard.core.routing.Demand;
import io.switchboard.core.sla.SlaDecision;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.Ticket;
import io.switchboard.core.ticket.TicketDraft;
import io.switchboard.core.ticket.TicketStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/** Creating tickets and the ticket actions of the REST API. */
final class TicketCommands {
    static final String CUSTOMER = "customer:";
    /** Joins a caller and the customer it speaks for in an actor: {@code key:chatbot on behalf of customer:c-1}. */
    static final String ON_BEHALF_OF = " on behalf of ";
    private final EngineState state;

    TicketCommands(EngineState state) {
        this.state = state;
    }

    Outcome run(Command command, Run run) {
        if (command instanceof Command.CreateTicket c) {
            return create(c, null, run, id -> { });
        }
        if (command instanceof Command.HandOff c) {
            return handOff(c, run);
        }
        String ticketId = ticketIdOf(command);
        Ticket ticket = state.tickets.get(ticketId);
        if (ticket == null) {
            return Outcome.rejected(Rejection.notFound("ticket", ticketId));
        }
        String owner = ticket.assignee();
        if (command instanceof Command.GiveFeedback c) {
            return feedback(c, ticket, run);
        }
        if (command instanceof Command.Reply c) {
            if (!ticket.status().isWithAgent()) {
                return illegal(ticket, "reply to");
            }
            Rejection window = WeChatReplyWindow.check(ticket, run.now);
            if (window != null) {
                return Outcome.rejected(window);
            }
            run.emit(new TicketReplied(run.now, ticket.id(), c.message(), c.actor(), "agent_reply"));
            if (ticket.sla().followUpDueAt() != 0) {
                // A reply reaches the customer: it is the contact the follow-up asked for.
                run.emit(new FollowUpDone(run.now, ticket.id(), ticket.sla().followUpDueAt(), c.actor(),
                        "agent_reply"));
            }
        } else if (command instanceof Command.MarkPending c) {
            if (c.status() != TicketStatus.PENDING_CUSTOMER && c.status() != TicketStatus.PENDING_INTERNAL) {
                return Outcome.rejected(Rejection.invalid(List.of(new Rejection.FieldError("/on",
                        "a ticket can only be pending on the customer or internally"))));
            }
            if (!ticket.status().isWithAgent()) {
                return illegal(ticket, "set pending");
            }
            run.emit(new TicketPending(run.now, ticket.id(), c.status(), c.actor(), c.reason()));
        } else if (command instanceof Command.Resolve c) {
            if (!ticket.status().isWithAgent()) {
                return illegal(ticket, "resolve");
            }
            run.emit(new TicketResolved(run.now, ticket.id(), c.actor(), c.reason()));
        } else if (command instanceof Command.Reopen c) {
            if (ticket.status() != TicketStatus.RESOLVED) {
                return illegal(ticket, "reopen");
            }
            run.emit(new TicketReopened(run.now, ticket.id(), c.actor(), c.reason()));
            queue(run, ticket, ticket.queue(), ticket.lastAssignee(), c.actor(), "reopened");
        } else if (command instanceof Command.Close c) {
            if (ticket.status() != TicketStatus.RESOLVED) {
                return illegal(ticket, "close");
            }
            run.emit(new TicketClosed(run.now, ticket.id(), c.actor(), c.reason()));
        } else if (command instanceof Command.Transfer c) {
            Outcome refused = transfer(c, ticket, run);
            if (refused != null) {
                return refused;
            }
        } else if (command instanceof Command.CustomerMessage c) {
            if (ticket.status() == TicketStatus.CLOSED) {
                return illegal(ticket, "add a customer message to");
            }
            String customer = customerActor(ticket, c.actor());
            run.emit(new CustomerMessaged(run.now, ticket.id(), c.message(), customer, "customer_message"));
            FieldFollowUp.afterMessage(state.intake, ticket, c.message(), customer, run);
            if (ticket.status() == TicketStatus.RESOLVED) {
                run.emit(new TicketReopened(run.now, ticket.id(), customer, "customer_message"));
                queue(run, ticket, ticket.queue(), ticket.lastAssignee(), customer, "reopened");
            }
        } else if (command instanceof Command.Confirm c) {
            if (ticket.status() != TicketStatus.RESOLVED) {
                return illegal(ticket, "confirm");
            }
            run.emit(new TicketClosed(run.now, ticket.id(), customerActor(ticket, c.actor()), "customer_confirmed"));
        } else if (command instanceof Command.CompleteFollowUp c) {
            if (ticket.sla().followUpDueAt() == 0) {
                return Outcome.rejected(Rejection.conflict("no_follow_up",
                        "ticket " + ticket.id() + " has no open follow-up"));
            }
            run.emit(new FollowUpDone(run.now, ticket.id(), ticket.sla().followUpDueAt(), c.actor(), c.reason()));
        } else if (command instanceof Command.Reprioritize c) {
            if (ticket.status() == TicketStatus.CLOSED) {
                return illegal(ticket, "change");
            }
            Priority priority = c.priority() != null ? c.priority() : ticket.priority();
            CustomerTier tier = c.tier() != null ? c.tier() : ticket.tier();
            if (priority == ticket.priority() && tier == ticket.tier()) {
                return run.done(run.view(ticket));
            }
            run.emit(new TicketReprioritized(run.now, ticket.id(), priority, tier, c.actor(), c.reason()));
        }
        run.pushUpdate(ticket, owner);
        if (owner != null) {
            run.routeAgent(state.agents.get(owner));
        }
        run.routeTicket(ticket);
        run.routeFreedAgents();
        return run.done(run.view(ticket));
    }

    /**
     * A handoff whose conversation key is remembered answers that ticket as it is now; one whose
     * ticket was archived meanwhile (closed long enough) opens a new ticket under the same key.
     */
    private Outcome handOff(Command.HandOff c, Run run) {
        EngineState.IdempotencyEntry seen = state.idempotency.get(c.create().idempotencyKey());
        if (seen != null && state.tickets.contains(seen.ticketId())) {
            return run.done(Views.ticket(state, state.tickets.peek(seen.ticketId())));
        }
        return create(c.create(), c.handoff(), run, id -> { });
    }

    /** Creates the ticket; {@code afterCreated} may emit further events on it before it is queued. */
    Outcome create(Command.CreateTicket c, Run run, java.util.function.Consumer<String> afterCreated) {
        return create(c, null, run, afterCreated);
    }

    /**
     * {@code handoff} (nullable) is recorded right after the creation, then the intake findings, then
     * whatever {@code afterCreated} emits, all before the ticket is routed.
     */
    private Outcome create(Command.CreateTicket c, io.switchboard.core.ticket.Handoff handoff, Run run,
            java.util.function.Consumer<String> afterCreated) {
        if (c.idempotencyKey() != null && handoff == null) {
            EngineState.IdempotencyEntry seen = state.idempotency.get(c.idempotencyKey());
            if (seen != null) {
                if (!seen.fingerprint().equals(c.fingerprint())) {
                    return Outcome.rejected(new Rejection(Rejection.Kind.IDEMPOTENCY_MISMATCH,
                            "idempotency_key_reused", "Idempotency-Key was used with a different request body",
                            List.of()));
                }
                Ticket earlier = state.tickets.peek(seen.ticketId());
                return run.done(earlier == null ? new CreatedThenArchived(seen.ticketId()) : run.view(earlier));
            }
        }
        List<Rejection.FieldError> errors = new ArrayList<>();
        TicketDraft draft = c.draft();
        if (draft.queue() != null && !state.config.queues().containsKey(draft.queue())) {
            errors.add(new Rejection.FieldError("/queue", "unknown queue '" + draft.queue() + "'; known: "
                    + String.join(", ", state.config.queues().keySet())));
        }
        for (int i = 0; i < draft.requiredSkills().size(); i++) {
            String skill = draft.requiredSkills().get(i).name();
            if (!state.knownSkills.contains(skill)) {
                errors.add(new Rejection.FieldError("/requiredSkills/" + i + "/name",
                        "no agent or configured queue knows skill '" + skill + "'"));
            }
        }
        if (errors.isEmpty()) {
            unservable(draft.channel(), draft.language(), null, null, "/language", errors);
        }
        if (!errors.isEmpty()) {
            return Outcome.rejected(Rejection.invalid(errors));
        }
        String queue = draft.queue() != null ? draft.queue() : state.config.queueFor(draft);
        long seq = state.ticketSeq + 1;
        String id = Ids.ticket(seq);
        SlaDecision sla = SlaChoice.atCreation(state.sla.config(), draft.customer().tier(), draft.priority(),
                draft.channel(), draft.type(), queue, run.now);
        run.emit(new TicketCreated(run.now, id, seq, draft, queue, c.actor(), "intake", c.idempotencyKey(),
                c.fingerprint(), sla));
        if (handoff != null) {
            run.emit(new DomainEvent.HandoffReceived(run.now, id, handoff, c.actor(), "bot_handoff"));
        }
        if (!c.fieldSources().isEmpty()) {
            run.emit(new DomainEvent.FieldsExtracted(run.now, id, c.fieldSources(), c.actor(), "intake"));
        }
        if (!c.missingFields().isEmpty()) {
            run.emit(new DomainEvent.FieldsRequested(run.now, id, c.missingFields(), c.actor(), "required_fields_missing"));
        }
        afterCreated.accept(id);
        Ticket ticket = state.tickets.get(id);
        queue(run, ticket, queue, preferredAgentOf(draft.customer().id()), c.actor(), "routing_rule");
        run.routeTicket(ticket);
        return run.created(run.view(ticket));
    }

    private Outcome transfer(Command.Transfer c, Ticket ticket, Run run) {
        List<Rejection.FieldError> errors = new ArrayList<>();
        if (c.queue() == null && c.team() == null && c.tier() == null) {
            errors.add(new Rejection.FieldError("", "name at least one of queue, team, tier"));
        }
        if (c.queue() != null && !state.config.queues().containsKey(c.queue())) {
            errors.add(new Rejection.FieldError("/queue", "unknown queue '" + c.queue() + "'"));
        }
        if (c.team() != null && (!state.knownTeams.contains(c.team()) || state.teamRemoved(c.team()))) {
            errors.add(new Rejection.FieldError("/team", "unknown team '" + c.team() + "'"));
        }
        if (!errors.isEmpty()) {
            return Outcome.rejected(Rejection.invalid(errors));
        }
        if (!ticket.status().isRouting() && !ticket.status().isWithAgent()) {
            return illegal(ticket, "transfer");
        }
        unservable(ticket.channel(), ticket.draft().language(), c.team() != null ? c.team() : ticket.team(),
                c.tier() != null ? c.tier() : ticket.minTier(), "", errors);
        if (!errors.isEmpty()) {
            return Outcome.rejected(Rejection.invalid(errors));
        }
        if (ticket.status() == TicketStatus.OFFERED) {
            run.revokeOffer(ticket, "transferred");
        } else if (ticket.status().isWithAgent()) {
            run.emit(new TicketReleased(run.now, ticket.id(), ticket.assignee(), true, c.actor(), "transferred"));
        }
        String toQueue = c.queue() != null ? c.queue() : ticket.queue();
        run.emit(new TicketTransferred(run.now, ticket.id(), ticket.queue(), toQueue, c.team(), c.tier(),
                c.actor(), c.reason()));
        run.emit(new TicketQueued(run.now, ticket.id(), toQueue, null, 0, c.actor(), "transferred"));
        return null;
    }

    /**
     * The configuration proves nobody can ever take a ticket when no agent the engine knows (from
     * the YAML or added through the API, whatever its presence or load) speaks its language and is
     * in its team (when it names one) at its minimum tier or above: those never relax (overflow
     * lowers skill levels, widens a queue's teams or moves the ticket, never these), so only a new
     * or changed agent could serve it, and the request is refused until one exists. Skill levels
     * and channel capacity are not proof (overflow, or an agent added later, may meet them): a
     * ticket nobody can take for those waits and raises {@code ticket_unroutable} after
     * {@code routing.unroutableAfter}. An engine that knows no agent yet (all agents come through
     * the API) refuses nothing here.
     */
    private void unservable(Channel channel, String language, String team,
            SupportTier tier, String pointer, List<Rejection.FieldError> errors) {
        if (team != null && state.teamRemoved(team)) {
            team = null; // a team the configuration dropped no longer restricts the ticket (EngineState#demandOf)
        }
        if (state.agents.isEmpty() || language == null && team == null && tier == null) {
            return;
        }
        Demand demand = new Demand(channel, language, new TreeMap<>(), team == null ? Set.of() : Set.of(team),
                tier);
        if (!state.dispatcher.anyQualified(demand)) {
            List<String> needs = new ArrayList<>();
            if (language != null) {
                needs.add("speaks '" + language + "'");
            }
            if (team != null) {
                needs.add("is in team '" + team + "'");
            }
            if (tier != null) {
                needs.add("has tier " + tier.name() + " or above");
            }
            errors.add(new Rejection.FieldError(pointer, "no agent can ever take this ticket: none "
                    + String.join(" and ", needs) + " (add or change an agent first)"));
        }
    }

    /** Queues a ticket, holding it for the customer's previous agent for the preferred window. */
    private void queue(Run run, Ticket ticket, String queue, String preferred, String actor, String reason) {
        long window = state.config.preferredAgentWindowMillis();
        boolean prefer = preferred != null && window > 0 && state.agents.containsKey(preferred);
        run.emit(new TicketQueued(run.now, ticket.id(), queue, prefer ? preferred : null,
                prefer ? run.now + window : 0, actor, reason));
    }

    /**
     * The agent who last took this customer's ticket, while that ticket is still in the engine;
     * not looked up when there is no preferred window to hold a ticket for them.
     */
    private String preferredAgentOf(String customerId) {
        return state.config.preferredAgentWindowMillis() > 0 ? state.affinity.preferredAgent(customerId) : null;
    }

    /**
     * Who speaks for the customer: the plain actor {@code customer} (the customer themself) becomes
     * {@code customer:<id>}; any other caller (an integration relaying the customer, an agent typing
     * what the customer said) stays the actor, {@code <caller> on behalf of customer:<id>}, so the
     * timeline never shows the customer for what someone else did.
     */
    static String customerActor(Ticket ticket, String actor) {
        String customer = CUSTOMER + ticket.customer().id();
        return "customer".equals(actor) ? customer : actor + ON_BEHALF_OF + customer;
    }

    /**
     * Feedback is taken once per ticket, once it is resolved or closed. A repeat with the same
     * ratings and comment answers the ticket again (a client's retry); different values are refused,
     * so the first answer the customer gave is the one reports count.
     */
    private Outcome feedback(Command.GiveFeedback c, Ticket ticket, Run run) {
        for (DomainEvent.TicketEvent event : ticket.timeline()) {
            if (event instanceof FeedbackGiven given) {
                if (given.csat() == c.csat() && given.nps() == c.nps()
                        && java.util.Objects.equals(given.comment(), c.comment())) {
                    return run.done(Views.ticket(state, ticket));
                }
                return Outcome.rejected(Rejection.conflict("feedback_already_given", "ticket " + ticket.id()
                        + " already has the customer's feedback (csat " + given.csat() + ", nps " + given.nps()
                        + "); it is taken once"));
            }
        }
        if (ticket.status() != TicketStatus.RESOLVED && ticket.status() != TicketStatus.CLOSED) {
            return Outcome.rejected(Rejection.conflict("ticket_not_resolved", "feedback is taken on resolved or closed"
                    + " tickets; ticket " + ticket.id() + " is " + ticket.status().wire()));
        }
        run.emit(new FeedbackGiven(run.now, ticket.id(), c.csat(), c.nps(), c.comment(),
                customerActor(ticket, c.actor()), "customer_feedback"));
        return run.done(Views.ticket(state, ticket));
    }

    private static Outcome illegal(Ticket ticket, String action) {
        return Outcome.rejected(Rejection.conflict("illegal_transition",
                "cannot " + action + " ticket " + ticket.id() + " while it is " + ticket.status().wire()));
    }

    private static String ticketIdOf(Command command) {
        if (command instanceof Command.Reply c) {
            return c.ticketId();
        } else if (command instanceof Command.MarkPending c) {
            return c.ticketId();
        } else if (command instanceof Command.Resolve c) {
            return c.ticketId();
        } else if (command instanceof Command.Reopen c) {
            return c.ticketId();
        } else if (command instanceof Command.Close c) {
            return c.ticketId();
        } else if (command instanceof Command.Transfer c) {
            return c.ticketId();
        } else if (command instanceof Command.CustomerMessage c) {
            return c.ticketId();
        } else if (command instanceof Command.Confirm c) {
            return c.ticketId();
        } else if (command instanceof Command.Reprioritize c) {
            return c.ticketId();
        } else if (command instanceof Command.CompleteFollowUp c) {
            return c.ticketId();
        } else if (command instanceof Command.GiveFeedback c) {
            return c.ticketId();
        }
        throw new IllegalArgumentException("not a ticket action: " + command);
    }
}

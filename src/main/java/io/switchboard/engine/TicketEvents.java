package io.switchboard.engine;

import io.switchboard.core.agent.Agent;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.CustomerMessaged;
import io.switchboard.core.event.DomainEvent.OfferWithdrawn;
import io.switchboard.core.event.DomainEvent.PreferenceLapsed;
import io.switchboard.core.event.DomainEvent.SlaPolicyApplied;
import io.switchboard.core.event.DomainEvent.TicketAssigned;
import io.switchboard.core.event.DomainEvent.TicketClosed;
import io.switchboard.core.event.DomainEvent.AlertEvent;
import io.switchboard.core.event.DomainEvent.TicketEvent;
import io.switchboard.core.event.DomainEvent.TicketOffered;
import io.switchboard.core.event.DomainEvent.TicketOverflowed;
import io.switchboard.core.event.DomainEvent.TicketPending;
import io.switchboard.core.event.DomainEvent.TicketQueued;
import io.switchboard.core.event.DomainEvent.TicketReleased;
import io.switchboard.core.event.DomainEvent.TicketReopened;
import io.switchboard.core.event.DomainEvent.TicketReplied;
import io.switchboard.core.event.DomainEvent.TicketReprioritized;
import io.switchboard.core.event.DomainEvent.TicketResolved;
import io.switchboard.core.event.DomainEvent.TicketTransferred;
import io.switchboard.core.routing.OverflowStep;
import io.switchboard.core.ticket.Ticket;
import io.switchboard.core.ticket.TicketStatus;

/**
 * How each ticket event changes a ticket, its agent's load and its place in line: the ticket half
 * of {@link EngineState#apply}. Times come from the events; nothing here decides anything.
 *
 * <p>Threading: single-writer; not thread-safe.
 */
final class TicketEvents {
    private final EngineState state;

    TicketEvents(EngineState state) {
        this.state = state;
    }

    void apply(Ticket ticket, TicketEvent event) {
        if (event instanceof TicketQueued e) {
            state.unline(ticket);
            state.leaveWaiting(ticket);
            ticket.queue(e.queue());
            ticket.queuedAt(e.at());
            ticket.nextOverflowStep(0);
            ticket.preferred(e.preferredAgent(), e.preferredUntil());
            ticket.orderKey(state.ordering.key(ticket));
            state.setStatus(ticket, TicketStatus.QUEUED);
            state.line(ticket);
            state.scheduleOverflow(ticket);
            state.armUnroutable(ticket, e.at(), e.at());
            if (e.preferredAgent() != null) {
                state.timers.schedule(e.preferredUntil(), TimerQueue.Kind.PREFERRED_WINDOW, ticket.id(), e.preferredUntil());
            }
        } else if (event instanceof PreferenceLapsed) {
            state.unline(ticket);
            ticket.preferred(null, 0);
            state.line(ticket);
        } else if (event instanceof TicketOffered e) {
            state.unline(ticket);
            ticket.preferred(null, 0);
            state.setStatus(ticket, TicketStatus.OFFERED);
            ticket.offerId(e.offerId());
            takeLoad(state.agents.get(e.agentId()), ticket, e.at());
            state.offers.put(e.offerId(), new EngineState.Offer(e.offerId(), ticket.id(), e.agentId(), e.expiresAt()));
            state.offerSeq = Math.max(state.offerSeq, Ids.sequenceOf(e.offerId()));
            state.timers.schedule(e.expiresAt(), TimerQueue.Kind.OFFER_EXPIRY, e.offerId(), 0);
        } else if (event instanceof TicketAssigned e) {
            Agent agent = state.agents.get(e.agentId());
            if (e.offerId() != null) {
                state.offers.remove(e.offerId());
            } else {
                state.unline(ticket);
                ticket.preferred(null, 0);
                takeLoad(agent, ticket, e.at());
            }
            ticket.offerId(e.offerId());
            state.setStatus(ticket, TicketStatus.ASSIGNED);
            ticket.assignee(e.agentId());
            state.affinity.assigned(ticket.customer().id(), ticket.id(), ticket.seq(), e.agentId());
        } else if (event instanceof OfferWithdrawn e) {
            state.offers.remove(e.offerId());
            ticket.offerId(null);
            dropLoad(state.agents.get(e.agentId()), ticket, true);
            if (e.outcome() != OfferWithdrawn.Outcome.REVOKED) {
                exclude(ticket, e.agentId(), e.at());
            }
            state.setStatus(ticket, TicketStatus.QUEUED);
            state.line(ticket);
            state.armUnroutable(ticket, ticket.queuedAt(), e.at());
        } else if (event instanceof TicketReleased e) {
            dropLoad(state.agents.get(e.agentId()), ticket, ticket.status() == TicketStatus.ASSIGNED);
            ticket.offerId(null);
            ticket.assignee(null);
            if (e.excludeAgent()) {
                exclude(ticket, e.agentId(), e.at());
            }
            state.leaveWaiting(ticket);
            // Back in line: its wait (and the remaining overflow steps) count from the release.
            ticket.queuedAt(e.at());
            state.setStatus(ticket, TicketStatus.QUEUED);
            state.line(ticket);
            state.scheduleOverflow(ticket);
            state.armUnroutable(ticket, e.at(), e.at());
        } else if (event instanceof TicketReplied || event instanceof CustomerMessaged) {
            if (ticket.status().isWithAgent() && ticket.status() != TicketStatus.ASSIGNED) {
                Agent agent = state.agents.get(ticket.assignee());
                state.dispatcher.addLoad(agent, ticket.channel(), 1);
                state.setStatus(ticket, TicketStatus.ASSIGNED);
            }
        } else if (event instanceof TicketPending e) {
            if (ticket.status() == TicketStatus.ASSIGNED) {
                state.dispatcher.addLoad(state.agents.get(ticket.assignee()), ticket.channel(), -1);
            }
            state.setStatus(ticket, e.status());
        } else if (event instanceof TicketResolved) {
            dropLoad(state.agents.get(ticket.assignee()), ticket, ticket.status() == TicketStatus.ASSIGNED);
            state.setStatus(ticket, TicketStatus.RESOLVED);
        } else if (event instanceof TicketReopened) {
            ticket.assignee(null);
        } else if (event instanceof TicketClosed) {
            state.setStatus(ticket, TicketStatus.CLOSED);
            state.armArchive(ticket, event.at());
        } else if (event instanceof TicketTransferred e) {
            state.unline(ticket);
            if (e.team() != null) {
                ticket.team(e.team());
            }
            if (e.tier() != null) {
                ticket.minTier(e.tier());
            }
        } else if (event instanceof TicketOverflowed e) {
            applyOverflow(ticket, e);
        } else if (event instanceof TicketReprioritized e) {
            state.unline(ticket);
            ticket.priority(e.priority());
            ticket.tier(e.tier());
            if (ticket.status() == TicketStatus.QUEUED) {
                state.line(ticket);
            }
        } else if (event instanceof DomainEvent.FieldsSupplied e) {
            ticket.fill(FieldFollowUp.chosenValues(e.sources()));
        } else if (event instanceof DomainEvent.ExclusionLifted e) {
            ticket.excludedAgents().remove(e.agentId());
            state.armExclusionExpiry(ticket);
        } else if (!(event instanceof AlertEvent) && !(event instanceof SlaPolicyApplied)
                && !(event instanceof DomainEvent.FollowUpDone) && !(event instanceof DomainEvent.FeedbackGiven)
                && !(event instanceof DomainEvent.HandoffReceived) && !(event instanceof DomainEvent.FieldsExtracted)
                && !(event instanceof DomainEvent.FieldsRequested) && !(event instanceof DomainEvent.MailFailed)
                && !(event instanceof DomainEvent.WechatReplySent) && !(event instanceof DomainEvent.WechatReplyFailed)
                && !(event instanceof DomainEvent.AttachmentsStored)) {
            if (event instanceof DomainEvent.WechatReceived e) {
                state.wechatMessages.put(e.msgId(), ticket.id());
                if (ticket.status() != TicketStatus.CLOSED) {
                    state.wechatOpen.put(e.account() + " " + e.openId(), ticket.id());
                }
                return;
            }
            if (event instanceof DomainEvent.MailSent e) {
                // the customer's answer names the reply in In-Reply-To: it threads onto this ticket
                state.mailThreads.put(e.messageId(), ticket.id());
                return;
            }
            if (event instanceof DomainEvent.MailReceived e) {
                if (e.messageId() != null) {
                    state.mailThreads.put(e.messageId(), ticket.id());
                }
                return;
            }
            // SlaPolicyApplied changes only SLA clocks (SlaBook) and the place in line (EngineState);
            // HandoffReceived only lands on the timeline (Views reads the conversation from there).
            throw new IllegalArgumentException("unknown event " + event);
        }
    }


    /** Excludes the agent from the ticket and arms the exclusion's expiry ({@code routing.exclusionTtl}). */
    private void exclude(Ticket ticket, String agentId, long at) {
        ticket.exclude(agentId, at);
        state.armExclusionExpiry(ticket);
    }

    private void applyOverflow(Ticket ticket, TicketOverflowed e) {
        state.unline(ticket);
        OverflowStep step = e.applied();
        if (step instanceof OverflowStep.LowerSkillLevel lower) {
            ticket.skillRelaxation(ticket.skillRelaxation() + lower.levels());
        } else if (step instanceof OverflowStep.WidenTeams widen) {
            ticket.widen(widen.teams());
        } else if (step instanceof OverflowStep.RaisePriority raise && raise.to().compareTo(ticket.priority()) < 0) {
            ticket.priority(raise.to());
            ticket.orderKey(state.ordering.key(ticket));
        }
        ticket.nextOverflowStep(e.step() + 1);
        if (!(step instanceof OverflowStep.MoveToQueue)) {
            state.scheduleOverflow(ticket);
        }
        if (ticket.status() == TicketStatus.QUEUED) {
            state.line(ticket);
        }
    }

    private void takeLoad(Agent agent, Ticket ticket, long at) {
        state.dispatcher.update(agent, a -> {
            a.addLoad(ticket.channel(), 1);
            a.lastRoutedAt(Math.max(a.lastRoutedAt(), at));
            a.tickets().add(ticket.id());
        });
    }

    private void dropLoad(Agent agent, Ticket ticket, boolean countedInLoad) {
        // The agent's ticket set is no ordering key: only the load moves it in the index.
        agent.tickets().remove(ticket.id());
        if (countedInLoad) {
            state.dispatcher.addLoad(agent, ticket.channel(), -1);
        }
    }
}

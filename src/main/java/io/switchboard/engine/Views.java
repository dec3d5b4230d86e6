package io.switchboard.engine;

import io.switchboard.core.agent.Agent;
import io.switchboard.core.event.ArchivedTicket;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.intake.FieldSource;
import io.switchboard.core.sla.SlaMetric;
import io.switchboard.core.sla.TicketSla;
import io.switchboard.core.ticket.Customer;
import io.switchboard.core.routing.Demand;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.SkillRequirement;
import io.switchboard.core.ticket.Ticket;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Immutable copies of live state, for handing across threads. */
final class Views {
    private Views() {
    }

    static TicketView ticket(EngineState state, Ticket t) {
        Demand demand = state.demandOf(t);
        List<SkillRequirement> skills = new ArrayList<>(demand.skills().size());
        demand.skills().forEach((name, level) -> skills.add(new SkillRequirement(name, level)));
        // Most tickets have neither: the lists are made only for one that has.
        List<DomainEvent.AlertEvent> alerts = List.of();
        List<DomainEvent.CompensationIssued> compensations = List.of();
        io.switchboard.core.ticket.Handoff handoff = null;
        List<String> missing = List.of();
        List<io.switchboard.core.intake.StoredAttachment> attachments = List.of();
        List<FieldSource> sources = List.of();
        for (DomainEvent.TicketEvent event : t.timeline()) {
            if (event instanceof DomainEvent.HandoffReceived received) {
                handoff = received.handoff();
            } else if (event instanceof DomainEvent.FieldsRequested requested) {
                missing = requested.fields();
            } else if (event instanceof DomainEvent.FieldsExtracted extracted) {
                sources = extracted.sources();
            } else if (event instanceof DomainEvent.FieldsSupplied supplied) {
                missing = supplied.missing();
                sources = FieldFollowUp.concat(sources, supplied.sources());
            } else if (event instanceof DomainEvent.AttachmentsStored stored) {
                attachments = FieldFollowUp.concat(attachments, stored.attachments());
            }
            if (event instanceof DomainEvent.AlertEvent alert) {
                alerts = alerts.isEmpty() ? new ArrayList<>() : alerts;
                alerts.add(alert);
            }
            if (event instanceof DomainEvent.CompensationIssued issued) {
                compensations = compensations.isEmpty() ? new ArrayList<>() : compensations;
                compensations.add(issued);
            }
        }
        Customer customer = new Customer(t.customer().id(), t.tier(), t.customer().name());
        return new TicketView(t.id(), t.seq(), t.status(), t.channel(), t.priority(), customer, t.draft().type(),
                t.draft().subject(), t.draft().description(), List.copyOf(skills), t.draft().language(),
                t.draft().tags(), t.draft().fields(), t.queue(), t.assignee(), t.team(), t.minTier(), t.createdAt(),
                t.updatedAt(), sla(t.sla(), state.viewTime), List.copyOf(alerts), List.copyOf(compensations),
                t.timeline().isEmpty() || !(t.timeline().get(0) instanceof DomainEvent.TicketCreated created) ? null
                        : created.actor(), handoff, missing, sources, attachments);
    }

    /** The closed ticket's final state, for {@code TicketArchived}; remaining time as a view at {@code at} shows it. */
    static ArchivedTicket archived(EngineState state, Ticket t) {
        TicketView view = ticket(state, t);
        Map<SlaMetric, ArchivedTicket.ClockOutcome> clocks = new EnumMap<>(SlaMetric.class);
        t.sla().forEachClock(clock -> {
            SlaView.Clock shown = view.sla().clocks().get(clock.metric());
            clocks.put(clock.metric(), new ArchivedTicket.ClockOutcome(clock.targetMillis(), shown.dueAt(),
                    clock.stoppedAt(), clock.breachedAt(), clock.isStarted() ? clock.elapsed(state.viewTime) : 0,
                    shown.remainingSeconds()));
        });
        return new ArchivedTicket(t.id(), t.seq(), t.status(), t.priority(), t.tier(), t.draft(), view.requiredSkills(),
                t.queue(), t.assignee(), t.team(), t.minTier(), t.createdAt(), t.updatedAt(), view.createdBy(),
                view.sla().policy(), clocks);
    }

    static SlaView sla(TicketSla sla, long now) {
        Map<SlaMetric, SlaView.Clock> clocks = new EnumMap<>(SlaMetric.class);
        sla.forEachClock(clock -> clocks.put(clock.metric(), new SlaView.Clock(clock.dueAt(), clock.stoppedAt(),
                clock.isBreached(), clock.isStarted()
                        ? Math.floorDiv(clock.targetMillis() - clock.elapsed(now), 1000L) : null)));
        return new SlaView(sla.policy() == null ? null : sla.policy().name(), clocks, sla.isPaused());
    }

    static AgentView agent(Agent a) {
        Map<Channel, Integer> load = new EnumMap<>(Channel.class);
        for (Channel channel : Channel.values()) {
            if (a.profile().capacityOn(channel) > 0 || a.load(channel) > 0) {
                load.put(channel, a.load(channel));
            }
        }
        return new AgentView(a.profile(), a.presence(), a.sessionId() != null, Map.copyOf(load),
                List.copyOf(a.tickets()));
    }
}

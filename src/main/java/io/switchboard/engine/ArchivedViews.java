package io.switchboard.engine;

import io.switchboard.core.event.ArchivedTicket;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.sla.SlaMetric;
import io.switchboard.core.ticket.Customer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * An archived ticket as the same {@link TicketView} the engine showed before it left memory: the
 * recorded final state plus the alerts and compensations of its timeline. Archived tickets are
 * closed, so nothing in the view depends on the time it is read.
 */
public final class ArchivedViews {
    private ArchivedViews() {
    }

    /** {@code timeline} is the ticket's events in journal order, without its {@code TicketArchived}. */
    public static TicketView ticket(ArchivedTicket t, List<DomainEvent.TicketEvent> timeline) {
        List<DomainEvent.AlertEvent> alerts = new ArrayList<>();
        List<DomainEvent.CompensationIssued> compensations = new ArrayList<>();
        io.switchboard.core.ticket.Handoff handoff = null;
        List<String> missing = List.of();
        List<io.switchboard.core.intake.StoredAttachment> attachments = List.of();
        List<io.switchboard.core.intake.FieldSource> sources = List.of();
        for (DomainEvent.TicketEvent event : timeline) {
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
                alerts.add(alert);
            }
            if (event instanceof DomainEvent.CompensationIssued issued) {
                compensations.add(issued);
            }
        }
        Map<SlaMetric, SlaView.Clock> clocks = new EnumMap<>(SlaMetric.class);
        t.clocks().forEach((metric, c) -> clocks.put(metric,
                new SlaView.Clock(c.dueAt(), c.stoppedAt(), c.breached(), c.remainingSeconds())));
        Customer customer = new Customer(t.draft().customer().id(), t.tier(), t.draft().customer().name());
        return new TicketView(t.id(), t.seq(), t.status(), t.draft().channel(), t.priority(), customer,
                t.draft().type(), t.draft().subject(), t.draft().description(), t.requiredSkills(),
                t.draft().language(), t.draft().tags(), t.draft().fields(), t.queue(), t.assignee(), t.team(),
                t.minTier(), t.createdAt(), t.updatedAt(), new SlaView(t.slaPolicy(), clocks, false), List.copyOf(alerts),
                List.copyOf(compensations), t.createdBy(), handoff, missing, sources, attachments);
    }
}

package io.switchboard.engine;

import io.switchboard.core.agent.SupportTier;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.intake.FieldSource;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Customer;
import io.switchboard.core.ticket.Handoff;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.SkillRequirement;
import io.switchboard.core.ticket.TicketStatus;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable copy of a ticket, safe to hand to another thread. {@code requiredSkills} are the
 * effective requirements (queue's plus the ticket's, after overflow relaxation). Nullable: type,
 * subject, description, language, assignee, team, minTier, offer fields. {@code alerts} are the SLA
 * events of the timeline (warnings, breaches, escalations, reminders, ...), oldest first.
 * {@code createdBy} is the actor of the ticket's TicketCreated event (who may read it back).
 * {@code handoff} is the chatbot conversation the ticket came from (null for other intake).
 * {@code missingFields} are the required fields its type lacks (FieldsRequested), {@code fieldSources}
 * where extracted field values came from (FieldsExtracted, FieldsSupplied); both empty when none.
 * {@code attachments} are the customer mails' attachments whose content was kept (AttachmentsStored).
 */
public record TicketView(
        String id,
        long seq,
        TicketStatus status,
        Channel channel,
        Priority priority,
        Customer customer,
        String type,
        String subject,
        String description,
        List<SkillRequirement> requiredSkills,
        String language,
        Set<String> tags,
        Map<String, String> fields,
        String queue,
        String assignee,
        String team,
        SupportTier minTier,
        long createdAt,
        long updatedAt,
        SlaView sla,
        List<DomainEvent.AlertEvent> alerts,
        List<DomainEvent.CompensationIssued> compensations,
        String createdBy,
        Handoff handoff,
        List<String> missingFields,
        List<FieldSource> fieldSources,
        List<io.switchboard.core.intake.StoredAttachment> attachments) {

    /** Without stored attachments. */
    public TicketView(String id, long seq, TicketStatus status, Channel channel, Priority priority, Customer customer,
            String type, String subject, String description, List<SkillRequirement> requiredSkills, String language,
            Set<String> tags, Map<String, String> fields, String queue, String assignee, String team,
            SupportTier minTier, long createdAt, long updatedAt, SlaView sla, List<DomainEvent.AlertEvent> alerts,
            List<DomainEvent.CompensationIssued> compensations, String createdBy, Handoff handoff,
            List<String> missingFields, List<FieldSource> fieldSources) {
        this(id, seq, status, channel, priority, customer, type, subject, description, requiredSkills, language, tags,
                fields, queue, assignee, team, minTier, createdAt, updatedAt, sla, alerts, compensations, createdBy,
                handoff, missingFields, fieldSources, List.of());
    }

    /** A ticket that did not come from a chatbot handoff, without intake findings. */
    public TicketView(String id, long seq, TicketStatus status, Channel channel, Priority priority, Customer customer,
            String type, String subject, String description, List<SkillRequirement> requiredSkills, String language,
            Set<String> tags, Map<String, String> fields, String queue, String assignee, String team,
            SupportTier minTier, long createdAt, long updatedAt, SlaView sla, List<DomainEvent.AlertEvent> alerts,
            List<DomainEvent.CompensationIssued> compensations, String createdBy) {
        this(id, seq, status, channel, priority, customer, type, subject, description, requiredSkills, language, tags,
                fields, queue, assignee, team, minTier, createdAt, updatedAt, sla, alerts, compensations, createdBy,
                null, List.of(), List.of());
    }

    /** True while a required field of the ticket's type is missing: someone must ask the customer. */
    public boolean needsInfo() {
        return !missingFields.isEmpty();
    }
}

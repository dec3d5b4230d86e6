package io.switchboard.engine;

import io.switchboard.core.event.DomainEvent;
import java.util.Set;

/**
 * An SLA-related message for people, decided by the engine: {@code recipients} are person ids
 * (agents, team leads, managers, supervisors), delivered to whatever sessions they hold (agent
 * desktop, supervisor stream). {@code mustAct} names who must act on an escalation (nullable).
 */
public record Notification(Set<String> recipients, String mustAct, DomainEvent.AlertEvent event, TicketView ticket) {
    public Notification {
        recipients = Set.copyOf(recipients);
    }
}

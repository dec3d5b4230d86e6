package io.switchboard.engine;

import io.switchboard.core.event.DomainEvent;
import java.util.List;

/**
 * The result of one command: a value (a view; may be null) or a rejection, the events the command
 * caused (already applied; to be journaled before answering), and the pushes to agent sessions
 * and the notifications to people, to deliver afterwards.
 * {@code created} tells a create from an idempotent replay.
 */
public record Outcome(Object value, Rejection rejection, boolean created, List<DomainEvent> events,
        List<AgentPush> pushes, List<Notification> notifications) {

    public Outcome {
        events = List.copyOf(events);
        pushes = List.copyOf(pushes);
        notifications = List.copyOf(notifications);
    }

    /** A read-only answer. */
    public static Outcome of(Object value) {
        return new Outcome(value, null, false, List.of(), List.of(), List.of());
    }

    public static Outcome rejected(Rejection rejection) {
        return new Outcome(null, rejection, false, List.of(), List.of(), List.of());
    }

    public boolean ok() {
        return rejection == null;
    }
}

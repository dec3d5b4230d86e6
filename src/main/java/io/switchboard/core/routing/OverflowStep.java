package io.switchboard.core.routing;

import io.switchboard.core.ticket.Priority;
import java.util.List;

/**
 * One timed widening of a queue's reach, applied once a ticket has waited {@code afterMillis} in
 * the queue. Steps apply in order; each is recorded on the ticket's timeline.
 */
public sealed interface OverflowStep {
    long afterMillis();

    /** A short human description for the timeline. */
    String describe();

    /** Lower every required skill level by {@code levels} (never below 1). */
    record LowerSkillLevel(long afterMillis, int levels) implements OverflowStep {
        public String describe() {
            return "lower required skill levels by " + levels;
        }
    }

    /** Also accept agents of these teams. */
    record WidenTeams(long afterMillis, List<String> teams) implements OverflowStep {
        public WidenTeams {
            teams = List.copyOf(teams);
        }

        public String describe() {
            return "widen to teams " + String.join(", ", teams);
        }
    }

    /** Move the ticket to another queue (its own overflow steps start over). */
    record MoveToQueue(long afterMillis, String queue) implements OverflowStep {
        public String describe() {
            return "move to queue " + queue;
        }
    }

    /** Raise the ticket's priority to at least {@code to}. */
    record RaisePriority(long afterMillis, Priority to) implements OverflowStep {
        public String describe() {
            return "raise priority to " + to.wire();
        }
    }
}

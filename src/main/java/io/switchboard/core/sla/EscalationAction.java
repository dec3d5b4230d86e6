package io.switchboard.core.sla;

import java.util.Locale;
import java.util.Optional;

/** What an escalation step does. */
public enum EscalationAction {
    /** Tell the assignee's team lead (组长); the queue's supervisors when unassigned. */
    NOTIFY_TEAM_LEAD,
    /** Tell the department manager (部门经理); the queue's supervisors when unassigned. */
    ESCALATE_MANAGER,
    /** Raise the ticket's priority one step. */
    RAISE_PRIORITY,
    /** Take the ticket from its agent and require a support tier above the agent's. */
    MOVE_TO_HIGHER_TIER,
    /** Take the ticket from its agent and route it to someone else. */
    REASSIGN;

    /** The lower-case name, made once: JSON and metrics ask for it on every write. */
    private final String wire = name().toLowerCase(Locale.ROOT);

    public String wire() {
        return wire;
    }

    public static Optional<EscalationAction> parse(String value) {
        for (EscalationAction a : values()) {
            if (a.wire().equals(value)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}

package io.switchboard.engine;

import io.switchboard.core.sla.SlaMetric;
import java.util.Map;

/**
 * A ticket's SLA as seen at one instant: the policy (null when none applies) and, per clock the
 * policy sets, its deadline (-1 while paused or stopped), when it stopped (0 = not stopped),
 * whether it was breached, and the business seconds left (negative when overdue; null before
 * the clock first started).
 */
public record SlaView(String policy, Map<SlaMetric, Clock> clocks, boolean paused) {
    public SlaView {
        clocks = Map.copyOf(clocks);
    }

    public record Clock(long dueAt, long stoppedAt, boolean breached, Long remainingSeconds) {}
}

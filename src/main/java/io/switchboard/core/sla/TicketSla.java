package io.switchboard.core.sla;

import java.util.BitSet;
import java.util.EnumMap;
import java.util.Map;

/**
 * A ticket's SLA state: the policy that applies (null when none matches; for a recorded decision
 * whose policy was removed from the configuration, a stand-in with the recorded targets and no
 * warnings or escalation ladder) and a clock per metric
 * the policy sets a target for, plus the bookkeeping of the other timers. Changed only by the
 * engine applying events. Times are epoch millis; 0 means "not set".
 */
public final class TicketSla {
    private SlaPolicy policy;
    /** The recorded decision in force; null for a ticket journaled before decisions were recorded. */
    private SlaDecision decision;
    private final Map<SlaMetric, SlaClock> clocks = new EnumMap<>(SlaMetric.class);
    private final BitSet compensationsIssued = new BitSet();
    private long handoffDeadline;
    private String handoffTeam;
    private long pendingSince;
    private long lastActivityAt;
    private long resolvedAt;
    private long wakeAt;
    private long idleTimerAt;
    private long idleEscalatedFor;
    /** The handoff deadline already reported overdue, and the pending spell already reminded of. */
    private long handoffAlertedFor;
    private long remindedFor;
    /** The open follow-up's deadline (0 = none open) and the deadline already reported overdue. */
    private long followUpDueAt;
    private long followUpOverdueFor;
    /** The waiting spell (its start) already reported unroutable. */
    private long unroutableAlertedFor;

    public SlaPolicy policy() { return policy; }

    public void policy(SlaPolicy next) { this.policy = next; }

    /**
     * The recorded SLA decision in force, or null when the ticket's decisions are not recorded (a
     * legacy ticket: its policy is chosen from the configuration when events are applied).
     */
    public SlaDecision decision() { return decision; }

    public void decision(SlaDecision next) { this.decision = next; }

    public Map<SlaMetric, SlaClock> clocks() { return clocks; }

    public SlaClock clock(SlaMetric metric) { return clocks.get(metric); }

    /** True once compensation level {@code index} was issued; a level is never issued twice. */
    public boolean compensationIssued(int index) { return compensationsIssued.get(index); }

    public void markCompensationIssued(int index) { compensationsIssued.set(index); }

    public long handoffDeadline() { return handoffDeadline; }

    public String handoffTeam() { return handoffTeam; }

    public void handoff(String team, long deadline) {
        this.handoffTeam = team;
        this.handoffDeadline = deadline;
    }

    public long pendingSince() { return pendingSince; }

    public void pendingSince(long at) { this.pendingSince = at; }

    public long lastActivityAt() { return lastActivityAt; }

    public void lastActivityAt(long at) { this.lastActivityAt = at; }

    public long resolvedAt() { return resolvedAt; }

    public void resolvedAt(long at) { this.resolvedAt = at; }

    /** When the idle check is armed, or 0: one pending idle timer per ticket, however busy it is. */
    public long idleTimerAt() { return idleTimerAt; }

    public void idleTimerAt(long at) { this.idleTimerAt = at; }

    /** The activity instant the last idle escalation was for, so one quiet spell escalates once. */
    public long idleEscalatedFor() { return idleEscalatedFor; }

    public void idleEscalatedFor(long at) { this.idleEscalatedFor = at; }

    public long handoffAlertedFor() { return handoffAlertedFor; }

    public void handoffAlertedFor(long deadline) { this.handoffAlertedFor = deadline; }

    public long remindedFor() { return remindedFor; }

    public void remindedFor(long pendingSince) { this.remindedFor = pendingSince; }

    /** The deadline of the follow-up requested after a breach and not yet done, or 0. */
    public long followUpDueAt() { return followUpDueAt; }

    public void followUpDueAt(long at) { this.followUpDueAt = at; }

    public long unroutableAlertedFor() { return unroutableAlertedFor; }

    public void unroutableAlertedFor(long waitingSince) { this.unroutableAlertedFor = waitingSince; }

    public long followUpOverdueFor() { return followUpOverdueFor; }

    public void followUpOverdueFor(long dueAt) { this.followUpOverdueFor = dueAt; }

    /** When the engine's next SLA evaluation for this ticket is armed, or 0. */
    public long wakeAt() { return wakeAt; }

    public void wakeAt(long at) { this.wakeAt = at; }

    /** True while the clocks are paused (the ticket waits on the customer). */
    public boolean isPaused() {
        for (SlaClock clock : clocks.values()) { // a loop, not a stream: asked for every ticket view
            if (clock.isPaused()) {
                return true;
            }
        }
        return false;
    }
}

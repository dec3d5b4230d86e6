package io.switchboard.core.sla;

import java.util.BitSet;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A ticket's SLA state: the policy that applies (null when none matches; for a recorded decision
 * whose policy was removed from the configuration, a stand-in with the recorded targets and no
 * warnings or escalation ladder) and a clock per metric
 * the policy sets a target for, plus the bookkeeping of the other timers. Changed only by the
 * engine applying events. Times are epoch millis; 0 means "not set".
 *
 * <p>The engine keeps a ticket, and so this, for days after it resolves, and every young GC copies
 * what it keeps: the clocks are three fields rather than an {@code EnumMap} with its array and
 * views, and the set of issued compensations and the markers of transfers, alerts and
 * follow-ups (most tickets have none) are made at the first one.
 */
public final class TicketSla {
    private SlaPolicy policy;
    /** The recorded decision in force; null for a ticket journaled before decisions were recorded. */
    private SlaDecision decision;
    /** The clock per metric, null where the policy sets no target for it. */
    private SlaClock firstResponse;
    private SlaClock nextResponse;
    private SlaClock resolution;
    /** Made at the first issued compensation: most tickets never breach. */
    private BitSet compensationsIssued;
    private long pendingSince;
    private long lastActivityAt;
    private long resolvedAt;
    private long wakeAt;
    private long idleTimerAt;
    /** What only transfers, alerts and follow-ups set; made when one of them sets a value. */
    private Rare rare;

    /** The markers most tickets never set: all 0 (and no team) until the first is. */
    private static final class Rare {
        private long handoffDeadline;
        private String handoffTeam;
        private long idleEscalatedFor;
        /** The handoff deadline already reported overdue, and the pending spell already reminded of. */
        private long handoffAlertedFor;
        private long remindedFor;
        /** The open follow-up's deadline (0 = none open) and the deadline already reported overdue. */
        private long followUpDueAt;
        private long followUpOverdueFor;
        /** The waiting spell (its start) already reported unroutable. */
        private long unroutableAlertedFor;
    }

    /** The rare markers to write {@code value} into; null when it is the default and none were made. */
    private Rare rareFor(boolean isDefault) {
        if (rare == null && !isDefault) {
            rare = new Rare();
        }
        return rare;
    }

    public SlaPolicy policy() { return policy; }

    public void policy(SlaPolicy next) { this.policy = next; }

    /**
     * The recorded SLA decision in force, or null when the ticket's decisions are not recorded (a
     * legacy ticket: its policy is chosen from the configuration when events are applied).
     */
    public SlaDecision decision() { return decision; }

    public void decision(SlaDecision next) { this.decision = next; }

    /**
     * A read-only copy of the clocks by metric, in metric order (for tests and diagnostics); the
     * engine's paths use {@link #clock}, {@link #putClock}, {@link #removeClock} and
     * {@link #forEachClock}, which copy nothing.
     */
    public Map<SlaMetric, SlaClock> clocks() {
        EnumMap<SlaMetric, SlaClock> copy = new EnumMap<>(SlaMetric.class);
        forEachClock(c -> copy.put(c.metric(), c));
        return Collections.unmodifiableMap(copy);
    }

    public SlaClock clock(SlaMetric metric) {
        return switch (metric) {
            case FIRST_RESPONSE -> firstResponse;
            case NEXT_RESPONSE -> nextResponse;
            case RESOLUTION -> resolution;
        };
    }

    /** Sets the clock for {@code clock.metric()}, replacing any; returns the one replaced, or null. */
    public SlaClock putClock(SlaClock clock) {
        return slot(clock.metric(), clock);
    }

    /** Drops the clock for {@code metric}; returns it, or null when there was none. */
    public SlaClock removeClock(SlaMetric metric) {
        return slot(metric, null);
    }

    /** Each present clock, in metric order (as the {@code EnumMap} this replaces iterated). */
    public void forEachClock(Consumer<SlaClock> action) {
        if (firstResponse != null) {
            action.accept(firstResponse);
        }
        if (nextResponse != null) {
            action.accept(nextResponse);
        }
        if (resolution != null) {
            action.accept(resolution);
        }
    }

    private SlaClock slot(SlaMetric metric, SlaClock next) {
        SlaClock previous = clock(metric);
        switch (metric) {
            case FIRST_RESPONSE -> firstResponse = next;
            case NEXT_RESPONSE -> nextResponse = next;
            case RESOLUTION -> resolution = next;
            default -> throw new IllegalArgumentException("no clock slot for " + metric);
        }
        return previous;
    }

    /** True once compensation level {@code index} was issued; a level is never issued twice. */
    public boolean compensationIssued(int index) {
        if (index < 0) {
            throw new IndexOutOfBoundsException("bitIndex < 0: " + index); // as BitSet.get did
        }
        return compensationsIssued != null && compensationsIssued.get(index);
    }

    /** The compensation levels issued so far, as {@link BitSet#toLongArray}: empty when none. */
    public long[] compensationsIssued() {
        return compensationsIssued == null ? new long[0] : compensationsIssued.toLongArray();
    }

    public void markCompensationIssued(int index) {
        if (compensationsIssued == null) {
            if (index < 0) {
                throw new IndexOutOfBoundsException("bitIndex < 0: " + index); // as BitSet.set did
            }
            compensationsIssued = new BitSet();
        }
        compensationsIssued.set(index);
    }

    public long handoffDeadline() { return rare == null ? 0 : rare.handoffDeadline; }

    public String handoffTeam() { return rare == null ? null : rare.handoffTeam; }

    public void handoff(String team, long deadline) {
        Rare r = rareFor(team == null && deadline == 0);
        if (r != null) {
            r.handoffTeam = team;
            r.handoffDeadline = deadline;
        }
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
    public long idleEscalatedFor() { return rare == null ? 0 : rare.idleEscalatedFor; }

    public void idleEscalatedFor(long at) {
        Rare r = rareFor(at == 0);
        if (r != null) {
            r.idleEscalatedFor = at;
        }
    }

    public long handoffAlertedFor() { return rare == null ? 0 : rare.handoffAlertedFor; }

    public void handoffAlertedFor(long deadline) {
        Rare r = rareFor(deadline == 0);
        if (r != null) {
            r.handoffAlertedFor = deadline;
        }
    }

    public long remindedFor() { return rare == null ? 0 : rare.remindedFor; }

    public void remindedFor(long pendingSince) {
        Rare r = rareFor(pendingSince == 0);
        if (r != null) {
            r.remindedFor = pendingSince;
        }
    }

    /** The deadline of the follow-up requested after a breach and not yet done, or 0. */
    public long followUpDueAt() { return rare == null ? 0 : rare.followUpDueAt; }

    public void followUpDueAt(long at) {
        Rare r = rareFor(at == 0);
        if (r != null) {
            r.followUpDueAt = at;
        }
    }

    public long unroutableAlertedFor() { return rare == null ? 0 : rare.unroutableAlertedFor; }

    public void unroutableAlertedFor(long waitingSince) {
        Rare r = rareFor(waitingSince == 0);
        if (r != null) {
            r.unroutableAlertedFor = waitingSince;
        }
    }

    public long followUpOverdueFor() { return rare == null ? 0 : rare.followUpOverdueFor; }

    public void followUpOverdueFor(long dueAt) {
        Rare r = rareFor(dueAt == 0);
        if (r != null) {
            r.followUpOverdueFor = dueAt;
        }
    }

    /** When the engine's next SLA evaluation for this ticket is armed, or 0. */
    public long wakeAt() { return wakeAt; }

    public void wakeAt(long at) { this.wakeAt = at; }

    /** True while the clocks are paused (the ticket waits on the customer). */
    public boolean isPaused() {
        // field by field, no view: asked for every ticket view
        return firstResponse != null && firstResponse.isPaused() || nextResponse != null && nextResponse.isPaused()
                || resolution != null && resolution.isPaused();
    }

}

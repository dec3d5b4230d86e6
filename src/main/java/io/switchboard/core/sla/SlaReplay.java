package io.switchboard.core.sla;

import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The SLA dry-run's replay (docs/reports.md, "SLA dry-run"): one past ticket's life played again
 * under a proposed {@link SlaConfig}, giving the first-response and resolution clocks it would
 * have had. It moves {@link SlaClock}s the way the engine's SLA book does, step for step: the
 * policy is the proposal's first match for the ticket at creation and is chosen again after a
 * change of priority, tier or queue (keeping the business time spent, a clock new to the ticket
 * counting from creation unless its stopping step already happened); clocks pause while the
 * ticket waits on the customer; a reply stops first response; a resolution or a close stops both;
 * a reopen runs resolution again. Warnings, escalations and compensation are not replayed: only
 * the outcome of each clock is.
 *
 * <p>A clock is <em>missed</em> when its business time reached the target (the engine breaches at
 * the deadline instant itself), else met. Times are epoch millis passed in; nothing here reads a
 * clock. Stateless and thread-safe.
 */
public final class SlaReplay {
    private static final List<SlaMetric> METRICS = List.of(SlaMetric.FIRST_RESPONSE, SlaMetric.RESOLUTION);

    private SlaReplay() {}

    /** What happened to a ticket, in the order it happened, as far as its SLA clocks care. */
    public enum Kind {
        /** An agent replied (stops first response; ends a wait on the customer). */
        REPLIED,
        /** The ticket now waits on the customer (clocks pause). */
        PENDING_CUSTOMER,
        /** Any other move of the ticket's status (queued, offered, assigned, pending internally, the customer wrote). */
        MOVED,
        RESOLVED,
        REOPENED,
        CLOSED,
        /** New priority and tier ({@link Step#priority()}, {@link Step#tier()}); the policy is chosen again. */
        REPRIORITIZED,
        /** Queued in {@link Step#queue()}; the policy is chosen again. */
        QUEUED
    }

    /** One step; {@code priority}, {@code tier}, {@code queue} are set only for the kinds that change them. */
    public record Step(long at, Kind kind, Priority priority, CustomerTier tier, String queue) {
        public Step {
            Objects.requireNonNull(kind, "kind");
        }

        public static Step of(long at, Kind kind) {
            return new Step(at, kind, null, null, null);
        }
    }

    /** A past ticket: its values at creation and its steps after the creation, in order. */
    public record Ticket(long createdAt, CustomerTier tier, Priority priority, Channel channel, String type,
            String queue, List<Step> steps) {
        public Ticket {
            steps = List.copyOf(steps);
        }
    }

    /**
     * One clock's outcome under the proposal: the target and the business time counted (millis).
     * Absent from {@link Outcome#clocks()} when the proposal set no target for it.
     */
    public record Clock(long targetMillis, long elapsedMillis) {
        public boolean missed() {
            return elapsedMillis >= targetMillis;
        }

        /** Target minus business time: positive, met with that much to spare. */
        public long marginMillis() {
            return targetMillis - elapsedMillis;
        }
    }

    /** The ticket under the proposal: its final policy (null when none matched) and its clocks. */
    public record Outcome(String policy, Map<SlaMetric, Clock> clocks) {
        public Outcome {
            clocks = Map.copyOf(clocks);
        }

        /** The clock of {@code metric}, or null when the proposal set it no target. */
        public Clock clock(SlaMetric metric) {
            return clocks.get(metric);
        }
    }

    /**
     * Plays {@code ticket} under {@code proposal}. A clock still running after the last step (a
     * ticket not closed) counts business time up to that step.
     */
    public static Outcome replay(SlaConfig proposal, Ticket ticket) {
        Run run = new Run(proposal, ticket);
        run.choose(ticket.createdAt());
        long last = ticket.createdAt();
        for (Step step : ticket.steps()) {
            run.apply(step);
            last = Math.max(last, step.at());
        }
        Map<SlaMetric, Clock> out = new EnumMap<>(SlaMetric.class);
        for (SlaMetric metric : METRICS) {
            SlaClock clock = run.clocks.get(metric);
            if (clock != null) {
                out.put(metric, new Clock(clock.targetMillis(), clock.elapsed(last)));
            }
        }
        return new Outcome(run.policy == null ? null : run.policy.name(), out);
    }

    /** The ticket being replayed: its current values, status flags and clocks. */
    private static final class Run {
        private final SlaConfig proposal;
        private final Ticket ticket;
        private final Map<SlaMetric, SlaClock> clocks = new EnumMap<>(SlaMetric.class);
        private CustomerTier tier;
        private Priority priority;
        private String queue;
        private SlaPolicy policy;
        private boolean chosen;
        private boolean pending;
        private boolean replied;
        private boolean resolved;

        Run(SlaConfig proposal, Ticket ticket) {
            this.proposal = proposal;
            this.ticket = ticket;
            this.tier = ticket.tier();
            this.priority = ticket.priority();
            this.queue = ticket.queue();
        }

        void apply(Step step) {
            long at = step.at();
            switch (step.kind()) {
                case REPLIED:
                    replied = true;
                    stop(SlaMetric.FIRST_RESPONSE, at);
                    break;
                case RESOLVED:
                case CLOSED:
                    resolved = true;
                    clocks.values().forEach(c -> c.stop(at));
                    break;
                case REOPENED:
                    resolved = false;
                    SlaClock resolution = clocks.get(SlaMetric.RESOLUTION);
                    if (resolution != null) {
                        resolution.restartStopped(at);
                    }
                    break;
                case REPRIORITIZED:
                    priority = step.priority() == null ? priority : step.priority();
                    tier = step.tier() == null ? tier : step.tier();
                    choose(at);
                    break;
                case QUEUED:
                    queue = step.queue() == null ? queue : step.queue();
                    choose(at);
                    break;
                default:
                    break;
            }
            // as the engine's SLA book: the status change after the step's own effect
            boolean nowPending = step.kind() == Kind.REPRIORITIZED ? pending : step.kind() == Kind.PENDING_CUSTOMER;
            if (!pending && nowPending) {
                clocks.values().forEach(c -> c.pause(at));
            } else if (pending && !nowPending) {
                clocks.values().forEach(c -> c.resume(at));
            }
            pending = nowPending;
        }

        /** The proposal's first match for the ticket as it is now; clocks move over when it differs. */
        void choose(long at) {
            SlaPolicy next = proposal.policyFor(tier, priority, ticket.channel(), ticket.type(), queue).orElse(null);
            if (chosen && next == policy) {
                return;
            }
            chosen = true;
            policy = next;
            for (SlaMetric metric : METRICS) {
                long target = next == null ? 0 : next.targets().of(metric);
                SlaClock clock = clocks.get(metric);
                if (target <= 0) {
                    clocks.remove(metric);
                } else if (clock != null) {
                    clock.retarget(target, next.calendar(), at);
                } else if (metric == SlaMetric.FIRST_RESPONSE ? !replied && !resolved : !resolved) {
                    // a clock whose stopping step already happened is not added (the engine adds it
                    // unstarted, and it measures nothing)
                    clock = new SlaClock(metric, target, next.calendar());
                    clocks.put(metric, clock);
                    clock.start(ticket.createdAt());
                    if (pending) {
                        clock.pause(at);
                    }
                }
            }
        }

        private void stop(SlaMetric metric, long at) {
            SlaClock clock = clocks.get(metric);
            if (clock != null) {
                clock.stop(at);
            }
        }
    }
}

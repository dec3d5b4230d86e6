package io.switchboard.core.sla;

import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything SLA: policies (first match wins), compensation levels (ascending by overdue time),
 * and the other timers. Durations are milliseconds; 0 turns a timer off.
 *
 * @param followUpMillis        after a breach the assignee must contact the customer within this
 * @param idleEscalationMillis  an assigned ticket without activity this long goes to the supervisor
 * @param pendingReminderMillis a ticket pending on the customer this long reminds its agent
 * @param autoCloseMillis       a resolved ticket the customer does not answer closes after this
 * @param handoffLimitMillis    per target team: how long a transferred ticket may wait for acceptance
 * @param calendars             every configured business calendar by name (recorded SLA decisions
 *                              name their calendar, which may outlive the policy that chose it)
 */
public record SlaConfig(
        List<SlaPolicy> policies,
        List<CompensationLevel> compensation,
        long followUpMillis,
        long idleEscalationMillis,
        long pendingReminderMillis,
        long autoCloseMillis,
        Map<String, Long> handoffLimitMillis,
        Map<String, BusinessCalendar> calendars) {

    public static final long DEFAULT_FOLLOW_UP_MILLIS = 15 * 60_000L;
    public static final long DEFAULT_IDLE_ESCALATION_MILLIS = 2 * 3_600_000L;
    public static final long DEFAULT_PENDING_REMINDER_MILLIS = 48 * 3_600_000L;
    public static final long DEFAULT_AUTO_CLOSE_MILLIS = 3 * 86_400_000L;

    public SlaConfig {
        policies = List.copyOf(policies);
        compensation = List.copyOf(compensation);
        handoffLimitMillis = Map.copyOf(handoffLimitMillis);
        Map<String, BusinessCalendar> all = new LinkedHashMap<>(calendars);
        for (SlaPolicy policy : policies) {
            all.putIfAbsent(policy.calendar().name(), policy.calendar());
        }
        calendars = Collections.unmodifiableMap(all);
    }

    /** Calendars are the policies' own (for configurations built in code). */
    public SlaConfig(List<SlaPolicy> policies, List<CompensationLevel> compensation, long followUpMillis,
            long idleEscalationMillis, long pendingReminderMillis, long autoCloseMillis,
            Map<String, Long> handoffLimitMillis) {
        this(policies, compensation, followUpMillis, idleEscalationMillis, pendingReminderMillis, autoCloseMillis,
                handoffLimitMillis, Map.of());
    }

    /** The policy named {@code name}, if it is still configured. */
    public Optional<SlaPolicy> policy(String name) {
        for (SlaPolicy policy : policies) {
            if (policy.name().equals(name)) {
                return Optional.of(policy);
            }
        }
        return Optional.empty();
    }

    /** The calendar named {@code name}, if it is still configured. */
    public Optional<BusinessCalendar> calendar(String name) {
        return Optional.ofNullable(name == null ? null : calendars.get(name));
    }

    /** No policies; the other timers at their defaults. */
    public static SlaConfig none() {
        return new SlaConfig(List.of(), List.of(), DEFAULT_FOLLOW_UP_MILLIS, DEFAULT_IDLE_ESCALATION_MILLIS,
                DEFAULT_PENDING_REMINDER_MILLIS, DEFAULT_AUTO_CLOSE_MILLIS, Map.of());
    }

    public Optional<SlaPolicy> policyFor(CustomerTier tier, Priority priority, Channel channel, String type,
            String queue) {
        for (SlaPolicy policy : policies) {
            if (policy.matches(tier, priority, channel, type, queue)) {
                return Optional.of(policy);
            }
        }
        return Optional.empty();
    }
}

package io.switchboard.config;

import io.switchboard.core.sla.BusinessCalendar;
import io.switchboard.core.sla.CompensationLevel;
import io.switchboard.core.sla.EscalationAction;
import io.switchboard.core.sla.EscalationStep;
import io.switchboard.core.sla.OpeningPeriod;
import io.switchboard.core.sla.SlaConfig;
import io.switchboard.core.sla.SlaPolicy;
import io.switchboard.core.sla.SlaTargets;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code calendars} and {@code sla} sections: business calendars and SLA policies, validated. */
final class SlaSection {
    /** Always open, UTC: the calendar of a policy that names none. */
    static final String ALWAYS = "24x7";
    private static final Pattern PERIOD = Pattern.compile("(\\d{2}):(\\d{2})-(\\d{2}):(\\d{2})");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Map<String, DayOfWeek> DAYS = Map.of("mon", DayOfWeek.MONDAY, "tue", DayOfWeek.TUESDAY,
            "wed", DayOfWeek.WEDNESDAY, "thu", DayOfWeek.THURSDAY, "fri", DayOfWeek.FRIDAY, "sat", DayOfWeek.SATURDAY,
            "sun", DayOfWeek.SUNDAY);
    private static final List<EscalationStep> DEFAULT_LADDER = List.of(
            new EscalationStep(Duration.ofMinutes(10).toMillis(), EscalationAction.NOTIFY_TEAM_LEAD),
            new EscalationStep(Duration.ofMinutes(30).toMillis(), EscalationAction.ESCALATE_MANAGER));

    private SlaSection() {
    }

    static Map<String, BusinessCalendar> calendars(ConfigNode node) {
        Map<String, BusinessCalendar> calendars = new LinkedHashMap<>();
        calendars.put(ALWAYS, BusinessCalendar.alwaysOpen(ALWAYS, ZoneOffset.UTC));
        for (ConfigNode c : node.items()) {
            c.onlyKeys(Set.of("name", "zone", "open", "holidays"));
            String name = c.get("name").string();
            if (calendars.containsKey(name)) {
                throw c.get("name").error("calendar '" + name + "' is defined twice (or clashes with built-in 24x7)");
            }
            ZoneId zone;
            try {
                zone = ZoneId.of(c.get("zone").string("UTC"));
            } catch (DateTimeException e) {
                throw c.get("zone").error("unknown time zone; use an IANA name such as Asia/Shanghai");
            }
            ConfigNode open = c.get("open");
            if (!open.isMissing() && !(open.isMap()) && ALWAYS.equals(open.string())) {
                calendars.put(name, BusinessCalendar.alwaysOpen(name, zone));
                continue;
            }
            Map<DayOfWeek, List<OpeningPeriod>> week = new EnumMap<>(DayOfWeek.class);
            open.onlyKeys(DAYS.keySet());
            open.entries().forEach((day, periods) -> {
                List<OpeningPeriod> list = new ArrayList<>();
                for (ConfigNode p : periods.items()) {
                    list.add(period(p));
                }
                week.put(DAYS.get(day), list);
            });
            Set<LocalDate> holidays = new LinkedHashSet<>();
            for (ConfigNode h : c.get("holidays").items()) {
                holidays.add(h.localDate());
            }
            try {
                calendars.put(name, new BusinessCalendar(name, zone, week, holidays));
            } catch (IllegalArgumentException e) {
                throw open.error(e.getMessage() + " (write periods like \"09:00-12:00\", or open: 24x7)");
            }
        }
        return calendars;
    }

    private static OpeningPeriod period(ConfigNode node) {
        Matcher m = PERIOD.matcher(node.string());
        if (!m.matches()) {
            throw node.error("expected a period like \"09:00-12:00\"");
        }
        try {
            LocalTime start = LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            boolean midnight = m.group(3).equals("24") && m.group(4).equals("00");
            LocalTime end = midnight ? LocalTime.MIDNIGHT
                    : LocalTime.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
            return new OpeningPeriod(start, end);
        } catch (DateTimeException | IllegalArgumentException e) {
            throw node.error("not a valid period: " + e.getMessage());
        }
    }

    static SlaConfig sla(ConfigNode node, Map<String, BusinessCalendar> calendars, Set<String> teams,
            Set<String> queues) {
        node.onlyKeys(Set.of("policies", "compensation", "followUpWithin", "idleEscalation", "pendingReminder",
                "autoCloseAfter", "handoffLimits"));
        List<SlaPolicy> policies = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (ConfigNode p : node.get("policies").items()) {
            SlaPolicy policy = policy(p, calendars, queues);
            if (!names.add(policy.name())) {
                throw p.get("name").error("policy '" + policy.name() + "' is defined twice");
            }
            policies.add(policy);
        }
        List<CompensationLevel> compensation = new ArrayList<>();
        long previous = -1;
        for (ConfigNode c : node.get("compensation").items()) {
            c.onlyKeys(Set.of("overdue", "amount", "currency"));
            long overdue = c.get("overdue").duration(Duration.ZERO).toMillis();
            if (overdue <= previous) {
                throw c.get("overdue").error("compensation levels must be in increasing order of 'overdue'");
            }
            previous = overdue;
            String currency = c.get("currency").string("CNY");
            if (!CURRENCY.matcher(currency).matches()) {
                throw c.get("currency").error("expected an ISO 4217 code such as CNY");
            }
            compensation.add(new CompensationLevel(overdue, c.get("amount").decimal(), currency));
        }
        Map<String, Long> handoff = new LinkedHashMap<>();
        node.get("handoffLimits").entries().forEach((team, limit) -> {
            ConfigLoader.requireKnown(limit, team, teams, "team");
            handoff.put(team, limit.duration(Duration.ZERO).toMillis());
        });
        return new SlaConfig(policies, compensation,
                millis(node.get("followUpWithin"), SlaConfig.DEFAULT_FOLLOW_UP_MILLIS),
                millis(node.get("idleEscalation"), SlaConfig.DEFAULT_IDLE_ESCALATION_MILLIS),
                millis(node.get("pendingReminder"), SlaConfig.DEFAULT_PENDING_REMINDER_MILLIS),
                millis(node.get("autoCloseAfter"), SlaConfig.DEFAULT_AUTO_CLOSE_MILLIS), handoff, calendars);
    }

    private static SlaPolicy policy(ConfigNode p, Map<String, BusinessCalendar> calendars, Set<String> queues) {
        p.onlyKeys(Set.of("name", "match", "targets", "calendar", "warnings", "escalation"));
        ConfigNode match = p.get("match").onlyKeys(Set.of("tiers", "priorities", "channels", "types", "queues"));
        for (ConfigNode q : match.get("queues").items()) {
            ConfigLoader.requireKnown(q, q.string(), queues, "queue");
        }
        ConfigNode targets = p.get("targets").onlyKeys(Set.of("firstResponse", "nextResponse", "resolution"));
        SlaTargets slaTargets = new SlaTargets(millis(targets.get("firstResponse"), 0),
                millis(targets.get("nextResponse"), 0), millis(targets.get("resolution"), 0));
        if (slaTargets.firstResponseMillis() + slaTargets.nextResponseMillis() + slaTargets.resolutionMillis() == 0) {
            throw targets.error("set at least one of firstResponse, nextResponse, resolution");
        }
        String calendar = p.get("calendar").string(ALWAYS);
        if (!calendars.containsKey(calendar)) {
            throw p.get("calendar").error("unknown calendar '" + calendar + "'; defined: "
                    + String.join(", ", calendars.keySet()));
        }
        return new SlaPolicy(p.get("name").string(p.path()),
                ConfigLoader.enumSet(match.get("tiers"), CustomerTier::parse, CustomerTier.values()),
                ConfigLoader.enumSet(match.get("priorities"), Priority::parse, Priority.values()),
                ConfigLoader.enumSet(match.get("channels"), Channel::parse, Channel.values()),
                Set.copyOf(match.get("types").strings()), Set.copyOf(match.get("queues").strings()), slaTargets,
                calendars.get(calendar), warnings(p.get("warnings")), ladder(p.get("escalation")));
    }

    private static List<Double> warnings(ConfigNode node) {
        if (node.isMissing()) {
            return List.of(0.75, 0.9);
        }
        List<Double> out = new ArrayList<>();
        double previous = 0;
        for (ConfigNode w : node.items()) {
            double fraction = w.fraction();
            if (fraction <= previous) {
                throw w.error("warning thresholds must increase, each between 0 and 1 (e.g. [0.75, 0.9])");
            }
            previous = fraction;
            out.add(fraction);
        }
        return out;
    }

    /** Steps sorted by when they fire: 'before' steps (business time before the deadline), then 'after'. */
    private static List<EscalationStep> ladder(ConfigNode node) {
        if (node.isMissing()) {
            return DEFAULT_LADDER;
        }
        List<EscalationStep> steps = new ArrayList<>();
        for (ConfigNode s : node.items()) {
            s.onlyKeys(Set.of("after", "before", "action"));
            if (s.get("after").isMissing() == s.get("before").isMissing()) {
                throw s.error("give exactly one of 'after' (the breach) or 'before' (the deadline)");
            }
            long at = s.get("after").isMissing() ? -s.get("before").duration(Duration.ZERO).toMillis()
                    : s.get("after").duration(Duration.ZERO).toMillis();
            if (!s.get("before").isMissing() && at == 0) {
                throw s.get("before").error("must be more than 0; use 'after: 0s' for the breach itself");
            }
            ConfigNode action = s.get("action");
            steps.add(new EscalationStep(at, ConfigLoader.enumValue(action, EscalationAction.parse(action.string()),
                    EscalationAction.values())));
        }
        steps.sort(Comparator.comparingLong(EscalationStep::afterMillis));
        return steps;
    }

    private static long millis(ConfigNode node, long fallback) {
        return node.duration(Duration.ofMillis(fallback)).toMillis();
    }

    static LocalDate parseDate(ConfigNode node, String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw node.error("expected a date like 2026-10-01");
        }
    }

    static BigDecimal parseAmount(ConfigNode node, Object value) {
        try {
            BigDecimal amount = new BigDecimal(String.valueOf(value));
            if (amount.signum() < 0) {
                throw node.error("must not be negative");
            }
            return amount;
        } catch (NumberFormatException e) {
            throw node.error("expected an amount such as 10 or 9.90");
        }
    }
}

package io.switchboard.engine;

import io.switchboard.core.sla.BusinessCalendar;
import io.switchboard.core.sla.CompensationLevel;
import io.switchboard.core.sla.EscalationAction;
import io.switchboard.core.sla.EscalationStep;
import io.switchboard.core.sla.OpeningPeriod;
import io.switchboard.core.sla.SlaConfig;
import io.switchboard.core.sla.SlaPolicy;
import io.switchboard.core.sla.SlaTargets;
import io.switchboard.core.ticket.CustomerTier;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** SLA configurations for engine tests. */
final class SlaFixtures {
    private SlaFixtures() {
    }

    /**
     * Second-scale targets and every escalation action, so a few hundred random steps cross
     * warnings, breaches, ladders, compensation levels and the other timers. The standard policy
     * counts in an office calendar (a business calendar with gaps) instead of 24x7.
     */
    static SlaConfig shortTimers() {
        BusinessCalendar always = BusinessCalendar.alwaysOpen("24x7", ZoneOffset.UTC);
        Map<DayOfWeek, List<OpeningPeriod>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            week.put(day, List.of(new OpeningPeriod(LocalTime.of(0, 0), LocalTime.of(12, 0)),
                    new OpeningPeriod(LocalTime.of(12, 1), LocalTime.MIDNIGHT)));
        }
        BusinessCalendar office = new BusinessCalendar("office", ZoneId.of("Asia/Shanghai"), week, Set.of());
        List<EscalationStep> ladder = List.of(
                new EscalationStep(-5_000, EscalationAction.NOTIFY_TEAM_LEAD),
                new EscalationStep(0, EscalationAction.RAISE_PRIORITY),
                new EscalationStep(10_000, EscalationAction.ESCALATE_MANAGER),
                new EscalationStep(20_000, EscalationAction.REASSIGN),
                new EscalationStep(40_000, EscalationAction.MOVE_TO_HIGHER_TIER));
        return new SlaConfig(List.of(
                new SlaPolicy("vip", Set.of(CustomerTier.VIP, CustomerTier.ENTERPRISE), Set.of(), Set.of(), Set.of(),
                        Set.of(), new SlaTargets(15_000, 30_000, 120_000), always, List.of(0.5, 0.8), ladder),
                new SlaPolicy("standard", Set.of(), Set.of(), Set.of(), Set.of(), Set.of(),
                        new SlaTargets(40_000, 60_000, 300_000), office, List.of(0.75, 0.9), ladder)),
                List.of(new CompensationLevel(20_000, new BigDecimal("10"), "CNY"),
                        new CompensationLevel(60_000, new BigDecimal("20"), "CNY")),
                15_000, 90_000, 60_000, 120_000, Map.of("beta", 30_000L));
    }
}

package io.switchboard.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.sla.BusinessCalendar;
import io.switchboard.core.sla.DeadlineOrdering;
import io.switchboard.core.sla.EscalationAction;
import io.switchboard.core.sla.EscalationStep;
import io.switchboard.core.sla.SlaClock;
import io.switchboard.core.sla.SlaConfig;
import io.switchboard.core.sla.SlaMetric;
import io.switchboard.core.sla.SlaPolicy;
import io.switchboard.core.sla.SlaTargets;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Customer;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.SkillRequirement;
import io.switchboard.core.ticket.Ticket;
import io.switchboard.core.ticket.TicketDraft;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Dispatch order keys, rule and policy selection, and the value checks of the small config records. */
class OrderingAndConfigTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final BusinessCalendar ALWAYS = BusinessCalendar.alwaysOpen("24x7", ZoneOffset.UTC);

    private static TicketDraft draft(CustomerTier tier, Priority priority, String type) {
        return new TicketDraft(Channel.CHAT, priority, new Customer("c", tier, null), type, "s", "d", List.of(), null,
                Set.of(), Map.of(), null);
    }

    private static Ticket ticket(CustomerTier tier, Priority priority, long createdAt) {
        return new Ticket("tkt_1", 1, draft(tier, priority, null), "general", createdAt);
    }

    @Test
    void linearAging_headStarts_subtractedFromCreationTimeForTierAndPriority() {
        LinearAgingOrdering ordering = new LinearAgingOrdering(Map.of(CustomerTier.VIP, 60_000L),
                Map.of(Priority.URGENT, 300_000L, Priority.HIGH, 120_000L));

        assertThat(ordering.key(ticket(CustomerTier.STANDARD, Priority.NORMAL, T0))).isEqualTo(T0);
        assertThat(ordering.key(ticket(CustomerTier.VIP, Priority.NORMAL, T0))).isEqualTo(T0 - 60_000);
        assertThat(ordering.key(ticket(CustomerTier.VIP, Priority.URGENT, T0))).isEqualTo(T0 - 360_000);
        assertThat(ordering.key(ticket(CustomerTier.STANDARD, Priority.HIGH, T0 + 1_000))).isEqualTo(T0 - 119_000);
    }

    @Test
    void deadlineOrdering_runningFirstResponseClock_keyIsItsDeadlineElseTheFallback() {
        DeadlineOrdering ordering = new DeadlineOrdering(t -> 42L);
        Ticket withClock = ticket(CustomerTier.STANDARD, Priority.NORMAL, T0);
        SlaClock first = new SlaClock(SlaMetric.FIRST_RESPONSE, 60_000, ALWAYS);
        withClock.sla().putClock(first);

        assertThat(ordering.key(ticket(CustomerTier.STANDARD, Priority.NORMAL, T0))).as("no clock").isEqualTo(42L);
        assertThat(ordering.key(withClock)).as("clock not running").isEqualTo(42L);
        first.start(T0);
        assertThat(ordering.key(withClock)).isEqualTo(T0 + 60_000);
    }

    private static RoutingConfig routing(List<RoutingRule> rules) {
        Map<String, QueueDefinition> queues = new java.util.LinkedHashMap<>();
        for (String name : List.of("general", "bugs", "vip")) {
            queues.put(name, new QueueDefinition(name, new TreeMap<>(), List.of(), SelectionStrategy.LEAST_LOADED,
                    List.of(), List.of()));
        }
        return new RoutingConfig(Set.of(), Set.of(), queues, rules, "general", Map.of(Channel.CHAT, 20_000L), true,
                60_000, 30_000, Map.of(CustomerTier.VIP, 5_000L), Map.of(), List.of());
    }

    @Test
    void queueFor_rulesInOrder_firstMatchWinsElseDefaultQueue() {
        RoutingConfig config = routing(List.of(
                new RoutingRule("bugs", Set.of("bug"), Set.of(), Set.of(), Set.of(), Set.of(), "bugs"),
                new RoutingRule("vip", Set.of(), Set.of(), Set.of(), Set.of(CustomerTier.VIP), Set.of(), "vip")));

        assertThat(config.queueFor(draft(CustomerTier.VIP, Priority.NORMAL, "bug"))).isEqualTo("bugs");
        assertThat(config.queueFor(draft(CustomerTier.VIP, Priority.NORMAL, "question"))).isEqualTo("vip");
        assertThat(config.queueFor(draft(CustomerTier.STANDARD, Priority.NORMAL, null))).isEqualTo("general");
        assertThat(config.offerTimeout(Channel.CHAT)).isEqualTo(20_000);
        assertThat(config.offerTimeout(Channel.EMAIL)).isEqualTo(RoutingConfig.DEFAULT_OFFER_TIMEOUT_MILLIS);
        assertThat(config.queue("vip")).isPresent();
        assertThat(config.queue("nope")).isEmpty();
        assertThat(config.ordering().key(ticket(CustomerTier.VIP, Priority.NORMAL, T0))).isEqualTo(T0 - 5_000);
    }

    private static RoutingConfig withExclusionAndUnroutable(long exclusionTtlMillis, long unroutableAfterMillis) {
        return new RoutingConfig(Set.of(), Set.of(), routing(List.of()).queues(), List.of(), "general", Map.of(), true,
                0, 0, Map.of(), Map.of(), List.of(), exclusionTtlMillis, unroutableAfterMillis);
    }

    @Test
    void routingConfig_zeroExclusionTtlAndUnroutableAfter_acceptedAsOffSwitches() {
        RoutingConfig config = withExclusionAndUnroutable(0, 0);

        assertThat(config.exclusionTtlMillis()).isZero();
        assertThat(config.unroutableAfterMillis()).isZero();
        assertThat(routing(List.of()).exclusionTtlMillis()).isEqualTo(RoutingConfig.DEFAULT_EXCLUSION_TTL_MILLIS);
        assertThat(routing(List.of()).unroutableAfterMillis()).isEqualTo(RoutingConfig.DEFAULT_UNROUTABLE_AFTER_MILLIS);
    }

    @Test
    void routingConfig_negativeExclusionTtlOrUnroutableAfter_refused() {
        assertThatThrownBy(() -> withExclusionAndUnroutable(-1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exclusionTtl");
        assertThatThrownBy(() -> withExclusionAndUnroutable(0, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unroutableAfter");
    }

    @Test
    void routingConfig_defaultQueueUnknown_refusedNamingIt() {
        assertThatThrownBy(() -> new RoutingConfig(Set.of(), Set.of(), Map.of(), List.of(), "missing", Map.of(), true,
                0, 0, Map.of(), Map.of(), List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing");
    }

    @Test
    void policyFor_policiesInOrder_firstMatchWinsOrNone() {
        SlaPolicy vip = new SlaPolicy("vip", Set.of(CustomerTier.VIP), Set.of(), Set.of(), Set.of(), Set.of(),
                new SlaTargets(1, 2, 3), ALWAYS, List.of(), List.of());
        SlaPolicy urgent = new SlaPolicy("urgent", Set.of(), Set.of(Priority.URGENT), Set.of(), Set.of(), Set.of(),
                new SlaTargets(4, 5, 6), ALWAYS, List.of(), List.of());
        SlaConfig config = new SlaConfig(List.of(vip, urgent), List.of(), 1, 2, 3, 4, Map.of());

        assertThat(config.policyFor(CustomerTier.VIP, Priority.URGENT, Channel.CHAT, null, "general")).contains(vip);
        assertThat(config.policyFor(CustomerTier.STANDARD, Priority.URGENT, Channel.CHAT, null, "general"))
                .contains(urgent);
        assertThat(config.policyFor(CustomerTier.STANDARD, Priority.LOW, Channel.CHAT, null, "general")).isEmpty();
        assertThat(SlaConfig.none().policies()).isEmpty();
    }

    @Test
    void slaTargets_of_eachMetricItsOwnTarget() {
        SlaTargets targets = new SlaTargets(60_000, 120_000, 3_600_000);

        assertThat(targets.of(SlaMetric.FIRST_RESPONSE)).isEqualTo(60_000);
        assertThat(targets.of(SlaMetric.NEXT_RESPONSE)).isEqualTo(120_000);
        assertThat(targets.of(SlaMetric.RESOLUTION)).isEqualTo(3_600_000);
    }

    @Test
    void escalationStep_negativeOffset_firesBeforeTheBreach() {
        assertThat(new EscalationStep(-1, EscalationAction.NOTIFY_TEAM_LEAD).beforeBreach()).isTrue();
        assertThat(new EscalationStep(0, EscalationAction.RAISE_PRIORITY).beforeBreach()).isFalse();
        assertThatThrownBy(() -> new EscalationStep(0, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void skillRequirement_levelOutsideOneToFive_refused() {
        assertThat(new SkillRequirement("billing", 1).level()).isEqualTo(1);
        assertThat(new SkillRequirement("billing", 5).level()).isEqualTo(5);
        assertThatThrownBy(() -> new SkillRequirement("billing", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..5");
        assertThatThrownBy(() -> new SkillRequirement("billing", 6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SkillRequirement(null, 3)).isInstanceOf(NullPointerException.class);
    }
    @Test
    void overflowStep_describe_namesWhatTheStepDoes() {
        assertThat(new OverflowStep.LowerSkillLevel(60_000, 2).describe()).isEqualTo("lower required skill levels by 2");
        assertThat(new OverflowStep.WidenTeams(60_000, List.of("tech", "sales")).describe())
                .isEqualTo("widen to teams tech, sales");
        assertThat(new OverflowStep.MoveToQueue(60_000, "backup").describe()).isEqualTo("move to queue backup");
        assertThat(new OverflowStep.RaisePriority(60_000, Priority.HIGH).describe()).isEqualTo("raise priority to high");
    }

    @Test
    void slaConfig_policyAndCalendarByName_configuredOnesFoundOthersEmpty() {
        BusinessCalendar office = BusinessCalendar.alwaysOpen("office", ZoneOffset.ofHours(8));
        BusinessCalendar spare = BusinessCalendar.alwaysOpen("spare", ZoneOffset.UTC);
        SlaPolicy vip = new SlaPolicy("vip", Set.of(CustomerTier.VIP), Set.of(), Set.of(), Set.of(), Set.of(),
                new SlaTargets(1, 2, 3), office, List.of(), List.of());
        SlaPolicy rest = new SlaPolicy("rest", Set.of(), Set.of(), Set.of(), Set.of(), Set.of(),
                new SlaTargets(4, 5, 6), ALWAYS, List.of(), List.of());
        SlaConfig config = new SlaConfig(List.of(vip, rest), List.of(), 1, 2, 3, 4, Map.of(), Map.of("spare", spare));

        assertThat(config.policy("rest")).containsSame(rest);
        assertThat(config.policy("vip")).containsSame(vip);
        assertThat(config.policy("gone")).isEmpty();
        assertThat(config.calendar("office")).as("a policy's own calendar").containsSame(office);
        assertThat(config.calendar("spare")).as("declared without a policy").containsSame(spare);
        assertThat(config.calendar("gone")).isEmpty();
        assertThat(config.calendar(null)).isEmpty();
    }
}

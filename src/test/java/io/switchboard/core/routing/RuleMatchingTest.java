package io.switchboard.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.sla.BusinessCalendar;
import io.switchboard.core.sla.SlaPolicy;
import io.switchboard.core.sla.SlaTargets;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Customer;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.TicketDraft;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Routing rules and SLA policies: every non-empty condition must hold; an absent value matches only no condition. */
class RuleMatchingTest {

    private static TicketDraft draft(Channel channel, CustomerTier tier, String type, String language, String... tags) {
        return new TicketDraft(channel, Priority.NORMAL, new Customer("c1", tier, null), type, "s", "d", List.of(),
                language, Set.of(tags), Map.of(), null);
    }

    @Test
    void routingRule_noConditions_matchesAnyTicket() {
        RoutingRule any = new RoutingRule("any", Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), "general");

        assertThat(any.matches(draft(Channel.CHAT, CustomerTier.STANDARD, null, null))).isTrue();
    }

    @Test
    void routingRule_eachCondition_mustHoldOnItsOwn() {
        RoutingRule rule = new RoutingRule("vip-zh-refunds", Set.of("billing"), Set.of(Channel.EMAIL),
                Set.of("refund"), Set.of(CustomerTier.VIP), Set.of("zh"), "billing");
        TicketDraft all = draft(Channel.EMAIL, CustomerTier.VIP, "billing", "zh", "refund", "other");

        assertThat(rule.matches(all)).isTrue();
        assertThat(rule.matches(draft(Channel.EMAIL, CustomerTier.VIP, "question", "zh", "refund"))).as("type").isFalse();
        assertThat(rule.matches(draft(Channel.EMAIL, CustomerTier.VIP, null, "zh", "refund"))).as("no type").isFalse();
        assertThat(rule.matches(draft(Channel.CHAT, CustomerTier.VIP, "billing", "zh", "refund"))).as("channel").isFalse();
        assertThat(rule.matches(draft(Channel.EMAIL, CustomerTier.VIP, "billing", "zh", "other"))).as("tags").isFalse();
        assertThat(rule.matches(draft(Channel.EMAIL, CustomerTier.VIP, "billing", "zh"))).as("no tags").isFalse();
        assertThat(rule.matches(draft(Channel.EMAIL, CustomerTier.STANDARD, "billing", "zh", "refund"))).as("tier")
                .isFalse();
        assertThat(rule.matches(draft(Channel.EMAIL, CustomerTier.VIP, "billing", "en", "refund"))).as("language")
                .isFalse();
        assertThat(rule.matches(draft(Channel.EMAIL, CustomerTier.VIP, "billing", null, "refund"))).as("no language")
                .isFalse();
    }

    private static SlaPolicy policy(Set<CustomerTier> tiers, Set<Priority> priorities, Set<Channel> channels,
            Set<String> types, Set<String> queues) {
        return new SlaPolicy("p", tiers, priorities, channels, types, queues, new SlaTargets(1, 2, 3),
                BusinessCalendar.alwaysOpen("24x7", ZoneOffset.UTC), List.of(0.5), List.of());
    }

    @Test
    void slaPolicy_noConditions_matchesEverythingIncludingNoTypeOrQueue() {
        SlaPolicy any = policy(Set.of(), Set.of(), Set.of(), Set.of(), Set.of());

        assertThat(any.matches(CustomerTier.STANDARD, Priority.LOW, Channel.API, null, null)).isTrue();
    }

    @Test
    void slaPolicy_eachCondition_mustHoldOnItsOwn() {
        SlaPolicy p = policy(Set.of(CustomerTier.VIP), Set.of(Priority.URGENT), Set.of(Channel.CHAT), Set.of("bug"),
                Set.of("tech"));

        assertThat(p.matches(CustomerTier.VIP, Priority.URGENT, Channel.CHAT, "bug", "tech")).isTrue();
        assertThat(p.matches(CustomerTier.STANDARD, Priority.URGENT, Channel.CHAT, "bug", "tech")).as("tier").isFalse();
        assertThat(p.matches(CustomerTier.VIP, Priority.HIGH, Channel.CHAT, "bug", "tech")).as("priority").isFalse();
        assertThat(p.matches(CustomerTier.VIP, Priority.URGENT, Channel.EMAIL, "bug", "tech")).as("channel").isFalse();
        assertThat(p.matches(CustomerTier.VIP, Priority.URGENT, Channel.CHAT, "question", "tech")).as("type").isFalse();
        assertThat(p.matches(CustomerTier.VIP, Priority.URGENT, Channel.CHAT, null, "tech")).as("no type").isFalse();
        assertThat(p.matches(CustomerTier.VIP, Priority.URGENT, Channel.CHAT, "bug", "general")).as("queue").isFalse();
        assertThat(p.matches(CustomerTier.VIP, Priority.URGENT, Channel.CHAT, "bug", null)).as("no queue").isFalse();
    }
}

package io.switchboard.core.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.agent.Presence;
import io.switchboard.core.agent.SupportTier;
import io.switchboard.core.routing.SelectionStrategy;
import io.switchboard.core.sla.EscalationAction;
import io.switchboard.core.sla.SlaMetric;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The names on the wire and in config for every core enum, both ways, and the ticket lifecycle rules. */
class WireNamesTest {

    @Test
    void parse_everyWireName_roundTripsAndUnknownOrOtherCaseIsEmpty() {
        for (TicketStatus s : TicketStatus.values()) {
            assertThat(TicketStatus.parse(s.wire())).contains(s);
        }
        for (Priority p : Priority.values()) {
            assertThat(Priority.parse(p.wire())).contains(p);
        }
        for (Channel c : Channel.values()) {
            assertThat(Channel.parse(c.wire())).contains(c);
        }
        for (CustomerTier t : CustomerTier.values()) {
            assertThat(CustomerTier.parse(t.wire())).contains(t);
        }
        for (Presence p : Presence.values()) {
            assertThat(Presence.parse(p.wire())).contains(p);
        }
        for (SupportTier t : SupportTier.values()) {
            assertThat(SupportTier.parse(t.wire())).contains(t);
        }
        for (SelectionStrategy s : SelectionStrategy.values()) {
            assertThat(SelectionStrategy.parse(s.wire())).contains(s);
        }
        for (EscalationAction a : EscalationAction.values()) {
            assertThat(EscalationAction.parse(a.wire())).contains(a);
        }
        assertThat(TicketStatus.parse("Pending_Customer")).isEmpty();
        assertThat(Priority.parse("URGENT")).isEmpty();
        assertThat(Channel.parse("fax")).isEmpty();
        assertThat(CustomerTier.parse(null)).isEmpty();
        assertThat(Presence.parse("")).isEmpty();
        assertThat(SupportTier.parse("l2")).isEmpty();
        assertThat(SelectionStrategy.parse("random")).isEmpty();
        assertThat(EscalationAction.parse("page_everyone")).isEmpty();
    }

    @Test
    void wire_names_areTheDocumentedLowerCaseForms() {
        assertThat(TicketStatus.PENDING_CUSTOMER.wire()).isEqualTo("pending_customer");
        assertThat(Priority.URGENT.wire()).isEqualTo("urgent");
        assertThat(Channel.WECHAT.wire()).isEqualTo("wechat");
        assertThat(CustomerTier.ENTERPRISE.wire()).isEqualTo("enterprise");
        assertThat(Presence.AVAILABLE.wire()).isEqualTo("available");
        assertThat(SupportTier.L3.wire()).isEqualTo("L3");
        assertThat(SelectionStrategy.MOST_SKILLED.wire()).isEqualTo("most_skilled");
        assertThat(EscalationAction.MOVE_TO_HIGHER_TIER.wire()).isEqualTo("move_to_higher_tier");
        assertThat(SlaMetric.FIRST_RESPONSE.wire()).isEqualTo("first_response");
    }

    @Test
    void raised_eachPriority_oneStepMoreUrgentUrgentStays() {
        assertThat(Priority.LOW.raised()).isEqualTo(Priority.NORMAL);
        assertThat(Priority.NORMAL.raised()).isEqualTo(Priority.HIGH);
        assertThat(Priority.HIGH.raised()).isEqualTo(Priority.URGENT);
        assertThat(Priority.URGENT.raised()).isEqualTo(Priority.URGENT);
    }

    @Test
    void atLeast_tiers_orderedL1ToL4() {
        assertThat(SupportTier.L3.atLeast(SupportTier.L2)).isTrue();
        assertThat(SupportTier.L2.atLeast(SupportTier.L2)).isTrue();
        assertThat(SupportTier.L1.atLeast(SupportTier.L2)).isFalse();
    }

    @Test
    void statusGroups_withAgentAndRouting_exactlyTheDocumentedStates() {
        Set<TicketStatus> withAgent = EnumSet.noneOf(TicketStatus.class);
        Set<TicketStatus> routing = EnumSet.noneOf(TicketStatus.class);
        for (TicketStatus s : TicketStatus.values()) {
            if (s.isWithAgent()) {
                withAgent.add(s);
            }
            if (s.isRouting()) {
                routing.add(s);
            }
        }
        assertThat(withAgent).containsExactlyInAnyOrder(TicketStatus.ASSIGNED, TicketStatus.PENDING_CUSTOMER,
                TicketStatus.PENDING_INTERNAL);
        assertThat(routing).containsExactlyInAnyOrder(TicketStatus.QUEUED, TicketStatus.OFFERED);
    }

    @Test
    void canMoveTo_lifecycle_allowsTheDesignTransitionsOnly() {
        assertThat(successors(TicketStatus.NEW)).containsExactly(TicketStatus.QUEUED);
        assertThat(successors(TicketStatus.QUEUED)).containsExactly(TicketStatus.QUEUED, TicketStatus.OFFERED,
                TicketStatus.ASSIGNED);
        assertThat(successors(TicketStatus.OFFERED)).containsExactly(TicketStatus.QUEUED, TicketStatus.ASSIGNED);
        List<TicketStatus> working = List.of(TicketStatus.QUEUED, TicketStatus.ASSIGNED, TicketStatus.PENDING_CUSTOMER,
                TicketStatus.PENDING_INTERNAL, TicketStatus.RESOLVED);
        assertThat(successors(TicketStatus.ASSIGNED)).containsExactlyElementsOf(working);
        assertThat(successors(TicketStatus.PENDING_CUSTOMER)).containsExactlyElementsOf(working);
        assertThat(successors(TicketStatus.PENDING_INTERNAL)).containsExactlyElementsOf(working);
        assertThat(successors(TicketStatus.RESOLVED)).as("reopen or close")
                .containsExactly(TicketStatus.QUEUED, TicketStatus.CLOSED);
        assertThat(successors(TicketStatus.CLOSED)).isEmpty();
    }

    private static List<TicketStatus> successors(TicketStatus from) {
        return java.util.Arrays.stream(TicketStatus.values()).filter(from::canMoveTo).toList();
    }
}

package io.switchboard.core.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.agent.SupportTier;
import io.switchboard.core.event.DomainEvent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The ticket aggregate's own rules: lifecycle guard, owner history, timeline and update time. */
class TicketTest {
    private static final long T0 = 1_700_000_000_000L;

    private static Ticket ticket() {
        TicketDraft draft = new TicketDraft(Channel.EMAIL, Priority.HIGH, new Customer("c1", CustomerTier.VIP, "Ann"),
                "bug", "s", "d", List.of(), "en", Set.of(), Map.of(), null);
        return new Ticket("tkt_1", 1, draft, "general", T0);
    }

    @Test
    void newTicket_fromDraft_takesPriorityTierChannelAndCreationTime() {
        Ticket t = ticket();

        assertThat(t.status()).isEqualTo(TicketStatus.NEW);
        assertThat(t.priority()).isEqualTo(Priority.HIGH);
        assertThat(t.tier()).isEqualTo(CustomerTier.VIP);
        assertThat(t.channel()).isEqualTo(Channel.EMAIL);
        assertThat(t.customer().id()).isEqualTo("c1");
        assertThat(t.createdAt()).isEqualTo(T0);
        assertThat(t.updatedAt()).isEqualTo(T0);
        assertThat(t.assignee()).isNull();
        assertThat(t.timeline()).isEmpty();
    }

    @Test
    void status_illegalTransition_throwsNamingTicketAndStatesAndKeepsTheOld() {
        Ticket t = ticket();
        t.status(TicketStatus.QUEUED);

        assertThatThrownBy(() -> t.status(TicketStatus.CLOSED)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("QUEUED -> CLOSED").hasMessageContaining("tkt_1");
        assertThat(t.status()).isEqualTo(TicketStatus.QUEUED);
        t.status(TicketStatus.ASSIGNED);
        assertThat(t.status()).isEqualTo(TicketStatus.ASSIGNED);
    }

    @Test
    void assignee_releasedToNull_lastAssigneeRemembersTheOwner() {
        Ticket t = ticket();
        t.assignee("alice");
        t.assignee(null);

        assertThat(t.assignee()).isNull();
        assertThat(t.lastAssignee()).isEqualTo("alice");
        t.assignee("bob");
        assertThat(t.lastAssignee()).isEqualTo("bob");
    }

    @Test
    void record_events_appendToTimelineAndUpdateTimeNeverGoesBack() {
        Ticket t = ticket();
        DomainEvent.TicketReplied later = new DomainEvent.TicketReplied(T0 + 5_000, "tkt_1", "hi", "agent:a", "r");
        DomainEvent.TicketReplied earlier = new DomainEvent.TicketReplied(T0 + 1_000, "tkt_1", "again", "agent:a", "r");

        t.record(later);
        t.record(earlier);

        assertThat(t.timeline()).containsExactly(later, earlier);
        assertThat(t.updatedAt()).isEqualTo(T0 + 5_000);
        assertThatThrownBy(() -> t.timeline().add(later)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void preferred_setAndCleared_keepsAgentAndWindowTogether() {
        Ticket t = ticket();
        t.preferred("alice", T0 + 30_000);
        assertThat(t.preferredAgent()).isEqualTo("alice");
        assertThat(t.preferredUntil()).isEqualTo(T0 + 30_000);

        t.preferred(null, 0);

        assertThat(t.preferredAgent()).isNull();
        assertThat(t.preferredUntil()).isZero();
    }
    @Test
    void newTicket_identityAndDraft_keptAsGiven() {
        Ticket t = ticket();

        assertThat(t.id()).isEqualTo("tkt_1");
        assertThat(t.seq()).isEqualTo(1);
        assertThat(t.draft().type()).isEqualTo("bug");
        assertThat(t.queue()).isEqualTo("general");
        assertThat(t.team()).isNull();
        assertThat(t.minTier()).isNull();
        assertThat(t.offerId()).isNull();
        assertThat(t.skillRelaxation()).isZero();
        assertThat(t.nextOverflowStep()).isZero();
        assertThat(t.widenedTeams()).isEmpty();
        assertThat(t.excludedAgents()).isEmpty();
        assertThat(t.exclusions()).isEmpty();
        assertThat(t.exclusionExpiryAt()).as("no exclusion timer armed").isZero();
    }

    @Test
    void exclude_sameAgentAgain_restartsItsExclusionFromTheLaterTime() {
        Ticket t = ticket();

        t.exclude("alice", T0 + 1_000);
        t.exclude("bob", T0 + 2_000);
        t.exclude("alice", T0 + 3_000);

        assertThat(t.exclusions()).containsExactlyInAnyOrderEntriesOf(Map.of("alice", T0 + 3_000, "bob", T0 + 2_000));
        assertThat(t.excludedAgents()).containsExactlyInAnyOrder("alice", "bob");
    }

    @Test
    void excludedAgents_idRemoved_liftsThatExclusionOnly() {
        Ticket t = ticket();
        t.exclude("alice", T0 + 1_000);
        t.exclude("bob", T0 + 2_000);

        t.excludedAgents().remove("alice");

        assertThat(t.exclusions()).containsExactlyEntriesOf(Map.of("bob", T0 + 2_000));
        assertThatThrownBy(() -> t.exclusions().put("carol", T0)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void exclusionExpiryAt_armedThenCleared_isReadBack() {
        Ticket t = ticket();

        t.exclusionExpiryAt(T0 + 300_000);
        assertThat(t.exclusionExpiryAt()).isEqualTo(T0 + 300_000);
        t.exclusionExpiryAt(0);
        assertThat(t.exclusionExpiryAt()).isZero();
    }

    @Test
    void routingState_setByTheEngine_isReadBackUnchanged() {
        Ticket t = ticket();

        t.queue("billing");
        t.team("tech");
        t.minTier(SupportTier.L3);
        t.skillRelaxation(2);
        t.widen(List.of("sales"));
        t.queuedAt(T0 + 7_000);
        t.nextOverflowStep(3);
        t.offerId("off_9");
        t.orderKey(-42);
        t.priority(Priority.URGENT);
        t.tier(CustomerTier.ENTERPRISE);

        assertThat(t.queue()).isEqualTo("billing");
        assertThat(t.team()).isEqualTo("tech");
        assertThat(t.minTier()).isEqualTo(SupportTier.L3);
        assertThat(t.skillRelaxation()).isEqualTo(2);
        assertThat(t.widenedTeams()).containsExactly("sales");
        assertThat(t.queuedAt()).isEqualTo(T0 + 7_000);
        assertThat(t.nextOverflowStep()).isEqualTo(3);
        assertThat(t.offerId()).isEqualTo("off_9");
        assertThat(t.orderKey()).isEqualTo(-42);
        assertThat(t.priority()).isEqualTo(Priority.URGENT);
        assertThat(t.tier()).isEqualTo(CustomerTier.ENTERPRISE);
        assertThat(t.customer().tier()).as("the customer as submitted").isEqualTo(CustomerTier.VIP);
    }

    @Test
    void cachedDemand_anyRoutingInputChanges_isCleared() {
        Ticket t = ticket();
        io.switchboard.core.routing.Demand demand = new io.switchboard.core.routing.Demand(t.channel(), "en",
                new java.util.TreeMap<>(), Set.of(), null);
        List<Runnable> changes = List.of(() -> t.queue("billing"), () -> t.team("tech"),
                () -> t.minTier(SupportTier.L2), () -> t.skillRelaxation(1), () -> t.widen(List.of("sales")));
        for (Runnable change : changes) {
            t.cachedDemand(demand);
            change.run();
            assertThat(t.cachedDemand()).isNull();
        }
        t.cachedDemand(demand);
        t.priority(Priority.URGENT);
        t.offerId("off_1");
        assertThat(t.cachedDemand()).isSameAs(demand);
    }

    @Test
    void widenedTeams_readBack_cannotBeChangedBehindTheCache() {
        Ticket t = ticket();
        assertThatThrownBy(() -> t.widenedTeams().add("sales")).isInstanceOf(UnsupportedOperationException.class);
    }
}

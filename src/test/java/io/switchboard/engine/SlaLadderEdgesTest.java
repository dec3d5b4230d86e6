package io.switchboard.engine;

import static io.switchboard.engine.EngineFixture.agent;
import static io.switchboard.engine.EngineFixture.config;
import static io.switchboard.engine.EngineFixture.events;
import static io.switchboard.engine.EngineFixture.queue;
import static io.switchboard.engine.EngineFixture.single;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.agent.SupportTier;
import io.switchboard.core.event.DomainEvent.SlaBreached;
import io.switchboard.core.event.DomainEvent.SlaEscalated;
import io.switchboard.core.event.DomainEvent.TicketReleased;
import io.switchboard.core.event.DomainEvent.TicketReprioritized;
import io.switchboard.core.event.DomainEvent.TicketTransferred;
import io.switchboard.core.routing.RoutingConfig;
import io.switchboard.core.sla.BusinessCalendar;
import io.switchboard.core.sla.EscalationAction;
import io.switchboard.core.sla.EscalationStep;
import io.switchboard.core.sla.SlaConfig;
import io.switchboard.core.sla.SlaPolicy;
import io.switchboard.core.sla.SlaTargets;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Priority;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The escalation ladder where its action has nothing to do or nobody to name (issue 19 §4,
 * survivors of SlaDecisions): an urgent ticket cannot be raised, an unowned one not reassigned, an
 * L4 owner has no tier above; the manager's rung of an owner without a manager, and a queue without
 * supervisors. In each, the step is still recorded once and the evaluation goes on to the breach.
 */
class SlaLadderEdgesTest {
    private static final long S = 1000;
    private static final long M = 60 * S;
    private static final long H = 60 * M;

    /** First response 60 s; the ladder's single step {@code action} right at the target (before the breach). */
    private static SlaConfig sla(EscalationAction action, long after) {
        SlaPolicy all = new SlaPolicy("all", Set.of(), Set.of(), Set.of(), Set.of(), Set.of(),
                new SlaTargets(60 * S, 0, 0), BusinessCalendar.alwaysOpen("24x7", ZoneOffset.UTC), List.of(),
                List.of(new EscalationStep(after, action)));
        return new SlaConfig(List.of(all), List.of(), 0, 0, 0, 0, Map.of());
    }

    private static RoutingConfig routing(String... supervisors) {
        return config().queue(queue("general").supervisors(supervisors)).offerTimeout(Channel.CHAT, 24 * H).build();
    }

    @Test
    void raisePriority_ticketAlreadyUrgent_stepRecordedPriorityKeptBreachStillFires() {
        EngineFixture f = new EngineFixture(routing(), sla(EscalationAction.RAISE_PRIORITY, 0));
        String t = f.createId(f.ticket().priority(Priority.URGENT));

        Outcome due = f.tickAt(60 * S);

        assertThat(single(due, SlaEscalated.class).action()).isEqualTo(EscalationAction.RAISE_PRIORITY);
        assertThat(events(due, TicketReprioritized.class)).isEmpty();
        assertThat(events(due, SlaBreached.class)).hasSize(1);
        assertThat(f.ticket(t).priority()).isEqualTo(Priority.URGENT);
        assertThat(events(f.tickAt(2 * H), SlaEscalated.class)).isEmpty();
    }

    @Test
    void reassign_ticketNobodyHolds_stepRecordedNothingReleasedBreachStillFires() {
        EngineFixture f = new EngineFixture(routing(), sla(EscalationAction.REASSIGN, 0));
        String t = f.createId(f.ticket());

        Outcome due = f.tickAt(60 * S);

        assertThat(single(due, SlaEscalated.class).action()).isEqualTo(EscalationAction.REASSIGN);
        assertThat(events(due, TicketReleased.class)).isEmpty();
        assertThat(events(due, SlaBreached.class)).hasSize(1);
        assertThat(f.ticket(t).assignee()).isNull();
    }

    @Test
    void moveToHigherTier_ownerAlreadyL4_stepRecordedTicketStaysWithTheOwner() {
        EngineFixture f = new EngineFixture(routing(), sla(EscalationAction.MOVE_TO_HIGHER_TIER, 0));
        f.online(agent("expert").tier(SupportTier.L4));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);

        Outcome due = f.tickAt(60 * S);

        assertThat(single(due, SlaEscalated.class).action()).isEqualTo(EscalationAction.MOVE_TO_HIGHER_TIER);
        assertThat(events(due, TicketTransferred.class)).isEmpty();
        assertThat(events(due, TicketReleased.class)).isEmpty();
        assertThat(events(due, SlaBreached.class)).hasSize(1);
        assertThat(f.ticket(t).assignee()).isEqualTo("expert");
    }

    @Test
    void moveToHigherTier_waitingTicketWithoutATier_requiresL2AndWaitsForOne() {
        EngineFixture f = new EngineFixture(routing(), sla(EscalationAction.MOVE_TO_HIGHER_TIER, 0));
        f.connectedAway(agent("junior").tier(SupportTier.L1));
        String t = f.createId(f.ticket());

        Outcome due = f.tickAt(60 * S);

        TicketTransferred moved = single(due, TicketTransferred.class);
        assertThat(moved.tier()).isEqualTo(SupportTier.L2);
        assertThat(f.ticket(t).minTier()).isEqualTo(SupportTier.L2);
        f.available("junior");
        assertThat(f.offeredTo(t)).isEmpty();
        f.online(agent("senior").tier(SupportTier.L2));
        assertThat(f.offeredTo(t)).containsExactly("senior");
    }

    @Test
    void managerRung_ownerNamesALeadButNoManager_goesToTheQueueSupervisorsByName() {
        EngineFixture f = new EngineFixture(routing("sup-wang", "sup-li"), sla(EscalationAction.ESCALATE_MANAGER, 0));
        f.online(agent("alice").lead("lead-chen"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);

        Outcome due = f.tickAt(60 * S);

        SlaEscalated escalated = single(due, SlaEscalated.class);
        assertThat(escalated.escalatedTo()).isEqualTo("sup-li,sup-wang");
        assertThat(due.notifications()).filteredOn(n -> n.event() instanceof SlaEscalated).singleElement()
                .satisfies(n -> {
                    assertThat(n.recipients()).containsExactlyInAnyOrder("alice", "sup-li", "sup-wang");
                    assertThat(n.mustAct()).isEqualTo("sup-li,sup-wang");
                });
    }

    @Test
    void leadRung_unownedTicketAndNoSupervisorsAnywhere_recordedWithNobodyNamed() {
        EngineFixture f = new EngineFixture(routing(), sla(EscalationAction.NOTIFY_TEAM_LEAD, 0));
        String t = f.createId(f.ticket());

        Outcome due = f.tickAt(60 * S);

        SlaEscalated escalated = single(due, SlaEscalated.class);
        assertThat(escalated.ticketId()).isEqualTo(t);
        assertThat(escalated.escalatedTo()).isNull();
        assertThat(due.notifications()).as("nobody to tell").noneMatch(n -> n.event() instanceof SlaEscalated);
    }
    @Test
    void breach_withoutFollowUpConfigured_noFollowUpRequested() {
        EngineFixture f = new EngineFixture(routing(), sla(EscalationAction.NOTIFY_TEAM_LEAD, 0));
        f.createId(f.ticket());

        Outcome due = f.tickAt(60 * S);

        assertThat(events(due, SlaBreached.class)).hasSize(1);
        assertThat(events(due, io.switchboard.core.event.DomainEvent.FollowUpRequested.class)).isEmpty();
    }

    @Test
    void compensation_issuedLate_recordsHowLongTheClockWasOverdue() {
        SlaPolicy all = new SlaPolicy("all", Set.of(), Set.of(), Set.of(), Set.of(), Set.of(),
                new SlaTargets(60 * S, 0, 0), BusinessCalendar.alwaysOpen("24x7", ZoneOffset.UTC), List.of(),
                List.of());
        SlaConfig sla = new SlaConfig(List.of(all), List.of(new io.switchboard.core.sla.CompensationLevel(10 * M,
                new java.math.BigDecimal("5.00"), "EUR")), 0, 0, 0, 0, Map.of());
        EngineFixture f = new EngineFixture(routing(), sla);
        f.createId(f.ticket());
        f.tickAt(60 * S);

        Outcome late = f.tickAt(60 * S + 10 * M + 30 * S);

        assertThat(single(late, io.switchboard.core.event.DomainEvent.CompensationIssued.class).overdueMillis())
                .as("a tick 30 s after the level fell due").isEqualTo(10 * M + 30 * S);
    }
    @Test
    void reassign_ownedTicket_formerOwnerToldTheTicketLeftThem() {
        EngineFixture f = new EngineFixture(routing(), sla(EscalationAction.REASSIGN, 0));
        f.online(agent("alice"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);

        Outcome due = f.tickAt(60 * S);

        assertThat(single(due, TicketReleased.class).agentId()).isEqualTo("alice");
        assertThat(EngineFixture.pushes(due, AgentPush.Kind.TICKET_UPDATED)).filteredOn(p -> p.agentId().equals("alice"))
                .singleElement().satisfies(p -> assertThat(p.ticket().assignee()).isNull());
    }

    @Test
    void moveToHigherTier_ownedByL1_formerOwnerToldTheTicketLeftThem() {
        EngineFixture f = new EngineFixture(routing(), sla(EscalationAction.MOVE_TO_HIGHER_TIER, 0));
        f.online(agent("junior").tier(SupportTier.L1));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);

        Outcome due = f.tickAt(60 * S);

        assertThat(single(due, TicketTransferred.class).tier()).isEqualTo(SupportTier.L2);
        assertThat(EngineFixture.pushes(due, AgentPush.Kind.TICKET_UPDATED)).filteredOn(p -> p.agentId().equals("junior"))
                .singleElement().satisfies(p -> assertThat(p.ticket().assignee()).isNull());
    }
}

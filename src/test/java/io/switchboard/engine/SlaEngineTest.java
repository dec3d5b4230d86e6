package io.switchboard.engine;

import static io.switchboard.engine.EngineFixture.T0;
import static io.switchboard.engine.EngineFixture.agent;
import static io.switchboard.engine.EngineFixture.config;
import static io.switchboard.engine.EngineFixture.events;
import static io.switchboard.engine.EngineFixture.queue;
import static io.switchboard.engine.EngineFixture.single;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.agent.SupportTier;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.CompensationIssued;
import io.switchboard.core.event.DomainEvent.FollowUpRequested;
import io.switchboard.core.event.DomainEvent.HandoffOverdue;
import io.switchboard.core.event.DomainEvent.IdleEscalated;
import io.switchboard.core.event.DomainEvent.PendingReminder;
import io.switchboard.core.event.DomainEvent.SlaBreached;
import io.switchboard.core.event.DomainEvent.SlaEscalated;
import io.switchboard.core.event.DomainEvent.SlaWarning;
import io.switchboard.core.event.DomainEvent.TicketClosed;
import io.switchboard.core.event.DomainEvent.TicketReleased;
import io.switchboard.core.event.DomainEvent.TicketReopened;
import io.switchboard.core.routing.RoutingConfig;
import io.switchboard.core.sla.BusinessCalendar;
import io.switchboard.core.sla.CompensationLevel;
import io.switchboard.core.sla.EscalationAction;
import io.switchboard.core.sla.EscalationStep;
import io.switchboard.core.sla.SlaConfig;
import io.switchboard.core.sla.SlaMetric;
import io.switchboard.core.sla.SlaPolicy;
import io.switchboard.core.sla.SlaTargets;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.TicketStatus;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** SLA clocks, thresholds, escalation ladders and the other timers, on a fixed clock. */
class SlaEngineTest {
    private static final long S = 1000;
    private static final long M = 60 * S;
    private static final long H = 60 * M;
    private static final BusinessCalendar ALWAYS = BusinessCalendar.alwaysOpen("24x7", ZoneOffset.UTC);
    private static final List<EscalationStep> DEFAULT_LADDER = List.of(
            new EscalationStep(10 * M, EscalationAction.NOTIFY_TEAM_LEAD),
            new EscalationStep(30 * M, EscalationAction.ESCALATE_MANAGER));

    private static SlaPolicy policy(String name, Set<CustomerTier> tiers, long first, long next, long resolution,
            List<EscalationStep> ladder) {
        return new SlaPolicy(name, tiers, Set.of(), Set.of(), Set.of(), Set.of(),
                new SlaTargets(first, next, resolution), ALWAYS, List.of(0.75, 0.9), ladder);
    }

    /** VIP: first response 60 s; standard: 5 min; compensation at 1 h and 2 h overdue. */
    private static SlaConfig sla(List<EscalationStep> vipLadder) {
        return new SlaConfig(List.of(
                policy("vip", Set.of(CustomerTier.VIP), 60 * S, 3 * M, 8 * H, vipLadder),
                policy("standard", Set.of(), 5 * M, 15 * M, 48 * H, DEFAULT_LADDER)),
                List.of(new CompensationLevel(H, new BigDecimal("10"), "CNY"),
                        new CompensationLevel(2 * H, new BigDecimal("20"), "CNY")),
                15 * M, 2 * H, 48 * H, 72 * H, Map.of("technical", 2 * H));
    }

    private static RoutingConfig routing() {
        return config().teams("support", "technical")
                .queue(queue("general"))
                .offerTimeout(Channel.CHAT, 24 * H)
                .build();
    }

    private static EngineFixture fixture() {
        return new EngineFixture(routing(), sla(DEFAULT_LADDER));
    }

    private static EngineFixture fixture(List<EscalationStep> vipLadder) {
        return new EngineFixture(routing(), sla(vipLadder));
    }

    @Test
    void create_vipTicket_clocksRunWithPolicyTargets() {
        EngineFixture f = fixture();
        String t = f.createId(f.ticket().tier(CustomerTier.VIP));
        SlaView view = f.ticket(t).sla();
        assertThat(view.policy()).isEqualTo("vip");
        assertThat(view.clocks().get(SlaMetric.FIRST_RESPONSE).dueAt()).isEqualTo(T0 + 60 * S);
        assertThat(view.clocks().get(SlaMetric.RESOLUTION).dueAt()).isEqualTo(T0 + 8 * H);
        assertThat(view.clocks().get(SlaMetric.NEXT_RESPONSE).remainingSeconds()).isNull();
        assertThat(view.clocks().get(SlaMetric.FIRST_RESPONSE).remainingSeconds()).isEqualTo(60);
    }

    @Test
    void dispatch_vipCreatedLaterButDueSooner_offeredFirst() {
        EngineFixture f = fixture();
        f.connectedAway(agent("alice").onlyCapacity(Channel.CHAT, 1));
        String standard = f.createId(f.ticket());
        f.at(30 * S);
        String vip = f.createId(f.ticket().tier(CustomerTier.VIP));
        f.at(31 * S);
        f.available("alice");
        assertThat(f.offeredTo(vip)).containsExactly("alice");
        assertThat(f.offeredTo(standard)).isEmpty();
    }

    @Test
    void warnings_atThresholds_eachFiredOnceToTheAssigneeOnly() {
        EngineFixture f = fixture();
        f.online(agent("alice").lead("lead-chen").manager("mgr-zhou"));
        String t = f.createId(f.ticket().tier(CustomerTier.VIP));
        f.acceptOffer(t);

        Outcome first = f.tickAt(45 * S);
        SlaWarning warning = single(first, SlaWarning.class);
        assertThat(warning.threshold()).isEqualTo(0.75);
        assertThat(warning.dueAt()).isEqualTo(T0 + 60 * S);
        assertThat(first.notifications()).singleElement().satisfies(n ->
                assertThat(n.recipients()).as("leads and managers hear only their own rung of the ladder")
                        .containsExactly("alice"));
        assertThat(events(f.tickAt(50 * S), SlaWarning.class)).isEmpty();
        assertThat(single(f.tickAt(54 * S), SlaWarning.class).threshold()).isEqualTo(0.9);
        assertThat(events(f.tickAt(55 * S), SlaWarning.class)).isEmpty();
    }

    @Test
    void breach_unassignedTicket_breachAndFollowUpGoToQueueSupervisors() {
        RoutingConfig routing = config().teams("support").queue(queue("general")).build();
        SlaConfig sla = sla(DEFAULT_LADDER);
        EngineFixture f = new EngineFixture(withSupervisors(routing, "sup-wang"), sla);
        String t = f.createId(f.ticket().tier(CustomerTier.VIP));

        Outcome due = f.tickAt(61 * S);

        SlaBreached breach = single(due, SlaBreached.class);
        assertThat(breach.metric()).isEqualTo(SlaMetric.FIRST_RESPONSE);
        assertThat(breach.dueAt()).isEqualTo(T0 + 60 * S);
        assertThat(single(due, FollowUpRequested.class).dueAt()).isEqualTo(T0 + 60 * S + 15 * M);
        assertThat(due.notifications()).extracting(Notification::recipients).allSatisfy(r ->
                assertThat(r).containsExactly("sup-wang"));
        assertThat(f.ticket(t).sla().clocks().get(SlaMetric.FIRST_RESPONSE).breached()).isTrue();
        assertThat(f.ticket(t).alerts()).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("SlaWarning", "SlaWarning", "SlaBreached", "FollowUpRequested");
    }

    @Test
    void escalation_defaultLadder_teamLeadAt10MinutesManagerAt30() {
        EngineFixture f = fixture();
        f.online(agent("alice").lead("lead-chen").manager("mgr-zhou"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);
        f.tickAt(5 * M);

        assertThat(events(f.tickAt(14 * M), SlaEscalated.class)).isEmpty();
        Outcome lead = f.tickAt(15 * M);
        SlaEscalated first = single(lead, SlaEscalated.class);
        assertThat(first.action()).isEqualTo(EscalationAction.NOTIFY_TEAM_LEAD);
        assertThat(first.escalatedTo()).isEqualTo("lead-chen");
        assertThat(lead.notifications()).singleElement().satisfies(n -> assertThat(n.mustAct()).isEqualTo("lead-chen"));
        SlaEscalated second = single(f.tickAt(35 * M), SlaEscalated.class);
        assertThat(second.action()).isEqualTo(EscalationAction.ESCALATE_MANAGER);
        assertThat(second.escalatedTo()).isEqualTo("mgr-zhou");
        assertThat(events(f.tickAt(3 * H), SlaEscalated.class)).isEmpty();
    }

    @Test
    void escalation_raisePriority_ticketPriorityRaisedOnce() {
        EngineFixture f = fixture(List.of(new EscalationStep(0, EscalationAction.RAISE_PRIORITY)));
        String t = f.createId(f.ticket().tier(CustomerTier.VIP).priority(Priority.LOW));
        f.tickAt(60 * S);
        f.tickAt(61 * S);
        assertThat(f.ticket(t).priority()).isEqualTo(Priority.NORMAL);
        assertThat(f.timelineOf(t, SlaEscalated.class)).hasSize(1);
    }

    @Test
    void escalation_moveToHigherTier_ticketTakenFromL1AndGivenToL2() {
        EngineFixture f = fixture(List.of(new EscalationStep(0, EscalationAction.MOVE_TO_HIGHER_TIER)));
        f.online(agent("junior").tier(SupportTier.L1));
        String t = f.createId(f.ticket().tier(CustomerTier.VIP));
        f.acceptOffer(t);
        f.online(agent("senior").tier(SupportTier.L2));

        f.tickAt(60 * S);
        f.tickAt(60 * S + 1);

        assertThat(f.ticket(t).minTier()).isEqualTo(SupportTier.L2);
        assertThat(f.offeredTo(t)).containsExactly("junior", "senior");
        assertThat(f.timelineOf(t, TicketReleased.class)).singleElement()
                .satisfies(r -> assertThat(r.agentId()).isEqualTo("junior"));
    }

    @Test
    void escalation_reassign_ticketGoesToAnotherAgentNeverBack() {
        EngineFixture f = fixture(List.of(new EscalationStep(0, EscalationAction.REASSIGN)));
        f.online(agent("alice"));
        String t = f.createId(f.ticket().tier(CustomerTier.VIP));
        f.acceptOffer(t);
        f.online(agent("bob"));
        f.tickAt(60 * S);
        f.tickAt(60 * S + 1);
        assertThat(f.offeredTo(t)).containsExactly("alice", "bob");
    }

    @Test
    void firstResponse_agentRepliesInTime_clockStopsAndNeverBreaches() {
        EngineFixture f = fixture();
        f.online(agent("alice"));
        String t = f.createId(f.ticket().tier(CustomerTier.VIP));
        f.acceptOffer(t);
        f.at(30 * S);
        f.run(new Command.Reply(t, "hello", "agent:alice"));

        assertThat(events(f.tickAt(10 * M), SlaBreached.class)).isEmpty();
        SlaView.Clock first = f.ticket(t).sla().clocks().get(SlaMetric.FIRST_RESPONSE);
        assertThat(first.stoppedAt()).isEqualTo(T0 + 30 * S);
        assertThat(first.remainingSeconds()).isEqualTo(30);
        assertThat(first.dueAt()).isEqualTo(-1);
    }

    @Test
    void pendingCustomer_timeDoesNotCount_deadlinesMoveByThePause() {
        EngineFixture f = fixture();
        f.online(agent("alice"));
        String t = f.createId(f.ticket().tier(CustomerTier.VIP));
        f.acceptOffer(t);
        f.at(20 * S);
        f.run(new Command.MarkPending(t, TicketStatus.PENDING_CUSTOMER, "asked for order number", "agent:alice"));
        assertThat(f.ticket(t).sla().paused()).isTrue();
        assertThat(events(f.tickAt(10 * M), SlaBreached.class)).isEmpty();
        f.at(10 * M);
        f.run(new Command.CustomerMessage(t, "order A-1", "customer"));

        assertThat(f.ticket(t).sla().paused()).isFalse();
        assertThat(f.ticket(t).sla().clocks().get(SlaMetric.FIRST_RESPONSE).dueAt()).isEqualTo(T0 + 10 * M + 40 * S);
        assertThat(events(f.tickAt(10 * M + 39 * S), SlaBreached.class)).isEmpty();
        assertThat(events(f.tickAt(10 * M + 40 * S), SlaBreached.class)).hasSize(1);
    }

    @Test
    void nextResponse_eachCustomerMessage_restartsTheClock() {
        EngineFixture f = fixture();
        f.online(agent("alice"));
        String t = f.createId(f.ticket().tier(CustomerTier.VIP));
        f.acceptOffer(t);
        f.run(new Command.Reply(t, "hi", "agent:alice"));
        f.at(M);
        f.run(new Command.CustomerMessage(t, "still broken", "customer"));
        assertThat(f.ticket(t).sla().clocks().get(SlaMetric.NEXT_RESPONSE).dueAt()).isEqualTo(T0 + 4 * M);
        f.at(2 * M);
        f.run(new Command.Reply(t, "looking", "agent:alice"));
        assertThat(f.ticket(t).sla().clocks().get(SlaMetric.NEXT_RESPONSE).stoppedAt()).isEqualTo(T0 + 2 * M);
        f.at(3 * M);
        f.run(new Command.CustomerMessage(t, "?", "customer"));
        assertThat(f.ticket(t).sla().clocks().get(SlaMetric.NEXT_RESPONSE).dueAt()).isEqualTo(T0 + 6 * M);
        assertThat(events(f.tickAt(6 * M), SlaBreached.class)).singleElement()
                .satisfies(b -> assertThat(b.metric()).isEqualTo(SlaMetric.NEXT_RESPONSE));
    }

    @Test
    void customerMessage_onResolvedTicket_reopensItForTheSameAgent() {
        EngineFixture f = fixture();
        f.online(agent("alice"));
        f.online(agent("bob"));
        String t = f.createId(f.ticket());
        String owner = f.offeredTo(t).get(0);
        f.acceptOffer(t);
        f.resolve(t);
        f.at(M);
        Outcome message = f.run(new Command.CustomerMessage(t, "it broke again", "customer"));
        assertThat(events(message, TicketReopened.class)).hasSize(1);
        assertThat(f.offeredTo(t)).containsExactly(owner, owner);
        assertThat(f.ticket(t).sla().clocks().get(SlaMetric.RESOLUTION).stoppedAt()).isZero();
    }

    @Test
    void compensation_eachLevelOnce_evenWhenEvaluatedAgain() {
        EngineFixture f = fixture(List.of());
        String t = f.createId(f.ticket().tier(CustomerTier.VIP));
        f.tickAt(60 * S);
        assertThat(events(f.tickAt(60 * S + H - 1), CompensationIssued.class)).isEmpty();
        CompensationIssued first = single(f.tickAt(60 * S + H), CompensationIssued.class);
        assertThat(first.level()).isZero();
        assertThat(first.amount()).isEqualByComparingTo("10");
        assertThat(first.currency()).isEqualTo("CNY");
        assertThat(single(f.tickAt(60 * S + 2 * H), CompensationIssued.class).amount()).isEqualByComparingTo("20");
        assertThat(events(f.tickAt(60 * S + 5 * H), CompensationIssued.class)).isEmpty();
        assertThat(f.ticket(t).compensations()).hasSize(2);
    }

    @Test
    void compensation_afterReplay_levelsAlreadyIssuedAreNotIssuedAgain() {
        EngineFixture f = fixture(List.of());
        String t = f.createId(f.ticket().tier(CustomerTier.VIP));
        f.tickAt(60 * S);
        f.tickAt(60 * S + H);
        Engine restarted = replayed(f);
        Outcome later = restarted.handle(new Command.Tick(), T0 + 60 * S + 90 * M);
        assertThat(events(later, CompensationIssued.class)).isEmpty();
        Outcome second = restarted.handle(new Command.Tick(), T0 + 60 * S + 2 * H);
        assertThat(events(second, CompensationIssued.class)).singleElement()
                .satisfies(c -> assertThat(c.level()).isEqualTo(1));
        assertThat(t).isNotBlank();
    }

    @Test
    void handoff_transferToTechnicalNotAcceptedIn2Hours_overdue() {
        EngineFixture f = fixture();
        f.online(agent("alice"));
        f.connectedAway(agent("tom").team("technical"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);
        f.at(M);
        f.transfer(t, null, "technical", null);
        assertThat(events(f.tickAt(M + 2 * H - 1), HandoffOverdue.class)).isEmpty();
        HandoffOverdue overdue = single(f.tickAt(M + 2 * H), HandoffOverdue.class);
        assertThat(overdue.team()).isEqualTo("technical");
    }

    @Test
    void handoff_acceptedInTime_noOverdue() {
        EngineFixture f = fixture();
        f.online(agent("alice"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);
        f.transfer(t, null, "technical", null);
        f.online(agent("tina").team("technical"));
        f.acceptOffer(t);
        assertThat(events(f.tickAt(3 * H), HandoffOverdue.class)).isEmpty();
    }

    @Test
    void pendingCustomer48Hours_agentReminded() {
        EngineFixture f = fixture();
        f.online(agent("alice"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);
        f.run(new Command.MarkPending(t, TicketStatus.PENDING_CUSTOMER, "waiting", "agent:alice"));
        Outcome reminder = f.tickAt(48 * H);
        assertThat(single(reminder, PendingReminder.class).agentId()).isEqualTo("alice");
        assertThat(reminder.notifications()).singleElement().satisfies(n ->
                assertThat(n.recipients()).containsExactly("alice"));
    }

    @Test
    void assignedTicketIdle2Hours_escalatedToSupervisors() {
        EngineFixture f = new EngineFixture(withSupervisors(routing(), "sup-wang"), sla(List.of()));
        f.online(agent("alice").lead("lead-chen"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);
        f.at(30 * M);
        f.run(new Command.Reply(t, "on it", "agent:alice"));
        assertThat(events(f.tickAt(2 * H), IdleEscalated.class)).isEmpty();
        Outcome idle = f.tickAt(30 * M + 2 * H);
        assertThat(events(idle, IdleEscalated.class)).hasSize(1);
        assertThat(idle.notifications()).anySatisfy(n ->
                assertThat(n.recipients()).contains("lead-chen", "sup-wang").doesNotContain("alice"));
    }

    @Test
    void resolvedTicket_customerSilentThreeDays_closedAutomatically() {
        EngineFixture f = fixture();
        f.online(agent("alice"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);
        f.at(M);
        f.resolve(t);
        assertThat(events(f.tickAt(M + 72 * H - 1), TicketClosed.class)).isEmpty();
        TicketClosed closed = single(f.tickAt(M + 72 * H), TicketClosed.class);
        assertThat(closed.actor()).isEqualTo(DomainEvent.ROUTER);
        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.CLOSED);
    }

    @Test
    void confirm_resolvedTicket_closedByCustomer_otherwiseConflict() {
        EngineFixture f = fixture();
        f.online(agent("alice"));
        String t = f.createId(f.ticket());
        assertThat(f.run(new Command.Confirm(t, "customer")).rejection().kind()).isEqualTo(Rejection.Kind.CONFLICT);
        f.acceptOffer(t);
        f.resolve(t);
        Outcome confirmed = f.run(new Command.Confirm(t, "customer"));
        assertThat(single(confirmed, TicketClosed.class).reason()).isEqualTo("customer_confirmed");
        assertThat(events(f.tickAt(100 * H), TicketClosed.class)).isEmpty();
    }

    @Test
    void reprioritize_standardBecomesVip_newPolicyKeepsTimeSpent() {
        EngineFixture f = fixture();
        String t = f.createId(f.ticket());
        assertThat(f.ticket(t).sla().policy()).isEqualTo("standard");
        f.at(40 * S);
        f.run(new Command.Reprioritize(t, null, CustomerTier.VIP, "customer upgraded", "api"));

        SlaView view = f.ticket(t).sla();
        assertThat(view.policy()).isEqualTo("vip");
        assertThat(view.clocks().get(SlaMetric.FIRST_RESPONSE).dueAt()).isEqualTo(T0 + 60 * S);
        assertThat(f.ticket(t).customer().tier()).isEqualTo(CustomerTier.VIP);
    }

    @Test
    void replay_slaTimeline_rebuildsSameSlaViews() {
        EngineFixture f = fixture();
        f.online(agent("alice").lead("lead-chen"));
        String t = f.createId(f.ticket().tier(CustomerTier.VIP));
        f.acceptOffer(t);
        f.tickAt(50 * S);
        f.run(new Command.MarkPending(t, TicketStatus.PENDING_CUSTOMER, "x", "agent:alice"));
        f.at(2 * M);
        f.run(new Command.CustomerMessage(t, "back", "customer"));
        f.tickAt(3 * H);

        EngineState rebuilt = new EngineState(f.config, f.sla);
        f.journal.forEach(rebuilt::apply);
        rebuilt.viewTime = f.now();
        assertThat(Views.ticket(rebuilt, rebuilt.tickets.get(t))).isEqualTo(f.ticket(t));
    }

    @Test
    void nextResponse_secondUnansweredMessage_keepsCountingFromTheFirst() {
        EngineFixture f = fixture();
        f.online(agent("alice"));
        String t = f.createId(f.ticket().tier(CustomerTier.VIP));
        f.acceptOffer(t);
        f.run(new Command.Reply(t, "hi", "agent:alice"));
        f.at(M);
        f.run(new Command.CustomerMessage(t, "hello?", "customer"));
        f.at(2 * M);
        f.run(new Command.CustomerMessage(t, "anyone?", "customer"));
        assertThat(f.ticket(t).sla().clocks().get(SlaMetric.NEXT_RESPONSE).dueAt()).isEqualTo(T0 + 4 * M);
        assertThat(f.timelineOf(t, DomainEvent.CustomerMessaged.class)).extracting(DomainEvent.CustomerMessaged::actor)
                .containsOnly("customer:" + f.ticket(t).customer().id());
    }

    @Test
    void dueAt_overdueClockPausedAndResumed_staysTheMissedDeadline() {
        EngineFixture f = fixture(List.of());
        f.online(agent("alice"));
        String t = f.createId(f.ticket().tier(CustomerTier.VIP));
        f.acceptOffer(t);
        f.tickAt(61 * S);
        f.run(new Command.MarkPending(t, TicketStatus.PENDING_CUSTOMER, "x", "agent:alice"));
        f.at(5 * M);
        f.run(new Command.CustomerMessage(t, "back", "customer"));
        assertThat(f.ticket(t).sla().clocks().get(SlaMetric.FIRST_RESPONSE).dueAt()).isEqualTo(T0 + 60 * S);
        f.at(6 * M);
        f.run(new Command.Reprioritize(t, Priority.HIGH, null, "upgrade", "api"));
        assertThat(f.ticket(t).sla().clocks().get(SlaMetric.FIRST_RESPONSE).dueAt()).isEqualTo(T0 + 60 * S);
    }

    @Test
    void moveToHigherTier_offeredTicket_requiresATierAboveTheOfferedAgent() {
        EngineFixture f = fixture(List.of(new EscalationStep(0, EscalationAction.MOVE_TO_HIGHER_TIER)));
        f.online(agent("lee").tier(SupportTier.L3));
        String t = f.createId(f.ticket().tier(CustomerTier.VIP));
        assertThat(f.offeredTo(t)).containsExactly("lee");
        f.online(agent("max").tier(SupportTier.L4).onlyCapacity(Channel.EMAIL, 1));
        f.online(agent("ann").tier(SupportTier.L4));
        f.tickAt(60 * S);
        f.tickAt(60 * S + 1);
        assertThat(f.ticket(t).minTier()).isEqualTo(SupportTier.L4);
        assertThat(f.offeredTo(t)).containsExactly("lee", "ann");
    }

    @Test
    void transfer_toQueueWithItsOwnPolicy_policyChosenAgain() {
        RoutingConfig routing = config().teams("support", "technical").queue(queue("general")).queue(queue("tech"))
                .offerTimeout(Channel.CHAT, 24 * H).build();
        SlaPolicy tech = new SlaPolicy("tech", Set.of(), Set.of(), Set.of(), Set.of(), Set.of("tech"),
                new SlaTargets(10 * M, 0, 0), ALWAYS, List.of(0.75, 0.9), List.of());
        SlaPolicy standard = policy("standard", Set.of(), 5 * M, 0, 0, List.of());
        EngineFixture f = new EngineFixture(routing, new SlaConfig(List.of(tech, standard), List.of(), 0, 0, 0, 0,
                Map.of()));
        String t = f.createId(f.ticket());
        assertThat(f.ticket(t).sla().policy()).isEqualTo("standard");
        f.transfer(t, "tech", null, null);
        assertThat(f.ticket(t).sla().policy()).isEqualTo("tech");
        assertThat(f.ticket(t).sla().clocks().get(SlaMetric.FIRST_RESPONSE).dueAt()).isEqualTo(T0 + 10 * M);
    }

    @Test
    void reprioritize_nothingChanges_noEvent() {
        EngineFixture f = fixture();
        String t = f.createId(f.ticket().priority(Priority.HIGH));
        Outcome same = f.run(new Command.Reprioritize(t, Priority.HIGH, CustomerTier.STANDARD, "same", "api"));
        assertThat(same.ok()).isTrue();
        assertThat(same.events()).isEmpty();
    }

    private static Engine replayed(EngineFixture f) {
        Engine engine = new Engine(f.config, f.sla, f.now());
        engine.replay(f.journal);
        return engine;
    }

    private static RoutingConfig withSupervisors(RoutingConfig routing, String supervisor) {
        var general = routing.queues().get("general");
        var queues = new java.util.LinkedHashMap<>(routing.queues());
        queues.put("general", new io.switchboard.core.routing.QueueDefinition(general.name(), general.requiredSkills(),
                general.teams(), general.strategy(), general.overflow(), List.of(supervisor)));
        return new RoutingConfig(routing.skills(), routing.teams(), queues, routing.rules(), routing.defaultQueue(),
                routing.offerTimeoutMillis(), routing.offerTimeoutSetsAway(), routing.disconnectGraceMillis(),
                routing.preferredAgentWindowMillis(), routing.tierHeadStartMillis(), routing.priorityHeadStartMillis(),
                routing.agents());
    }
}

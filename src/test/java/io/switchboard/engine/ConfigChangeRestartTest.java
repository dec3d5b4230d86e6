package io.switchboard.engine;

import static io.switchboard.engine.EngineFixture.T0;
import static io.switchboard.engine.EngineFixture.agent;
import static io.switchboard.engine.EngineFixture.config;
import static io.switchboard.engine.EngineFixture.queue;
import static io.switchboard.engine.EngineFixture.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.agent.Presence;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.SlaBreached;
import io.switchboard.core.event.DomainEvent.SlaWarning;
import io.switchboard.core.event.DomainEvent.TicketOffered;
import io.switchboard.core.event.DomainEvent.TicketOverflowed;
import io.switchboard.core.event.DomainEvent.TicketQueued;
import io.switchboard.core.routing.OverflowStep;
import io.switchboard.core.routing.RoutingConfig;
import io.switchboard.core.sla.BusinessCalendar;
import io.switchboard.core.sla.EscalationAction;
import io.switchboard.core.sla.EscalationStep;
import io.switchboard.core.sla.SlaConfig;
import io.switchboard.core.sla.SlaMetric;
import io.switchboard.core.sla.SlaPolicy;
import io.switchboard.core.sla.SlaTargets;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.TicketStatus;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Configuration that changed between restarts: each test journals with a real engine under config
 * A, restores under config B and checks that start-up succeeds, what happened to the tickets, and
 * that the restart names the case once.
 */
class ConfigChangeRestartTest {
    private static final long M = 60_000;
    private static final BusinessCalendar ALWAYS = BusinessCalendar.alwaysOpen("24x7", ZoneOffset.UTC);
    private static final BusinessCalendar OFFICE = BusinessCalendar.alwaysOpen("office", ZoneId.of("Asia/Shanghai"));

    private static EngineFixture.ConfigBuilder routingA() {
        return config().teams("support", "technical")
                .queue(queue("technical").skill("tech", 3)
                        .overflow(new OverflowStep.MoveToQueue(seconds(600), "general")))
                .rule("crash", Set.of("system_crash"), "technical")
                .grace(seconds(60));
    }

    /** Config A without the technical queue and its rule. */
    private static RoutingConfig withoutTechnicalQueue() {
        return config().teams("support", "technical").grace(seconds(60)).build();
    }

    private static SlaPolicy policy(String name, Set<CustomerTier> tiers, long first, BusinessCalendar calendar) {
        return new SlaPolicy(name, tiers, Set.of(), Set.of(), Set.of(), Set.of(), new SlaTargets(first, 0, 8 * 60 * M),
                calendar, List.of(0.5), List.of(new EscalationStep(M, EscalationAction.NOTIFY_TEAM_LEAD)));
    }

    private static SlaConfig sla(List<SlaPolicy> policies, Map<String, BusinessCalendar> calendars) {
        return new SlaConfig(policies, List.of(), 0, 0, 0, 0, Map.of(), calendars);
    }

    private static SlaConfig slaA() {
        return sla(List.of(policy("vip", Set.of(CustomerTier.VIP), 2 * M, OFFICE),
                policy("standard", Set.of(), 10 * M, ALWAYS)), Map.of());
    }

    private static Engine.Recovery restore(EngineFixture f, RoutingConfig routing, SlaConfig sla, long now) {
        return Engine.restore(routing, sla, List.copyOf(f.journal), now);
    }

    private static Engine.Recovery restore(EngineFixture f, RoutingConfig routing, long now) {
        return restore(f, routing, f.sla, now);
    }

    private static TicketView view(Engine engine, String ticketId, long now) {
        return (TicketView) engine.handle(new Command.GetTicket(ticketId), now).value();
    }

    @SuppressWarnings("unchecked")
    private static List<DomainEvent.TicketEvent> timeline(Engine engine, String ticketId, long now) {
        return (List<DomainEvent.TicketEvent>) engine.handle(new Command.GetTimeline(ticketId), now).value();
    }

    private static void bringOnline(Engine engine, String agentId, long now) {
        engine.handle(new Command.Connect(agentId, agentId + "-after-restart"), now);
        engine.handle(new Command.SetPresence(agentId, agentId + "-after-restart", Presence.AVAILABLE), now);
    }

    // ---------------------------------------------------------------- queues

    @Test
    void restore_queueRemovedWhileTicketsWait_movesThemToDefaultQueueWithReason() {
        EngineFixture f = new EngineFixture(routingA());
        f.online(agent("tess").skill("tech", 4).onlyCapacity(io.switchboard.core.ticket.Channel.CHAT, 1));
        String offered = f.createId(f.ticket().tags("system_crash"));
        String waiting = f.createId(f.ticket().tags("system_crash"));
        assertThat(f.ticket(offered).status()).isEqualTo(TicketStatus.OFFERED);
        assertThat(f.ticket(waiting).status()).isEqualTo(TicketStatus.QUEUED);
        f.at(seconds(5));

        Engine.Recovery recovery = restore(f, withoutTechnicalQueue(), f.now());

        Engine engine = recovery.engine();
        for (String id : List.of(waiting, offered)) {
            TicketView ticket = view(engine, id, f.now());
            assertThat(ticket.queue()).as(id).isEqualTo("general");
            assertThat(ticket.status()).as(id).isEqualTo(TicketStatus.QUEUED);
            DomainEvent.TicketEvent last = timeline(engine, id, f.now()).get(timeline(engine, id, f.now()).size() - 1);
            assertThat(last).isInstanceOf(TicketQueued.class);
            assertThat(last.reason()).isEqualTo("queue_removed");
            assertThat(last.actor()).isEqualTo(DomainEvent.ROUTER);
        }
        assertThat(recovery.startup().events()).filteredOn(TicketQueued.class::isInstance).hasSize(2);
        assertThat(recovery.configChanges()).hasSize(1);
        assertThat(recovery.configChanges().get(0)).contains("queue 'technical'", waiting, offered, "'general'");
        ReplayHarness.assertConsistent(ReplayHarness.liveState(engine), "restored");

        bringOnline(engine, "tess", f.now());
        assertThat(view(engine, offered, f.now()).status()).as("the older one first").isEqualTo(TicketStatus.OFFERED);
        Outcome later = engine.handle(new Command.Tick(), f.now() + seconds(3600));
        assertThat(later.events()).noneMatch(TicketOverflowed.class::isInstance);
    }

    @Test
    void restore_queueRemovedWhileTicketsWait_restartedAgainReplaysTheMove() {
        EngineFixture f = new EngineFixture(routingA());
        String waiting = f.createId(f.ticket().tags("system_crash"));
        Engine.Recovery first = restore(f, withoutTechnicalQueue(), f.now());
        List<DomainEvent> journal = new java.util.ArrayList<>(f.journal);
        journal.addAll(first.startup().events());

        Engine.Recovery second = Engine.restore(withoutTechnicalQueue(), f.sla, journal, f.now() + 1000);

        assertThat(second.configChanges()).as("the move is journaled: nothing left to report").isEmpty();
        assertThat(view(second.engine(), waiting, f.now()).queue()).isEqualTo("general");
        assertThat(second.startup().events()).noneMatch(TicketQueued.class::isInstance);
    }

    @Test
    void restore_queueRemovedWhileTicketAssigned_keepsAgentAndMovesWhenItWaitsAgain() {
        EngineFixture f = new EngineFixture(routingA());
        f.online(agent("tess").skill("tech", 4));
        String ticket = f.createId(f.ticket().tags("system_crash"));
        f.acceptOffer(ticket);

        Engine.Recovery recovery = restore(f, withoutTechnicalQueue(), f.now());

        Engine engine = recovery.engine();
        TicketView assigned = view(engine, ticket, f.now());
        assertThat(assigned.status()).isEqualTo(TicketStatus.ASSIGNED);
        assertThat(assigned.assignee()).isEqualTo("tess");
        assertThat(recovery.configChanges()).singleElement().asString().contains("queue 'technical'", ticket,
                "keep their agent");
        // tess does not come back: her grace period ends and the ticket waits again, in the default queue
        Outcome released = engine.handle(new Command.Tick(), f.now() + seconds(61));
        assertThat(released.events()).filteredOn(TicketQueued.class::isInstance).singleElement()
                .satisfies(e -> {
                    assertThat(((TicketQueued) e).queue()).isEqualTo("general");
                    assertThat(((TicketQueued) e).reason()).isEqualTo("queue_removed");
                });
        assertThat(view(engine, ticket, f.now()).queue()).isEqualTo("general");
        ReplayHarness.assertConsistent(ReplayHarness.liveState(engine), "after release");
    }

    @Test
    void restore_ruleRemoved_ticketsKeepTheQueueTheRulePicked() {
        EngineFixture f = new EngineFixture(routingA());
        String ticket = f.createId(f.ticket().tags("system_crash"));
        RoutingConfig noRule = config().teams("support", "technical").queue(queue("technical").skill("tech", 3))
                .build();

        Engine.Recovery recovery = restore(f, noRule, f.now());

        assertThat(view(recovery.engine(), ticket, f.now()).queue()).isEqualTo("technical");
        assertThat(recovery.configChanges()).isEmpty();
    }

    // ---------------------------------------------------------------- teams and agents

    @Test
    void restore_teamOfTransferRemoved_ticketRoutedByItsQueue() {
        EngineFixture f = new EngineFixture(config().teams("support", "technical").seedAgent(agent("sam")));
        f.upsert(agent("tess").team("technical").build()); // offline: the ticket waits for her team
        String ticket = f.createId(f.ticket());
        f.transfer(ticket, null, "technical", null);
        assertThat(f.ticket(ticket).team()).isEqualTo("technical");
        RoutingConfig noTechnicalTeam = config().teams("support").seedAgent(agent("sam")).build();

        Engine.Recovery recovery = restore(f, noTechnicalTeam, f.now());

        Engine engine = recovery.engine();
        bringOnline(engine, "sam", f.now());
        TicketView routed = view(engine, ticket, f.now());
        assertThat(routed.status()).as("offered to a support agent").isEqualTo(TicketStatus.OFFERED);
        assertThat(recovery.configChanges()).anySatisfy(line -> assertThat(line).contains("team 'technical'", ticket));
        Outcome again = engine.handle(new Command.Transfer(ticket, null, "technical", null, "handoff", "api"),
                f.now());
        assertThat(again.ok()).as("a removed team is no transfer target, though agents in the journal had it")
                .isFalse();
    }

    @Test
    void restore_agentRemoved_keepsItsStateAndTicketsAndIsNamed() {
        EngineFixture f = new EngineFixture(config().seedAgent(agent("sam")));
        f.online(agent("olga"));
        String ticket = f.createId(f.ticket());
        f.acceptOffer(ticket);
        RoutingConfig withoutOlga = config().seedAgent(agent("sam")).build();

        Engine.Recovery recovery = restore(f, withoutOlga, f.now());

        Engine engine = recovery.engine();
        assertThat(view(engine, ticket, f.now()).assignee()).isEqualTo("olga");
        assertThat(ReplayHarness.liveState(engine).agents).containsKey("olga");
        assertThat(recovery.configChanges()).singleElement().asString().contains("agent 'olga'", ticket);
    }

    // ---------------------------------------------------------------- SLA policies and calendars

    @Test
    void create_withMatchingPolicy_recordsPolicyCalendarTargetsAndDeadlines() {
        EngineFixture f = new EngineFixture(config().build(), slaA());
        Outcome created = f.create(f.ticket().tier(CustomerTier.VIP));

        DomainEvent.TicketCreated event = EngineFixture.single(created, DomainEvent.TicketCreated.class);
        assertThat(event.sla().policy()).isEqualTo("vip");
        assertThat(event.sla().calendar()).isEqualTo("office");
        assertThat(event.sla().targets()).containsExactlyInAnyOrderEntriesOf(
                Map.of(SlaMetric.FIRST_RESPONSE, 2 * M, SlaMetric.RESOLUTION, 8 * 60 * M));
        assertThat(event.sla().deadlines()).containsExactlyInAnyOrderEntriesOf(
                Map.of(SlaMetric.FIRST_RESPONSE, T0 + 2 * M, SlaMetric.RESOLUTION, T0 + 8 * 60 * M));
    }

    @Test
    void reprioritize_toAnotherPolicy_recordsTheNewChoiceRightAfter() {
        EngineFixture f = new EngineFixture(config().build(), slaA());
        String ticket = f.createId(f.ticket());
        f.at(M);

        Outcome changed = f.run(new Command.Reprioritize(ticket, null, CustomerTier.VIP, "upgraded", "api"));

        List<DomainEvent> events = changed.events();
        int index = events.indexOf(EngineFixture.single(changed, DomainEvent.TicketReprioritized.class));
        DomainEvent.SlaPolicyApplied applied = (DomainEvent.SlaPolicyApplied) events.get(index + 1);
        assertThat(applied.decision().policy()).isEqualTo("vip");
        assertThat(applied.reason()).isEqualTo("priority_changed");
        assertThat(applied.decision().deadlines().get(SlaMetric.FIRST_RESPONSE))
                .isEqualTo(f.ticket(ticket).sla().clocks().get(SlaMetric.FIRST_RESPONSE).dueAt());
        // unchanged choice: nothing recorded
        Outcome same = f.run(new Command.Reprioritize(ticket, io.switchboard.core.ticket.Priority.HIGH, null, "x",
                "api"));
        assertThat(same.events()).noneMatch(DomainEvent.SlaPolicyApplied.class::isInstance);
    }

    @Test
    void restore_policyRemovedAndChanged_ticketsKeepRecordedTargetsAndDeadlines() {
        EngineFixture f = new EngineFixture(config().build(), slaA());
        String vip = f.createId(f.ticket().tier(CustomerTier.VIP));
        String standard = f.createId(f.ticket());
        f.at(30_000);
        TicketView vipBefore = f.ticket(vip);
        TicketView standardBefore = f.ticket(standard);
        // B: vip removed, standard now promises 1 minute instead of 10 (office calendar still declared)
        SlaConfig slaB = sla(List.of(policy("standard", Set.of(), M, ALWAYS)), Map.of("office", OFFICE));

        Engine.Recovery recovery = restore(f, f.config, slaB, f.now());

        Engine engine = recovery.engine();
        assertThat(view(engine, vip, f.now()).sla()).isEqualTo(vipBefore.sla());
        assertThat(view(engine, standard, f.now()).sla()).isEqualTo(standardBefore.sla());
        assertThat(ReplayHarness.snapshot(ReplayHarness.liveState(engine)))
                .isEqualTo(ReplayHarness.snapshot(ReplayHarness.liveState(f.engine)));
        assertThat(recovery.configChanges()).singleElement().asString().contains("SLA policy 'vip'", vip);
        // the removed policy's deadline still holds: breached, but no warning or escalation of its own
        Outcome late = engine.handle(new Command.Tick(), T0 + 3 * M);
        assertThat(late.events()).filteredOn(SlaBreached.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((SlaBreached) e).dueAt()).isEqualTo(T0 + 2 * M));
        assertThat(late.events()).filteredOn(e -> e instanceof DomainEvent.TicketEvent te && te.ticketId().equals(vip))
                .noneMatch(e -> e instanceof SlaWarning || e instanceof DomainEvent.SlaEscalated);
    }

    @Test
    void restore_calendarRemoved_clocksCount24x7AndTheCalendarIsNamed() {
        EngineFixture f = new EngineFixture(config().build(), slaA());
        String vip = f.createId(f.ticket().tier(CustomerTier.VIP));
        SlaConfig noOffice = sla(List.of(policy("standard", Set.of(), 10 * M, ALWAYS)), Map.of());

        Engine.Recovery recovery = restore(f, f.config, noOffice, f.now());

        assertThat(view(recovery.engine(), vip, f.now()).sla().clocks().get(SlaMetric.FIRST_RESPONSE).dueAt())
                .isEqualTo(T0 + 2 * M);
        assertThat(recovery.configChanges()).anySatisfy(line -> assertThat(line).contains("calendar 'office'", vip,
                "24x7"));
        assertThat(recovery.configChanges()).anySatisfy(line -> assertThat(line).contains("SLA policy 'vip'"));
    }

    @Test
    void replay_legacyTicketWithoutRecordedDecision_choosesFromTheConfigurationAsBefore() {
        EngineFixture f = new EngineFixture(config().build(), slaA());
        String ticket = f.createId(f.ticket().tier(CustomerTier.VIP));
        f.at(M);
        f.run(new Command.Reprioritize(ticket, null, CustomerTier.STANDARD, "downgraded", "api"));
        List<DomainEvent> legacy = LegacyJournals.strip(f.journal);
        assertThat(legacy).noneMatch(DomainEvent.SlaPolicyApplied.class::isInstance);

        EngineState sameConfig = ReplayHarness.replay(f, legacy);
        SlaConfig standardChanged = sla(List.of(policy("standard", Set.of(), 3 * M, ALWAYS)), Map.of());
        Engine changed = Engine.fromHistory(f.config, standardChanged, legacy);

        assertThat(Views.ticket(sameConfig, sameConfig.tickets.get(ticket)).sla()).isEqualTo(f.ticket(ticket).sla());
        assertThat(view(changed, ticket, f.now()).sla().clocks().get(SlaMetric.FIRST_RESPONSE).dueAt())
                .as("a legacy ticket follows the configuration, as the old build did").isEqualTo(T0 + 3 * M);
    }

    @Test
    void replay_legacyTicketWithNoLaterEvent_getsThePolicyItWasCreatedWith() {
        EngineFixture f = new EngineFixture(config().build(), slaA());
        String vip = f.createId(f.ticket().tier(CustomerTier.VIP));

        EngineState legacy = ReplayHarness.replay(f, LegacyJournals.strip(f.journal));

        TicketView replayed = Views.ticket(legacy, legacy.tickets.get(vip));
        assertThat(replayed.sla().policy()).isEqualTo("vip");
        assertThat(replayed.sla()).isEqualTo(f.ticket(vip).sla());
    }

    @Test
    void replay_legacyTicketTransferredToAQueueWithItsOwnPolicy_choosesThatPolicyAsLiveDid() {
        SlaPolicy techPolicy = new SlaPolicy("tech", Set.of(), Set.of(), Set.of(), Set.of(), Set.of("technical"),
                new SlaTargets(5 * M, 0, 8 * 60 * M), ALWAYS, List.of(), List.of());
        SlaConfig sla = sla(List.of(techPolicy, policy("standard", Set.of(), 10 * M, ALWAYS)), Map.of());
        EngineFixture f = new EngineFixture(routingA().build(), sla);
        String t = f.createId(f.ticket());
        f.at(M);
        assertThat(f.transfer(t, "technical", null, null).ok()).isTrue();
        assertThat(f.ticket(t).sla().policy()).isEqualTo("tech");

        EngineState legacy = ReplayHarness.replay(f, LegacyJournals.strip(f.journal));

        assertThat(Views.ticket(legacy, legacy.tickets.get(t)).sla()).isEqualTo(f.ticket(t).sla());
    }

    @Test
    void restore_policyAddedThatWouldMatch_ticketCreatedWithoutAPolicyKeepsNone() {
        EngineFixture f = new EngineFixture(config().build(),
                sla(List.of(policy("vip", Set.of(CustomerTier.VIP), 2 * M, ALWAYS)), Map.of()));
        String standard = f.createId(f.ticket());
        assertThat(f.ticket(standard).sla().policy()).isNull();

        Engine.Recovery recovery = restore(f, f.config, slaA(), f.now());

        assertThat(view(recovery.engine(), standard, f.now()).sla().policy())
                .as("the recorded decision was: no policy").isNull();
    }

    @Test
    void offer_afterRestoreWithQueueRemoved_goesToADefaultQueueAgent() {
        EngineFixture f = new EngineFixture(routingA().seedAgent(agent("gil")));
        String ticket = f.createId(f.ticket().tags("system_crash"));

        Engine.Recovery recovery = restore(f, config().teams("support", "technical").seedAgent(agent("gil")).build(),
                f.now());
        Engine engine = recovery.engine();
        engine.handle(new Command.Connect("gil", "gil-s"), f.now());
        Outcome available = engine.handle(new Command.SetPresence("gil", "gil-s", Presence.AVAILABLE), f.now());

        assertThat(EngineFixture.offerIn(available, ticket)).extracting(TicketOffered::agentId).isEqualTo("gil");
    }
}

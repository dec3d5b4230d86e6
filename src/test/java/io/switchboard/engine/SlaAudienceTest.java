package io.switchboard.engine;

import static io.switchboard.engine.EngineFixture.T0;
import static io.switchboard.engine.EngineFixture.agent;
import static io.switchboard.engine.EngineFixture.config;
import static io.switchboard.engine.EngineFixture.events;
import static io.switchboard.engine.EngineFixture.queue;
import static io.switchboard.engine.EngineFixture.single;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.FollowUpDone;
import io.switchboard.core.event.DomainEvent.FollowUpOverdue;
import io.switchboard.core.event.DomainEvent.FollowUpRequested;
import io.switchboard.core.event.DomainEvent.SlaBreached;
import io.switchboard.core.event.DomainEvent.SlaEscalated;
import io.switchboard.core.sla.BusinessCalendar;
import io.switchboard.core.sla.EscalationAction;
import io.switchboard.core.sla.EscalationStep;
import io.switchboard.core.sla.SlaConfig;
import io.switchboard.core.sla.SlaPolicy;
import io.switchboard.core.sla.SlaTargets;
import io.switchboard.core.ticket.CustomerTier;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Review defects 4 and 5: each rung of the escalation ladder reaches its own audience (the seeds:
 * team lead at 10 min, manager at 30 min), unassigned tickets escalate to the queue's supervisors
 * by name, and the follow-up after a breach is tracked to done or overdue.
 */
class SlaAudienceTest {
    private static final long S = 1000;
    private static final long M = 60 * S;

    /** Every ticket: first response 60 s; the seeds' ladder; follow-up within 15 min. */
    private static SlaConfig sla() {
        SlaPolicy policy = new SlaPolicy("all", Set.of(), Set.of(), Set.of(), Set.of(), Set.of(),
                new SlaTargets(60 * S, 3 * M, 8 * 60 * M), BusinessCalendar.alwaysOpen("24x7", ZoneOffset.UTC),
                List.of(), List.of(new EscalationStep(10 * M, EscalationAction.NOTIFY_TEAM_LEAD),
                        new EscalationStep(30 * M, EscalationAction.ESCALATE_MANAGER)));
        return new SlaConfig(List.of(policy), List.of(), 15 * M, 0, 0, 0, Map.of());
    }

    private static EngineFixture fixture() {
        return new EngineFixture(config().queue(queue("general").supervisors("sup-wang", "sup-li")).build(), sla());
    }

    /** alice (lead-chen, mgr-zhou) owns a ticket whose first response breaches at 60 s. */
    private static String assignedToAlice(EngineFixture f) {
        f.online(agent("alice").lead("lead-chen").manager("mgr-zhou"));
        String t = f.createId(f.ticket().tier(CustomerTier.VIP));
        f.acceptOffer(t);
        return t;
    }

    private static Notification notificationOf(Outcome outcome, Class<?> type) {
        return outcome.notifications().stream().filter(n -> type.isInstance(n.event())).findFirst().orElseThrow();
    }

    @Test
    void breach_assignedTicket_toldToTheAssigneeOnly() {
        EngineFixture f = fixture();
        assignedToAlice(f);

        Outcome breach = f.tickAt(60 * S);

        assertThat(notificationOf(breach, SlaBreached.class).recipients())
                .as("before the fix the manager heard the breach with everyone").containsExactly("alice");
        assertThat(notificationOf(breach, FollowUpRequested.class).recipients()).containsExactly("alice");
    }

    @Test
    void ladder_leadAt10MinutesManagerAt30_eachRungToItsAudience() {
        EngineFixture f = fixture();
        assignedToAlice(f);
        f.tickAt(60 * S);

        Outcome lead = f.tickAt(60 * S + 10 * M);
        Outcome manager = f.tickAt(60 * S + 30 * M);

        assertThat(single(lead, SlaEscalated.class).escalatedTo()).isEqualTo("lead-chen");
        assertThat(notificationOf(lead, SlaEscalated.class).recipients()).as("the manager waits for the 30 min rung")
                .containsExactlyInAnyOrder("alice", "lead-chen");
        assertThat(single(manager, SlaEscalated.class).escalatedTo()).isEqualTo("mgr-zhou");
        assertThat(notificationOf(manager, SlaEscalated.class).recipients())
                .containsExactlyInAnyOrder("alice", "lead-chen", "mgr-zhou");
        assertThat(notificationOf(manager, SlaEscalated.class).mustAct()).isEqualTo("mgr-zhou");
    }

    @Test
    void ladder_unassignedTicket_escalatedToQueueSupervisorsByName() {
        EngineFixture f = fixture();
        f.createId(f.ticket().tier(CustomerTier.VIP));
        f.tickAt(60 * S);

        Outcome lead = f.tickAt(60 * S + 10 * M);

        SlaEscalated rung = single(lead, SlaEscalated.class);
        assertThat(rung.escalatedTo()).as("never null").isEqualTo("sup-li,sup-wang");
        assertThat(notificationOf(lead, SlaEscalated.class).recipients()).containsExactlyInAnyOrder("sup-li", "sup-wang");
    }

    @Test
    void ladder_unassignedTicketInAQueueWithoutSupervisors_escalatedToTheDefaultQueuesSupervisors() {
        EngineFixture f = new EngineFixture(config().queue(queue("general").supervisors("sup-wang", "sup-li"))
                .queue(queue("billing")).build(), sla());
        f.createId(f.ticket().tier(CustomerTier.VIP).queue("billing"));
        f.tickAt(60 * S);

        Outcome lead = f.tickAt(60 * S + 10 * M);

        assertThat(single(lead, SlaEscalated.class).escalatedTo()).isEqualTo("sup-li,sup-wang");
    }

    @Test
    void ladder_ownerNamesNoLead_leadRungGoesToQueueSupervisors() {
        EngineFixture f = fixture();
        f.online(agent("bob"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);
        f.tickAt(60 * S);

        Outcome lead = f.tickAt(60 * S + 10 * M);

        assertThat(single(lead, SlaEscalated.class).escalatedTo()).isEqualTo("sup-li,sup-wang");
        assertThat(notificationOf(lead, SlaEscalated.class).recipients())
                .containsExactlyInAnyOrder("bob", "sup-li", "sup-wang");
    }

    @Test
    void followUp_agentRepliesBeforeDue_doneAndNeverOverdue() {
        EngineFixture f = fixture();
        String t = assignedToAlice(f);
        f.tickAt(60 * S);

        f.at(2 * M);
        Outcome reply = f.run(new Command.Reply(t, "sorry for the wait", "agent:alice"));

        FollowUpDone done = single(reply, FollowUpDone.class);
        assertThat(done.reason()).isEqualTo("agent_reply");
        assertThat(done.dueAt()).isEqualTo(T0 + 60 * S + 15 * M);
        assertThat(events(f.tickAt(60 * S + 16 * M), FollowUpOverdue.class)).isEmpty();
        ReplayHarness.assertReplayMatches(f, "follow-up done");
    }

    @Test
    void followUp_notDoneByDue_overdueAlertToAssigneeAndLead() {
        EngineFixture f = fixture();
        String t = assignedToAlice(f);
        f.tickAt(60 * S);

        assertThat(events(f.tickAt(60 * S + 15 * M - 1), FollowUpOverdue.class)).isEmpty();
        Outcome due = f.tickAt(60 * S + 15 * M);

        FollowUpOverdue overdue = single(due, FollowUpOverdue.class);
        assertThat(overdue.agentId()).isEqualTo("alice");
        assertThat(notificationOf(due, FollowUpOverdue.class).recipients()).containsExactlyInAnyOrder("alice",
                "lead-chen");
        assertThat(events(f.tickAt(60 * S + 20 * M), FollowUpOverdue.class)).as("once").isEmpty();
        // still done afterwards, by an explicit call
        Outcome done = f.run(new Command.CompleteFollowUp(t, "phoned the customer", "agent:alice"));
        assertThat(single(done, FollowUpDone.class).reason()).isEqualTo("phoned the customer");
        ReplayHarness.assertReplayMatches(f, "follow-up overdue");
    }

    @Test
    void followUp_explicitCallWithoutOpenFollowUp_refusedAndNothingRecorded() {
        EngineFixture f = fixture();
        String t = assignedToAlice(f);

        Outcome refused = f.run(new Command.CompleteFollowUp(t, "nothing to do", "agent:alice"));

        assertThat(refused.ok()).isFalse();
        assertThat(refused.rejection().kind()).isEqualTo(Rejection.Kind.CONFLICT);
        assertThat(refused.events()).isEmpty();
    }
}

package io.switchboard.engine;

import static io.switchboard.engine.EngineFixture.T0;
import static io.switchboard.engine.EngineFixture.agent;
import static io.switchboard.engine.EngineFixture.config;
import static io.switchboard.engine.EngineFixture.events;
import static io.switchboard.engine.EngineFixture.queue;
import static io.switchboard.engine.EngineFixture.single;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.DomainEvent.SlaBreached;
import io.switchboard.core.event.DomainEvent.SlaPolicyApplied;
import io.switchboard.core.routing.OverflowStep;
import io.switchboard.core.sla.BusinessCalendar;
import io.switchboard.core.sla.SlaConfig;
import io.switchboard.core.sla.SlaMetric;
import io.switchboard.core.sla.SlaPolicy;
import io.switchboard.core.sla.SlaTargets;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.TicketStatus;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The policy chosen again after a change (issue 19 §4, survivors of SlaChoice): which reason the
 * timeline gives, and what deadlines the recorded decision carries for clocks that run, stopped,
 * breached, were overdue without a breach yet, or are new to the ticket.
 */
class SlaPolicyChoiceTest {
    private static final long S = 1000;
    private static final long M = 60 * S;
    private static final long H = 60 * M;
    private static final BusinessCalendar ALWAYS = BusinessCalendar.alwaysOpen("24x7", ZoneOffset.UTC);

    private static SlaPolicy policy(String name, Set<CustomerTier> tiers, Set<Priority> priorities, Set<String> queues,
            long first, long resolution) {
        return new SlaPolicy(name, tiers, priorities, Set.of(), Set.of(), queues, new SlaTargets(first, 0, resolution),
                ALWAYS, List.of(), List.of());
    }

    /** urgent: 2 min / 1 h; vip: 60 s / 8 h; tech queue: 10 min; basic (everything else): 5 min, no resolution target. */
    private static SlaConfig sla() {
        return new SlaConfig(List.of(
                policy("urgent", Set.of(), Set.of(Priority.URGENT), Set.of(), 2 * M, H),
                policy("vip", Set.of(CustomerTier.VIP), Set.of(), Set.of(), 60 * S, 8 * H),
                policy("tech", Set.of(), Set.of(), Set.of("tech"), 10 * M, 0),
                policy("basic", Set.of(CustomerTier.STANDARD), Set.of(), Set.of(), 5 * M, 0)),
                List.of(), 0, 0, 0, 0, Map.of());
    }

    private static EngineFixture fixture(EngineFixture.QueueBuilder general) {
        return new EngineFixture(config().queue(general).queue(queue("tech")).offerTimeout(Channel.CHAT, 24 * H)
                .build(), sla());
    }

    private static EngineFixture fixture() {
        return fixture(queue("general"));
    }

    @Test
    void overflowRaisesPriority_newPolicyMatches_recordedAsPriorityRaisedKeepingTimeSpent() {
        EngineFixture f = fixture(queue("general").overflow(new OverflowStep.RaisePriority(M, Priority.URGENT)));
        String t = f.createId(f.ticket());

        Outcome overflow = f.tickAt(M);

        SlaPolicyApplied applied = single(overflow, SlaPolicyApplied.class);
        assertThat(applied.reason()).isEqualTo("priority_raised");
        assertThat(applied.decision().policy()).isEqualTo("urgent");
        assertThat(applied.decision().deadlines()).containsEntry(SlaMetric.FIRST_RESPONSE, T0 + 2 * M)
                .containsEntry(SlaMetric.RESOLUTION, T0 + H);
        assertThat(f.ticket(t).sla().policy()).isEqualTo("urgent");
    }

    @Test
    void overflowMovesToQueueWithItsOwnPolicy_recordedAsQueueChanged() {
        EngineFixture f = fixture(queue("general").overflow(new OverflowStep.MoveToQueue(M, "tech")));
        String t = f.createId(f.ticket());

        Outcome overflow = f.tickAt(M);

        SlaPolicyApplied applied = single(overflow, SlaPolicyApplied.class);
        assertThat(applied.reason()).isEqualTo("queue_changed");
        assertThat(applied.decision().policy()).isEqualTo("tech");
        assertThat(applied.decision().deadlines()).containsOnly(Map.entry(SlaMetric.FIRST_RESPONSE, T0 + 10 * M));
        assertThat(f.ticket(t).queue()).isEqualTo("tech");
    }

    @Test
    void transferToQueueWithItsOwnPolicy_recordedAsQueueChanged() {
        EngineFixture f = fixture();
        String t = f.createId(f.ticket());
        f.at(M);

        SlaPolicyApplied applied = single(f.transfer(t, "tech", null, null), SlaPolicyApplied.class);

        assertThat(applied.reason()).isEqualTo("queue_changed");
        assertThat(applied.decision().policy()).isEqualTo("tech");
    }

    @Test
    void reprioritize_noPolicyMatchesAnyMore_clocksGoAndNothingFallsDue() {
        SlaConfig vipOnly = new SlaConfig(List.of(policy("vip", Set.of(CustomerTier.VIP), Set.of(), Set.of(), 60 * S,
                8 * H)), List.of(), 0, 0, 0, 0, Map.of());
        EngineFixture f = new EngineFixture(config().build(), vipOnly);
        String t = f.createId(f.ticket().tier(CustomerTier.VIP));
        f.at(10 * S);

        Outcome downgraded = f.run(new Command.Reprioritize(t, null, CustomerTier.STANDARD, "downgraded", "api"));

        SlaPolicyApplied applied = single(downgraded, SlaPolicyApplied.class);
        assertThat(applied.reason()).isEqualTo("priority_changed");
        assertThat(applied.decision().policy()).isNull();
        assertThat(f.ticket(t).sla().policy()).isNull();
        assertThat(f.ticket(t).sla().clocks()).isEmpty();
        assertThat(events(f.tickAt(9 * H), SlaBreached.class)).isEmpty();
    }

    @Test
    void reprioritize_afterTheFirstReply_stoppedClockGetsNoDeadlineTheOthersDo() {
        EngineFixture f = fixture();
        f.online(agent("alice"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);
        f.at(30 * S);
        f.run(new Command.Reply(t, "hello", "agent:alice"));
        f.at(M);

        Outcome upgraded = f.run(new Command.Reprioritize(t, null, CustomerTier.VIP, "upgraded", "api"));

        SlaPolicyApplied applied = single(upgraded, SlaPolicyApplied.class);
        assertThat(applied.decision().policy()).isEqualTo("vip");
        assertThat(applied.decision().deadlines()).containsOnly(Map.entry(SlaMetric.RESOLUTION, T0 + 8 * H));
        assertThat(f.ticket(t).sla().clocks().get(SlaMetric.FIRST_RESPONSE).stoppedAt()).isEqualTo(T0 + 30 * S);
    }

    @Test
    void reprioritize_breachedClock_keepsTheMissedDeadline() {
        EngineFixture f = fixture();
        String t = f.createId(f.ticket());
        assertThat(events(f.tickAt(5 * M), SlaBreached.class)).hasSize(1);
        f.at(6 * M);

        Outcome upgraded = f.run(new Command.Reprioritize(t, null, CustomerTier.VIP, "upgraded", "api"));

        assertThat(single(upgraded, SlaPolicyApplied.class).decision().deadlines())
                .containsEntry(SlaMetric.FIRST_RESPONSE, T0 + 5 * M);
        assertThat(f.ticket(t).sla().clocks().get(SlaMetric.FIRST_RESPONSE).dueAt()).isEqualTo(T0 + 5 * M);
    }

    @Test
    void reprioritize_newTargetAlreadySpentButNotYetBreached_dueNowNotInThePast() {
        EngineFixture f = fixture();
        String t = f.createId(f.ticket());
        f.at(3 * M);

        Outcome upgraded = f.run(new Command.Reprioritize(t, null, CustomerTier.VIP, "upgraded", "api"));

        assertThat(single(upgraded, SlaPolicyApplied.class).decision().deadlines())
                .containsEntry(SlaMetric.FIRST_RESPONSE, T0 + 3 * M)
                .containsEntry(SlaMetric.RESOLUTION, T0 + 8 * H);
        assertThat(single(f.tickAt(3 * M), SlaBreached.class).dueAt()).isEqualTo(T0 + 3 * M);
    }

    @Test
    void reprioritize_whilePendingOnTheCustomer_newClockHasNoDeadlineUntilTheCustomerAnswers() {
        EngineFixture f = fixture();
        f.online(agent("alice"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);
        f.run(new Command.MarkPending(t, TicketStatus.PENDING_CUSTOMER, "waiting", "agent:alice"));
        f.at(M);

        Outcome upgraded = f.run(new Command.Reprioritize(t, null, CustomerTier.VIP, "upgraded", "api"));

        SlaPolicyApplied applied = single(upgraded, SlaPolicyApplied.class);
        assertThat(applied.decision().deadlines()).doesNotContainKey(SlaMetric.RESOLUTION);
        assertThat(applied.decision().targets()).containsEntry(SlaMetric.RESOLUTION, 8 * H);
        f.at(2 * M);
        f.run(new Command.CustomerMessage(t, "here it is", "customer"));
        assertThat(f.ticket(t).sla().clocks().get(SlaMetric.RESOLUTION).dueAt()).isEqualTo(T0 + 8 * H + M);
    }
}

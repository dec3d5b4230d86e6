package io.switchboard.engine;

import static io.switchboard.engine.EngineFixture.T0;
import static io.switchboard.engine.EngineFixture.agent;
import static io.switchboard.engine.EngineFixture.config;
import static io.switchboard.engine.EngineFixture.events;
import static io.switchboard.engine.EngineFixture.queue;
import static io.switchboard.engine.EngineFixture.single;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.FollowUpOverdue;
import io.switchboard.core.event.DomainEvent.HandoffOverdue;
import io.switchboard.core.event.DomainEvent.IdleEscalated;
import io.switchboard.core.event.DomainEvent.PendingReminder;
import io.switchboard.core.event.DomainEvent.TicketUnroutable;
import io.switchboard.core.routing.RoutingConfig;
import io.switchboard.core.sla.BusinessCalendar;
import io.switchboard.core.sla.SlaConfig;
import io.switchboard.core.sla.SlaPolicy;
import io.switchboard.core.sla.SlaTargets;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.TicketStatus;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The care timers (handoff, pending reminder, idle, follow-up, unroutable) alert once per spell,
 * also across a restart: the replayed journal re-arms each ticket's latest timer, and the alert
 * already journaled must keep it from firing again. Also who hears an idle escalation when the
 * owner supervises the queue too (issue 19 §4, survivors of CareTimers).
 */
class CareTimersRestartTest {
    private static final long S = 1000;
    private static final long M = 60 * S;
    private static final long H = 60 * M;

    /** First response 60 s; follow-up 15 min; idle 2 h; pending reminder 48 h; handoff to technical 2 h. */
    private static SlaConfig sla() {
        SlaPolicy all = new SlaPolicy("all", Set.of(), Set.of(), Set.of(), Set.of(), Set.of(),
                new SlaTargets(60 * S, 0, 0), BusinessCalendar.alwaysOpen("24x7", ZoneOffset.UTC), List.of(),
                List.of());
        return new SlaConfig(List.of(all), List.of(), 15 * M, 2 * H, 48 * H, 0, Map.of("technical", 2 * H));
    }

    private static RoutingConfig routing() {
        return config().teams("support", "technical").queue(queue("general").supervisors("sup-wang"))
                .offerTimeout(Channel.CHAT, 24 * H).unroutableAfter(5 * M).build();
    }

    private static EngineFixture fixture() {
        return new EngineFixture(routing(), sla());
    }

    /** The engine rebuilt from the fixture's journal, as a restart would. */
    private static Engine restarted(EngineFixture f) {
        Engine engine = new Engine(f.config, f.sla, f.now());
        engine.replay(f.journal);
        return engine;
    }

    private static <E extends DomainEvent> List<E> afterRestart(EngineFixture f, long atMillisAfterT0, Class<E> type) {
        return events(restarted(f).handle(new Command.Tick(), T0 + atMillisAfterT0), type);
    }

    @Test
    void handoffOverdue_alertedThenRestarted_notAlertedAgain() {
        EngineFixture f = fixture();
        f.online(agent("alice"));
        f.connectedAway(agent("tom").team("technical"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);
        f.run(new Command.Reply(t, "passing you on", "agent:alice"));
        assertThat(f.transfer(t, null, "technical", null).ok()).isTrue();
        assertThat(single(f.tickAt(2 * H), HandoffOverdue.class).team()).isEqualTo("technical");

        assertThat(afterRestart(f, 3 * H, HandoffOverdue.class)).isEmpty();
    }

    @Test
    void pendingReminder_sentThenRestarted_notSentAgain() {
        EngineFixture f = fixture();
        f.online(agent("alice"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);
        f.run(new Command.Reply(t, "order number?", "agent:alice"));
        f.run(new Command.MarkPending(t, TicketStatus.PENDING_CUSTOMER, "waiting", "agent:alice"));
        assertThat(single(f.tickAt(48 * H), PendingReminder.class).agentId()).isEqualTo("alice");

        assertThat(afterRestart(f, 49 * H, PendingReminder.class)).isEmpty();
    }

    @Test
    void idleEscalated_thenRestarted_notEscalatedAgainUntilNewActivity() {
        EngineFixture f = fixture();
        f.online(agent("alice").lead("lead-chen"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);
        f.run(new Command.Reply(t, "on it", "agent:alice"));
        assertThat(events(f.tickAt(2 * H), IdleEscalated.class)).hasSize(1);

        assertThat(afterRestart(f, 5 * H, IdleEscalated.class)).isEmpty();
    }

    @Test
    void followUpOverdue_alertedThenRestarted_notAlertedAgain() {
        EngineFixture f = fixture();
        f.online(agent("alice"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);
        f.tickAt(60 * S);
        assertThat(single(f.tickAt(60 * S + 15 * M), FollowUpOverdue.class).ticketId()).isEqualTo(t);

        assertThat(afterRestart(f, H, FollowUpOverdue.class)).isEmpty();
    }

    @Test
    void unroutable_alertedThenRestarted_notAlertedAgain() {
        EngineFixture f = fixture();
        f.online(agent("alice"));
        String t = f.createId(f.ticket().skill("tech", 5));
        assertThat(single(f.tickAt(5 * M), TicketUnroutable.class).ticketId()).isEqualTo(t);

        assertThat(afterRestart(f, H, TicketUnroutable.class)).isEmpty();
    }

    @Test
    void idleEscalation_ownerAlsoSupervisesTheQueue_notToldAboutTheirOwnTicket() {
        EngineFixture f = new EngineFixture(config().queue(queue("general").supervisors("alice", "sup-wang"))
                .offerTimeout(Channel.CHAT, 24 * H).build(), sla());
        f.online(agent("alice").lead("lead-chen").manager("mgr-zhou"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);

        Outcome idle = f.tickAt(2 * H);

        assertThat(single(idle, IdleEscalated.class).ticketId()).isEqualTo(t);
        assertThat(idle.notifications()).filteredOn(n -> n.event() instanceof IdleEscalated).singleElement()
                .satisfies(n -> assertThat(n.recipients()).containsExactlyInAnyOrder("lead-chen", "mgr-zhou", "sup-wang"));
    }
}

package io.switchboard.engine;

import static io.switchboard.engine.EngineFixture.agent;
import static io.switchboard.engine.EngineFixture.config;
import static io.switchboard.engine.EngineFixture.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.agent.Presence;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.AgentDisconnected;
import io.switchboard.core.event.DomainEvent.OfferWithdrawn;
import io.switchboard.core.event.DomainEvent.TicketOffered;
import io.switchboard.core.event.DomainEvent.TicketReleased;
import io.switchboard.core.routing.RoutingConfig;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.TicketStatus;
import io.switchboard.store.Compaction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a restart promises, asserted as named: tickets come back in their original arrival order,
 * connected agents get their grace period from the restart, and a second restart replays the
 * first restart's own decisions instead of taking them again.
 */
class RestartTest {
    private static final long GRACE = seconds(60);

    private static RoutingConfig routing() {
        return config().grace(GRACE).offerTimeout(Channel.CHAT, seconds(600)).build();
    }

    /** alice (one chat) holds t1 assigned and t2... on offer to bob; t3..t6 wait, created a second apart. */
    private static EngineFixture beforeShutdown(List<String> created) {
        EngineFixture f = new EngineFixture(routing());
        f.online(agent("alice").onlyCapacity(Channel.CHAT, 1));
        f.online(agent("bob").onlyCapacity(Channel.CHAT, 1));
        for (int i = 0; i < 6; i++) {
            f.at(seconds(i + 1));
            created.add(f.createId(f.ticket()));
        }
        f.acceptOffer(created.get(0)); // alice has t1; t2 is on offer to bob
        return f;
    }

    private static List<DomainEvent> journalThen(List<DomainEvent> journal, Engine.Recovery recovery) {
        List<DomainEvent> all = new ArrayList<>(journal);
        all.addAll(recovery.startup().events());
        return all;
    }

    @Test
    void restore_waitingAndOfferedTickets_offeredBackInOriginalArrivalOrder() {
        List<String> created = new ArrayList<>();
        EngineFixture f = beforeShutdown(created);
        assertThat(f.ticket(created.get(1)).status()).isEqualTo(TicketStatus.OFFERED);
        long restartAt = f.now() + seconds(10);

        Engine.Recovery recovery = Engine.restore(f.config, f.sla, Compaction.compact(f.journal), restartAt);
        Engine engine = recovery.engine();
        engine.handle(new Command.UpsertAgent(agent("carol").onlyCapacity(Channel.CHAT, 10).build()), restartAt);
        engine.handle(new Command.Connect("carol", "carol-s1"), restartAt);
        Outcome available = engine.handle(new Command.SetPresence("carol", "carol-s1", Presence.AVAILABLE), restartAt);

        assertThat(available.events().stream().filter(TicketOffered.class::isInstance)
                .map(e -> ((TicketOffered) e).ticketId()).toList())
                .as("t2 (re-queued from its offer) and t3..t6, oldest first")
                .containsExactlyElementsOf(created.subList(1, 6));
    }

    @Test
    void restore_connectedAgentWithAssignedTicket_keepsItUntilGraceFromTheRestartEnds() {
        List<String> created = new ArrayList<>();
        EngineFixture f = beforeShutdown(created);
        String t1 = created.get(0);
        long restartAt = f.now() + seconds(3_600); // down for an hour: grace counts from the restart

        Engine.Recovery recovery = Engine.restore(f.config, f.sla, f.journal, restartAt);
        Engine engine = recovery.engine();

        assertThat(recovery.startup().events()).filteredOn(AgentDisconnected.class::isInstance)
                .extracting(e -> ((AgentDisconnected) e).graceUntil()).containsOnly(restartAt + GRACE);
        assertThat(engine.handle(new Command.Tick(), restartAt + GRACE - 1).events())
                .as("inside the grace period nothing is released").noneMatch(TicketReleased.class::isInstance);
        assertThat(((TicketView) engine.handle(new Command.GetTicket(t1), restartAt + GRACE - 1).value()).assignee())
                .isEqualTo("alice");

        List<DomainEvent> expired = engine.handle(new Command.Tick(), restartAt + GRACE).events();

        assertThat(expired).filteredOn(TicketReleased.class::isInstance)
                .extracting(e -> ((TicketReleased) e).ticketId()).containsExactly(t1);
    }

    @Test
    void restore_agentReconnectsWithinGrace_keepsItsTicket() {
        List<String> created = new ArrayList<>();
        EngineFixture f = beforeShutdown(created);
        long restartAt = f.now() + seconds(5);
        Engine engine = Engine.restore(f.config, f.sla, f.journal, restartAt).engine();

        engine.handle(new Command.Connect("alice", "alice-s9"), restartAt + GRACE / 2);
        List<DomainEvent> later = engine.handle(new Command.Tick(), restartAt + GRACE * 3).events();

        assertThat(later).noneMatch(TicketReleased.class::isInstance);
        assertThat(((TicketView) engine.handle(new Command.GetTicket(created.get(0)), restartAt + GRACE * 3).value())
                .assignee()).isEqualTo("alice");
    }

    @Test
    void restore_secondRestart_replaysTheFirstRestartsDecisionsWithoutTakingThemAgain() {
        List<String> created = new ArrayList<>();
        EngineFixture f = beforeShutdown(created);
        long firstRestart = f.now() + seconds(10);
        Engine.Recovery first = Engine.restore(f.config, f.sla, f.journal, firstRestart);
        assertThat(first.startup().events()).as("the first restart revokes the offer and starts both graces")
                .hasAtLeastOneElementOfType(OfferWithdrawn.class).hasAtLeastOneElementOfType(AgentDisconnected.class);
        List<DomainEvent> journaled = journalThen(f.journal, first);
        long secondRestart = firstRestart + seconds(20);

        Engine.Recovery second = Engine.restore(f.config, f.sla, Compaction.compact(journaled), secondRestart);

        assertThat(second.startup().events()).as("nothing left to decide: no offer open, no session held").isEmpty();
        EngineState afterFirst = ReplayHarness.liveState(first.engine());
        EngineState afterSecond = ReplayHarness.liveState(second.engine());
        assertThat(ReplayHarness.snapshot(afterSecond)).isEqualTo(ReplayHarness.snapshot(afterFirst));
        assertThat(afterSecond.agents.get("alice").graceUntil()).as("grace still from the first restart")
                .isEqualTo(firstRestart + GRACE);
        assertThat(second.engine().handle(new Command.Tick(), firstRestart + GRACE).events())
                .as("released when the first restart's grace ends").filteredOn(TicketReleased.class::isInstance)
                .extracting(e -> ((TicketReleased) e).ticketId()).containsExactly(created.get(0));
    }
}

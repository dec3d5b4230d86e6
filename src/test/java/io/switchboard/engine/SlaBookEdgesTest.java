package io.switchboard.engine;

import static io.switchboard.engine.EngineFixture.T0;
import static io.switchboard.engine.EngineFixture.agent;
import static io.switchboard.engine.EngineFixture.config;
import static io.switchboard.engine.EngineFixture.events;
import static io.switchboard.engine.EngineFixture.queue;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.DomainEvent.HandoffOverdue;
import io.switchboard.core.sla.BusinessCalendar;
import io.switchboard.core.sla.SlaConfig;
import io.switchboard.core.sla.SlaMetric;
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
 * Clock and handoff bookkeeping that PIT found unchecked in SlaBook (issue 19 §4): resolving
 * stops the resolution clock at that instant; a handoff to a team without a limit is not
 * watched; a handoff once accepted is not overdue when the ticket later waits again.
 */
class SlaBookEdgesTest {
    private static final long S = 1000;
    private static final long M = 60 * S;
    private static final long H = 60 * M;

    /** First response 60 s, resolution 8 h; handoff to technical within 2 h, other teams unwatched. */
    private static EngineFixture fixture() {
        SlaPolicy all = new SlaPolicy("all", Set.of(), Set.of(), Set.of(), Set.of(), Set.of(),
                new SlaTargets(60 * S, 0, 8 * H), BusinessCalendar.alwaysOpen("24x7", ZoneOffset.UTC), List.of(),
                List.of());
        SlaConfig sla = new SlaConfig(List.of(all), List.of(), 0, 0, 0, 0, Map.of("technical", 2 * H));
        return new EngineFixture(config().teams("support", "technical", "billing").queue(queue("general"))
                .queue(queue("other")).offerTimeout(Channel.CHAT, 24 * H).build(), sla);
    }

    @Test
    void resolve_runningResolutionClock_stoppedAtTheResolution() {
        EngineFixture f = fixture();
        f.online(agent("alice"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);
        f.at(10 * M);

        f.resolve(t);

        assertThat(f.ticket(t).sla().clocks().get(SlaMetric.RESOLUTION).stoppedAt()).isEqualTo(T0 + 10 * M);
        assertThat(f.ticket(t).sla().clocks().get(SlaMetric.FIRST_RESPONSE).stoppedAt()).isEqualTo(T0 + 10 * M);
    }

    @Test
    void handoff_toTeamWithoutALimit_neverOverdue() {
        EngineFixture f = fixture();
        f.online(agent("alice"));
        f.connectedAway(agent("bill").team("billing"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);
        f.at(M);

        assertThat(f.transfer(t, null, "billing", null).ok()).isTrue();

        assertThat(events(f.tickAt(M + 1), HandoffOverdue.class)).isEmpty();
        assertThat(events(f.tickAt(5 * H), HandoffOverdue.class)).isEmpty();
    }

    @Test
    void handoff_acceptedThenWaitingAgain_notOverdueAtTheOldDeadline() {
        EngineFixture f = fixture();
        f.online(agent("alice"));
        f.online(agent("tina").team("technical"));
        String t = f.createId(f.ticket());
        assertThat(f.offeredTo(t)).hasSize(1);
        f.acceptOffer(t);
        f.at(M);
        assertThat(f.transfer(t, null, "technical", null).ok()).isTrue();
        f.acceptOffer(t);
        assertThat(f.ticket(t).assignee()).isEqualTo("tina");
        f.at(2 * M);
        f.away("alice");
        f.away("tina");

        assertThat(f.transfer(t, "other", null, null).ok()).isTrue();

        assertThat(f.ticket(t).status().isRouting()).isTrue();
        assertThat(events(f.tickAt(M + 2 * H), HandoffOverdue.class)).isEmpty();
    }
    /** First response 60 s, next response 3 min, resolution 8 h. */
    private static EngineFixture withNextResponse() {
        SlaPolicy all = new SlaPolicy("all", Set.of(), Set.of(), Set.of(), Set.of(), Set.of(),
                new SlaTargets(60 * S, 3 * M, 8 * H), BusinessCalendar.alwaysOpen("24x7", ZoneOffset.UTC), List.of(),
                List.of());
        return new EngineFixture(config().offerTimeout(Channel.CHAT, 24 * H).build(),
                new SlaConfig(List.of(all), List.of(), 0, 0, 0, 0, Map.of()));
    }

    @Test
    void customerMessage_beforeTheFirstReply_nextResponseClockNeverStarts() {
        EngineFixture f = withNextResponse();
        f.online(agent("alice"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);
        f.at(10 * S);
        f.run(new Command.CustomerMessage(t, "hello?", "customer"));
        f.at(30 * S);

        f.run(new Command.Reply(t, "hi", "agent:alice"));

        SlaView.Clock next = f.ticket(t).sla().clocks().get(SlaMetric.NEXT_RESPONSE);
        assertThat(next.stoppedAt()).as("the first response covered that message").isZero();
        assertThat(next.dueAt()).as("no deadline").isNegative();
    }

    @Test
    void customerMessage_whilePendingCustomerWithTheNextResponseDue_keepsCountingFromTheUnansweredMessage() {
        EngineFixture f = withNextResponse();
        f.online(agent("alice"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);
        f.run(new Command.Reply(t, "hi", "agent:alice"));
        f.at(M);
        f.run(new Command.CustomerMessage(t, "still broken", "customer"));
        f.at(2 * M);
        f.run(new Command.MarkPending(t, TicketStatus.PENDING_CUSTOMER, "asked for the order number",
                "agent:alice"));
        f.at(5 * M);

        f.run(new Command.CustomerMessage(t, "order A-1", "customer"));

        assertThat(f.ticket(t).sla().clocks().get(SlaMetric.NEXT_RESPONSE).dueAt())
                .as("1 min spent before the pause, 2 min left from the resume").isEqualTo(T0 + 7 * M);
    }
    @Test
    void autoClose_resolvedTicketWithoutReply_closedAndTheOwnerToldWithTheClosedTicket() {
        SlaPolicy all = new SlaPolicy("all", Set.of(), Set.of(), Set.of(), Set.of(), Set.of(),
                new SlaTargets(60 * S, 0, 8 * H), BusinessCalendar.alwaysOpen("24x7", ZoneOffset.UTC), List.of(),
                List.of());
        EngineFixture f = new EngineFixture(config().offerTimeout(Channel.CHAT, 24 * H).build(),
                new SlaConfig(List.of(all), List.of(), 0, 0, 0, H, Map.of()));
        f.online(agent("alice"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);
        f.resolve(t);

        Outcome closed = f.tickAt(H);

        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.CLOSED);
        assertThat(EngineFixture.pushes(closed, AgentPush.Kind.TICKET_UPDATED)).singleElement().satisfies(p -> {
            assertThat(p.agentId()).isEqualTo("alice");
            assertThat(p.ticket().status()).isEqualTo(TicketStatus.CLOSED);
        });
    }
}

package io.switchboard.engine;

import static io.switchboard.engine.EngineFixture.agent;
import static io.switchboard.engine.EngineFixture.config;
import static io.switchboard.engine.EngineFixture.events;
import static io.switchboard.engine.EngineFixture.single;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.TicketArchived;
import io.switchboard.core.sla.SlaConfig;
import io.switchboard.core.ticket.TicketStatus;
import io.switchboard.store.EventCodec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A closed ticket leaves the engine after its retention, with its final state in the event. */
class ArchivingTest {
    private static final long HOUR = 3_600_000;

    private EngineFixture fixture(long archiveAfterMillis) {
        EngineFixture f = new EngineFixture(config().build(), SlaFixtures.shortTimers(),
                new Retention(archiveAfterMillis));
        f.online(agent("ann"));
        return f;
    }

    /** Creates a ticket for {@code customer}, resolves and closes it at the fixture's time; returns its id. */
    private static String closedTicket(EngineFixture f, String customer) {
        String id = f.createId(f.ticket().customer(customer));
        f.acceptOffer(id);
        assertThat(f.resolve(id).ok()).isTrue();
        assertThat(f.close(id).ok()).isTrue();
        return id;
    }

    @Test
    void archive_afterRetention_dropsTicketAndRecordsItsFinalView() {
        EngineFixture f = fixture(HOUR);
        f.at(1_000);
        String id = closedTicket(f, "c1");
        TicketView before = f.ticket(id);
        List<DomainEvent.TicketEvent> timeline = f.timeline(id);

        assertThat(events(f.tickAt(HOUR), TicketArchived.class)).as("still within retention").isEmpty();
        TicketArchived archived = single(f.tickAt(1_000 + HOUR), TicketArchived.class);

        assertThat(archived.ticketId()).isEqualTo(id);
        assertThat(archived.reason()).isEqualTo("retention");
        assertThat(archived.ticket().status()).isEqualTo(TicketStatus.CLOSED);
        assertThat(ArchivedViews.ticket(archived.ticket(), timeline)).isEqualTo(before);
        assertThat(f.engine.handle(new Command.GetTicket(id), f.now()).rejection().kind())
                .isEqualTo(Rejection.Kind.NOT_FOUND);
        assertThat(ReplayHarness.liveState(f.engine).tickets.all()).isEmpty();
    }

    @Test
    void archive_zeroRetention_archivesAtTheNextTick() {
        EngineFixture f = fixture(0);
        String id = closedTicket(f, "c1");
        assertThat(single(f.tickAt(1), TicketArchived.class).ticketId()).isEqualTo(id);
    }

    @Test
    void archive_resolvedButNotClosed_staysInEngine() {
        EngineFixture f = new EngineFixture(config().build(), SlaConfig.none(), new Retention(0));
        f.online(agent("ann"));
        String id = f.createId(f.ticket().customer("c1"));
        f.acceptOffer(id);
        assertThat(f.resolve(id).ok()).isTrue();
        assertThat(events(f.tickAt(HOUR), TicketArchived.class)).isEmpty();
        assertThat(f.ticket(id).status()).isEqualTo(TicketStatus.RESOLVED);
    }

    @Test
    void archive_neverRetention_keepsClosedTickets() {
        EngineFixture f = new EngineFixture(config().build(), SlaConfig.none(), Retention.NEVER);
        f.online(agent("ann"));
        String id = closedTicket(f, "c1");
        assertThat(events(f.tickAt(1000 * HOUR), TicketArchived.class)).isEmpty();
        assertThat(f.ticket(id).status()).isEqualTo(TicketStatus.CLOSED);
    }

    @Test
    void replay_withArchivedTickets_restoresOnlyOpenWorkAndCounters() {
        EngineFixture f = fixture(0);
        String first = closedTicket(f, "c1");
        f.tickAt(1);
        String open = f.createId(f.ticket().customer("c2"));

        Engine restored = Engine.fromHistory(f.config, f.sla, new Retention(0), roundTrip(f.journal));

        EngineState state = ReplayHarness.liveState(restored);
        assertThat(state.tickets.all()).extracting(io.switchboard.core.ticket.Ticket::id).containsOnly(open);
        assertThat(ReplayHarness.snapshot(state)).isEqualTo(ReplayHarness.snapshot(ReplayHarness.liveState(f.engine)));
        assertThat(first).isNotEqualTo(open);
    }

    @Test
    void replay_onlyTheLastArchiveEventOfAnArchivedTicket_neverReusesIds() {
        EngineFixture f = fixture(0);
        closedTicket(f, "c1");
        String second = closedTicket(f, "c2");
        TicketArchived last = null;
        f.tickAt(1);
        for (DomainEvent event : f.journal) {
            if (event instanceof TicketArchived archived) {
                last = archived;
            }
        }
        assertThat(last).isNotNull();
        List<DomainEvent> compacted = new ArrayList<>();
        for (DomainEvent event : f.journal) {
            if (event instanceof DomainEvent.AgentEvent) {
                compacted.add(event);
            }
        }
        compacted.add(last);

        Engine restored = Engine.restore(f.config, f.sla, new Retention(0), compacted, f.now()).engine();
        Outcome created = restored.handle(new Command.CreateTicket(f.ticket().customer("c3").build(), null, null,
                "api"), f.now());

        assertThat(((TicketView) created.value()).id()).isNotIn(second, "tkt_1", "tkt_2").isEqualTo("tkt_3");
        assertThat(ReplayHarness.liveState(restored).offerSeq).as("offer ids continue after the archived ones")
                .isEqualTo(TicketOfferedIds.maxIn(f.journal)).isPositive();
    }

    @Test
    void archive_lastTicketOfCustomer_forgetsTheCustomersAgent() {
        EngineFixture f = fixture(0);
        closedTicket(f, "c1");
        assertThat(ReplayHarness.liveState(f.engine).affinity.describe()).containsKey("c1");
        f.tickAt(1);
        assertThat(ReplayHarness.liveState(f.engine).affinity.describe()).doesNotContainKey("c1");
    }

    @Test
    void archive_manyTickets_timersFollowOpenWorkNotHistory() {
        EngineFixture f = fixture(0);
        // open work across the two sweeps: its offer's expiry timer must survive them (PIT found a
        // sweep that dropped every timer unnoticed)
        String open = f.createId(f.ticket().customer("open"));
        DomainEvent.TicketOffered offer = f.lastOffer(open);
        for (int i = 0; i < 10_000; i++) {
            closedTicket(f, "c" + i);
            f.tickAt(i + 1);
        }
        EngineState state = ReplayHarness.liveState(f.engine);
        assertThat(state.tickets.all()).extracting(io.switchboard.core.ticket.Ticket::id).containsOnly(open);
        assertThat(state.affinity.size()).isZero();
        assertThat(state.timers.size()).as("dead timers of archived tickets are swept")
                .isLessThan(2 * 4096 + 100);

        Outcome expired = f.tickAt(offer.expiresAt() - EngineFixture.T0);
        assertThat(single(expired, DomainEvent.OfferWithdrawn.class).offerId()).isEqualTo(offer.offerId());
    }

    private static List<DomainEvent> roundTrip(List<DomainEvent> events) {
        EventCodec codec = EventCodec.instance();
        List<DomainEvent> out = new ArrayList<>();
        for (DomainEvent event : events) {
            out.add(codec.decode(codec.encode(event)));
        }
        return out;
    }

    /** The largest offer number in a list of events. */
    private static final class TicketOfferedIds {
        static long maxIn(List<DomainEvent> list) {
            long max = 0;
            for (DomainEvent event : list) {
                if (event instanceof DomainEvent.TicketOffered offered) {
                    max = Math.max(max, Ids.sequenceOf(offered.offerId()));
                }
            }
            return max;
        }
    }

}

package io.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.sla.TicketSla;
import io.switchboard.core.ticket.Ticket;
import io.switchboard.core.ticket.TicketStatus;
import io.switchboard.store.EventTimelineCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Parked tickets ({@link ParkedTickets}, {@link TicketBook}): a resolved or closed ticket kept as
 * bytes must come back as exactly the ticket the engine would hold without parking, and the
 * arena must give its space back.
 */
class ParkedTicketsTest {

    /**
     * Random workloads (with SLA clocks, overflow, transfers, exclusions, reopen and close) driven
     * alike on an engine that parks and one that does not: the same events, and every ticket, parked
     * ones rebuilt, equal field by field.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 7, 42, 2024, 90210})
    void parkedTicket_afterARandomWorkload_rebuildsAsTheUnparkedTicket(long seed) {
        assertRandomWorkloadRebuilds(seed, null);
    }

    /**
     * The same with a direct-memory budget of one small chunk: the first chunk is off the heap,
     * the next ones heap arrays, and with no budget at all every chunk is on the heap; tickets come
     * back alike from both kinds, through compactions from one kind into the other.
     */
    @ParameterizedTest
    @ValueSource(longs = {7, 42})
    void parkedTicket_pastTheDirectBudgetOrWithout_rebuildsAsTheUnparkedTicket(long seed) {
        ParkedTickets mixed = assertRandomWorkloadRebuilds(seed, new ChunkMemory(64 << 10));
        assertThat(mixed.directChunkBytes()).as("the first chunk, off the heap").isEqualTo(64 << 10);
        assertThat(mixed.chunkBytes()).as("the rest on the heap").isGreaterThan(mixed.directChunkBytes());

        ParkedTickets heapOnly = assertRandomWorkloadRebuilds(seed, new ChunkMemory(0));
        assertThat(heapOnly.directChunkBytes()).isZero();
        assertThat(heapOnly.chunkBytes()).isPositive();
    }

    /** Drives a random workload with and without parking ({@code memory} null: the JVM's); returns the parking. */
    private static ParkedTickets assertRandomWorkloadRebuilds(long seed, ChunkMemory memory) {
        RandomDriver driver = new RandomDriver(seed, SlaFixtures.shortTimers());
        RandomDriver twin = new RandomDriver(seed, SlaFixtures.shortTimers(), false);
        if (memory != null) {
            EngineState fresh = driver.live();
            fresh.tickets.parkWith(new ParkedTickets(new EventTimelineCodec(), fresh.sla, memory));
        }
        driver.start();
        twin.start();
        for (int step = 0; step < 1_500; step++) {
            driver.step();
            twin.step();
        }
        assertThat(driver.f.journal).as("the same decisions, parked or not").isEqualTo(twin.f.journal);
        EngineState live = driver.live();
        EngineState unparked = twin.live();

        List<Ticket> expected = unparked.tickets.all();
        assertThat(live.tickets.size()).isEqualTo(expected.size());
        assertThat(live.tickets.liveCount()).as("resolved and closed tickets are parked")
                .isEqualTo((int) expected.stream().filter(t -> !parkable(t.status())).count());
        assertThat(expected).as("the workload resolves and closes tickets").anyMatch(t -> parkable(t.status()));
        for (Ticket same : expected) {
            assertSameTicket(live.tickets.peek(same.id()), same);
        }
        return parkedOf(live);
    }

    @Test
    void thawedTicket_reopened_staysAnObjectUntilResolvedAgain() {
        EngineFixture f = EngineFixture.standard();
        f.online(EngineFixture.agent("a1").capacity(io.switchboard.core.ticket.Channel.CHAT, 3));
        String id = f.createId(f.ticket());
        f.acceptOffer(id);
        f.resolve(id);
        EngineState state = ReplayHarness.liveState(f.engine);
        assertThat(state.tickets.liveCount()).isZero();

        f.reopen(id);
        assertThat(state.tickets.liveCount()).isEqualTo(1);
        assertThat(state.tickets.peek(id).status()).isNotIn(TicketStatus.RESOLVED, TicketStatus.CLOSED);

        ReplayHarness.assertReplayMatches(f, "after reopen");
    }

    @Test
    void arena_afterMostParkedTicketsAreThawed_compactsAndKeepsTheRest() {
        EngineFixture f = EngineFixture.standard();
        f.online(EngineFixture.agent("a1").capacity(io.switchboard.core.ticket.Channel.CHAT, 1));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            String id = f.createId(f.ticket());
            f.acceptOffer(id);
            f.resolve(id);
            ids.add(id);
        }
        EngineState state = ReplayHarness.liveState(f.engine);
        ParkedTickets parked = parkedOf(state);
        assertThat(parked.size()).isEqualTo(3_000);
        long full = parked.chunkBytes();

        // reopening thaws; every ticket but each tenth stays an object from now on
        for (int i = 0; i < ids.size(); i++) {
            if (i % 10 != 0) {
                f.reopen(ids.get(i));
            }
        }
        assertThat(parked.size()).isEqualTo(300);
        assertThat(parked.chunkBytes()).as("sparse chunks compacted").isLessThan(full / 2);
        assertThat(parked.directChunkBytes()).as("off the heap, within the JVM's budget").isEqualTo(parked.chunkBytes());
        for (int i = 0; i < ids.size(); i += 10) {
            assertThat(state.tickets.peek(ids.get(i)).status()).isEqualTo(TicketStatus.RESOLVED);
        }
        ReplayHarness.assertReplayMatches(f, "after compaction");
    }

    @Test
    void walk_overObjectsAndParkedTickets_visitsInCreationOrderAndFiltersParkedOnesUnbuilt() {
        EngineFixture f = EngineFixture.standard();
        f.online(EngineFixture.agent("a1").capacity(io.switchboard.core.ticket.Channel.CHAT, 12));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String id = f.createId(f.ticket());
            f.acceptOffer(id);
            ids.add(id);
        }
        for (int i = 0; i < ids.size(); i += 3) {
            f.resolve(ids.get(i));
        }
        EngineState state = ReplayHarness.liveState(f.engine);
        assertThat(state.tickets.all()).extracting(Ticket::id).containsExactlyElementsOf(ids);

        List<String> resolved = new ArrayList<>();
        state.tickets.walk(Ids.mintedTicketSeq(ids.get(2)),
                (status, queue, assignee, customer, channel, createdAt) -> status == TicketStatus.RESOLVED,
                t -> resolved.add(t.id()) && resolved.size() < 2);
        assertThat(resolved).containsExactly(ids.get(3), ids.get(6));

        Object page = f.engine.handle(new Command.ListTickets(TicketStatus.RESOLVED, null, null, 2, 0), f.now()).value();
        assertThat(((TicketPage) page).tickets()).extracting(TicketView::id).containsExactly(ids.get(0), ids.get(3));
    }

    @Test
    void mintedTicketSeq_onlyTheEnginesOwnSpelling_findsASeq() {
        assertThat(Ids.mintedTicketSeq("tkt_7")).isEqualTo(7);
        assertThat(Ids.mintedTicketSeq("tkt_0")).isZero();
        assertThat(Ids.mintedTicketSeq(Ids.ticket(123_456_789_012L))).isEqualTo(123_456_789_012L);
        for (String other : List.of("tkt_07", "tkt_+7", "tkt_", "tkt_7x", "ofr_7", "TKT_7", "tkt_-1",
                "tkt_9999999999999999999")) {
            assertThat(Ids.mintedTicketSeq(other)).as(other).isEqualTo(-1);
        }
    }

    private static boolean parkable(TicketStatus status) {
        return status == TicketStatus.RESOLVED || status == TicketStatus.CLOSED;
    }

    private static ParkedTickets parkedOf(EngineState state) {
        try {
            var field = TicketBook.class.getDeclaredField("parked");
            field.setAccessible(true);
            return (ParkedTickets) field.get(state.tickets);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Every field, recursively; the few made lazily (exclusions, widened teams, the SLA's rare
     * markers and issued compensations) may be absent on one side and empty on the other, so they
     * are compared through their getters. The cached demand is recomputed on use.
     */
    private static void assertSameTicket(Ticket actual, Ticket expected) {
        assertThat(actual).as(expected.id()).isNotNull();
        assertThat(actual).as(expected.id()).usingRecursiveComparison()
                .ignoringFields("demand", "exclusions", "widenedTeams", "sla.rare", "sla.compensationsIssued")
                .isEqualTo(expected);
        assertThat(actual.exclusions()).as(expected.id()).isEqualTo(expected.exclusions());
        assertThat(actual.widenedTeams()).as(expected.id()).isEqualTo(expected.widenedTeams());
        assertThat(slaMarkers(actual.sla())).as(expected.id()).isEqualTo(slaMarkers(expected.sla()));
    }

    private static Map<String, Object> slaMarkers(TicketSla sla) {
        return Map.of("handoffDeadline", sla.handoffDeadline(), "handoffTeam", String.valueOf(sla.handoffTeam()),
                "idleEscalatedFor", sla.idleEscalatedFor(), "handoffAlertedFor", sla.handoffAlertedFor(),
                "remindedFor", sla.remindedFor(), "followUpDueAt", sla.followUpDueAt(),
                "followUpOverdueFor", sla.followUpOverdueFor(), "unroutableAlertedFor", sla.unroutableAlertedFor(),
                "compensations", java.util.Arrays.toString(sla.compensationsIssued()));
    }
}

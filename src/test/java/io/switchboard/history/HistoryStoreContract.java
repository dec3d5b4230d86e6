package io.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.event.ArchivedTicket;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.AgentConnected;
import io.switchboard.core.event.DomainEvent.AgentDisconnected;
import io.switchboard.core.event.DomainEvent.AgentGraceExpired;
import io.switchboard.core.event.DomainEvent.AgentPresenceChanged;
import io.switchboard.core.event.DomainEvent.CompensationIssued;
import io.switchboard.core.event.DomainEvent.TicketArchived;
import io.switchboard.core.event.DomainEvent.TicketEvent;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.TicketStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link HistoryStore} backend must show, run against real engines (DuckDB
 * in-process, PostgreSQL as a real server) on event streams a real engine produced.
 */
abstract class HistoryStoreContract {
    static final EngineHistory HISTORY = EngineHistory.run(40);

    HistoryStore store;

    /** A new, empty store. */
    abstract HistoryStore open();

    /** The same store opened again (as after a restart). */
    abstract HistoryStore reopen();

    @BeforeEach
    void openStore() {
        store = open();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    static List<DomainEvent> events(int fromPosition, int toPosition) {
        return HISTORY.journal.subList(fromPosition - 1, toPosition);
    }

    void writeAll(int batch) {
        int size = HISTORY.journal.size();
        for (int first = 1; first <= size; first += batch) {
            store.write(first, events(first, Math.min(size, first + batch - 1)));
        }
    }

    @Test
    void write_realEngineHistory_readsBackEveryArchivedTicketWithItsTimeline() {
        writeAll(17);

        assertThat(store.committedPosition()).isEqualTo(HISTORY.journal.size());
        assertThat(HISTORY.archived).hasSize(40);
        for (String id : HISTORY.archived) {
            ArchivedRecord record = store.ticket(id).orElseThrow();
            assertThat(record.ticket()).isEqualTo(HISTORY.archivedTicket(id));
            assertThat(record.timeline()).isEqualTo(HISTORY.timeline(id));
            assertThat(record.timeline()).noneMatch(TicketArchived.class::isInstance);
        }
    }

    @Test
    void write_agentAndCompensationEvents_fillTheirTables() {
        writeAll(500);

        JdbcHistoryStore jdbc = (JdbcHistoryStore) store;
        long presence = HISTORY.journal.stream().filter(e -> e instanceof AgentPresenceChanged
                || e instanceof AgentConnected || e instanceof AgentDisconnected || e instanceof AgentGraceExpired)
                .count();
        long compensations = HISTORY.journal.stream().filter(CompensationIssued.class::isInstance).count();
        assertThat(compensations).as("the engine history breaches and compensates").isPositive();
        assertThat(jdbc.count("agent_presence")).isEqualTo(presence).isGreaterThan(4);
        assertThat(jdbc.count("compensations")).isEqualTo(compensations);
        assertThat(jdbc.count("ticket_events"))
                .isEqualTo(HISTORY.journal.stream().filter(TicketEvent.class::isInstance).count());
        assertThat(jdbc.count("archived_tickets")).isEqualTo(40);
    }

    @Test
    void write_feedbackEvents_fillTheFeedbackTableAndTheTimeline() {
        int size = HISTORY.journal.size();
        writeAll(500);
        String first = HISTORY.archived.get(0);
        String second = HISTORY.archived.get(1);
        store.write(size + 1, List.of(
                new DomainEvent.FeedbackGiven(EngineHistory.T0, first, 5, 10, "great", "api on behalf of customer:c", "customer_feedback"),
                new DomainEvent.FeedbackGiven(EngineHistory.T0 + 1, second, 1, 0, null, "api on behalf of customer:c", "customer_feedback")));
        store.write(size + 1, List.of( // a retried batch: stored once
                new DomainEvent.FeedbackGiven(EngineHistory.T0, first, 5, 10, "great", "api on behalf of customer:c", "customer_feedback")));

        JdbcHistoryStore jdbc = (JdbcHistoryStore) store;
        List<String> rows = jdbc.read("feedback", c -> {
            List<String> out = new ArrayList<>();
            try (var rs = c.createStatement().executeQuery(
                    "SELECT position, ticket_id, event_at, csat, nps, comment FROM feedback ORDER BY position")) {
                while (rs.next()) {
                    out.add(rs.getLong(1) + " " + rs.getString(2) + " " + rs.getLong(3) + " " + rs.getInt(4) + " "
                            + rs.getInt(5) + " " + rs.getString(6));
                }
            }
            return out;
        });
        assertThat(rows).containsExactly(
                (size + 1) + " " + first + " " + EngineHistory.T0 + " 5 10 great",
                (size + 2) + " " + second + " " + (EngineHistory.T0 + 1) + " 1 0 null");
        assertThat(jdbc.count("ticket_events"))
                .isEqualTo(HISTORY.journal.stream().filter(TicketEvent.class::isInstance).count() + 2);
    }

    @Test
    void write_overlappingAndRepeatedBatches_storesEachPositionOnce() {
        int size = HISTORY.journal.size();
        store.write(1, events(1, 50));
        store.write(30, events(30, 120));
        store.write(1, events(1, 120));
        store.write(100, events(100, size));
        store.write(1, events(1, size));

        assertThat(store.committedPosition()).isEqualTo(size);
        assertThat(((JdbcHistoryStore) store).count("ticket_events"))
                .isEqualTo(HISTORY.journal.stream().filter(TicketEvent.class::isInstance).count());
        String id = HISTORY.archived.get(3);
        assertThat(store.ticket(id).orElseThrow().timeline()).isEqualTo(HISTORY.timeline(id));
    }

    @Test
    void write_batchBeyondCommittedPosition_isRefusedAndChangesNothing() {
        store.write(1, events(1, 10));

        assertThatThrownBy(() -> store.write(12, events(12, 20))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gap");
        assertThat(store.committedPosition()).isEqualTo(10);
        store.write(11, events(11, 20));
        assertThat(store.committedPosition()).isEqualTo(20);
    }

    @Test
    void ticket_closedButNotArchived_isEmpty() {
        int firstArchive = firstPositionOf(TicketArchived.class);
        store.write(1, events(1, firstArchive - 1));

        assertThat(store.ticket(HISTORY.archived.get(0))).isEmpty();
        assertThat(store.ticket("no-such-ticket")).isEmpty();
        assertThat(store.list(HistoryFilter.ALL, 0, 10).tickets()).isEmpty();
    }

    @Test
    void reopen_afterClose_keepsPositionAndTickets() {
        writeAll(100);
        store.close();

        store = reopen();

        assertThat(store.committedPosition()).isEqualTo(HISTORY.journal.size());
        String id = HISTORY.archived.get(7);
        assertThat(store.ticket(id).orElseThrow().ticket()).isEqualTo(HISTORY.archivedTicket(id));
    }

    @Test
    void list_eachFilter_matchesExactlyTheArchivedTicketsItNames() {
        writeAll(250);
        List<ArchivedTicket> all = HISTORY.archived.stream().map(HISTORY::archivedTicket).toList();
        ArchivedTicket sample = all.get(5);

        assertList(HistoryFilter.ALL, all, t -> true);
        assertList(new HistoryFilter(TicketStatus.CLOSED, null, null, null, null, null, null), all, t -> true);
        assertList(new HistoryFilter(TicketStatus.QUEUED, null, null, null, null, null, null), all, t -> false);
        assertList(new HistoryFilter(null, sample.queue(), null, null, null, null, null), all,
                t -> t.queue().equals(sample.queue()));
        assertList(new HistoryFilter(null, null, "bob", null, null, null, null), all, t -> "bob".equals(t.assignee()));
        assertList(new HistoryFilter(null, null, null, "cust-3", null, null, null), all,
                t -> t.draft().customer().id().equals("cust-3"));
        assertList(new HistoryFilter(null, null, null, null, Channel.EMAIL, null, null), all,
                t -> t.draft().channel() == Channel.EMAIL);
        long from = all.get(10).createdAt();
        long to = all.get(20).createdAt();
        assertList(new HistoryFilter(null, null, null, null, null, from, to), all,
                t -> t.createdAt() >= from && t.createdAt() < to);
        assertList(new HistoryFilter(TicketStatus.CLOSED, null, "alice", null, Channel.CHAT, from, null), all,
                t -> "alice".equals(t.assignee()) && t.draft().channel() == Channel.CHAT && t.createdAt() >= from);
    }

    private void assertList(HistoryFilter filter, List<ArchivedTicket> all, Predicate<ArchivedTicket> expected) {
        List<ArchivedTicket> want = all.stream().filter(expected).sorted(Comparator.comparingLong(ArchivedTicket::seq))
                .toList();
        HistoryPage page = store.list(filter, 0, 1000);
        assertThat(page.tickets()).extracting(ArchivedRecord::ticket).as("%s", filter).isEqualTo(want);
        for (ArchivedRecord r : page.tickets()) {
            assertThat(r.timeline()).isEqualTo(HISTORY.timeline(r.ticket().id()));
        }
        assertThat(page.more()).isFalse();
    }

    @Test
    void list_smallPages_walkEveryTicketOnceInSeqOrder() {
        writeAll(250);

        List<ArchivedTicket> seen = new ArrayList<>();
        long afterSeq = 0;
        int pages = 0;
        boolean more;
        do {
            HistoryPage page = store.list(HistoryFilter.ALL, afterSeq, 7);
            page.tickets().forEach(r -> seen.add(r.ticket()));
            afterSeq = seen.get(seen.size() - 1).seq();
            more = page.more();
            pages++;
        } while (more);

        assertThat(pages).isEqualTo(6);
        assertThat(seen).extracting(ArchivedTicket::id).containsExactlyElementsOf(HISTORY.archived);
        assertThat(seen).isSortedAccordingTo(Comparator.comparingLong(ArchivedTicket::seq));
    }

    @Test
    void list_limitOutOfRange_isRefused() {
        assertThatThrownBy(() -> store.list(HistoryFilter.ALL, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.list(HistoryFilter.ALL, 0, 1001)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void list_afterASeq_startsBehindIt() {
        writeAll(250);
        ArchivedTicket tenth = HISTORY.archivedTicket(HISTORY.archived.get(9));

        HistoryPage page = store.list(HistoryFilter.ALL, tenth.seq(), 3);

        assertThat(page.tickets()).extracting(r -> r.ticket().id()).containsExactlyElementsOf(
                HISTORY.archived.subList(10, 13));
        assertThat(page.more()).isTrue();
    }

    static int firstPositionOf(Class<?> type) {
        for (int i = 0; i < HISTORY.journal.size(); i++) {
            if (type.isInstance(HISTORY.journal.get(i))) {
                return i + 1;
            }
        }
        throw new AssertionError("no " + type.getSimpleName());
    }
}

package io.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.DomainEvent.FeedbackGiven;
import io.switchboard.core.event.DomainEvent.TicketAssigned;
import io.switchboard.core.event.DomainEvent.TicketClosed;
import io.switchboard.core.event.DomainEvent.TicketEvent;
import io.switchboard.core.event.DomainEvent.TicketReopened;
import io.switchboard.core.event.DomainEvent.TicketReplied;
import io.switchboard.core.event.DomainEvent.TicketResolved;
import io.switchboard.core.event.DomainEvent.TicketTransferred;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TicketOutcome#readAll}: more tickets than one query takes, read from real stores, give
 * each ticket the outcome its timeline says (computed here from the engine's journal).
 */
class TicketOutcomeTest {
    private static final EngineHistory HISTORY = EngineHistory.run(TicketOutcome.PER_QUERY + 30);

    @TempDir
    Path dir;

    @Test
    void readAll_moreTicketsThanOneQuery_eachAsItsTimelineSays_onDuckDb() {
        try (HistoryStore store = HistoryStores.duckDb(dir)) {
            assertOutcomes(store);
        }
    }

    @Test
    void readAll_moreTicketsThanOneQuery_eachAsItsTimelineSays_onPostgres() {
        try (HistoryStore store = HistoryStores.postgres(PostgresProcess.shared().newDatabase())) {
            assertOutcomes(store);
        }
    }

    private static void assertOutcomes(HistoryStore store) {
        store.write(1, HISTORY.journal);
        List<String> ids = new ArrayList<>(HISTORY.archived);
        ids.add("tkt_never_stored");

        Map<String, TicketOutcome> outcomes = ((JdbcHistoryStore) store).read("read outcomes",
                c -> TicketOutcome.readAll(c, ids));

        assertThat(outcomes).hasSize(ids.size());
        for (String id : HISTORY.archived) {
            assertThat(outcomes.get(id)).as(id).isEqualTo(expected(id));
        }
        assertThat(outcomes.get("tkt_never_stored"))
                .isEqualTo(new TicketOutcome("tkt_never_stored", null, null, 0, 0, 0, null, -1, null, null));
    }

    /** The outcome from the journal's timeline of the ticket, in order. */
    private static TicketOutcome expected(String id) {
        Long firstReply = null;
        Long resolved = null;
        int reopens = 0;
        int transfers = 0;
        long closed = -1;
        String handledBy = null;
        Set<String> agents = new HashSet<>();
        Integer csat = null;
        Integer nps = null;
        for (TicketEvent e : HISTORY.timeline(id)) {
            if (e instanceof TicketReplied && firstReply == null) {
                firstReply = e.at();
            } else if (e instanceof TicketResolved) {
                resolved = e.at();
            } else if (e instanceof TicketReopened) {
                reopens++;
            } else if (e instanceof TicketTransferred) {
                transfers++;
            } else if (e instanceof TicketClosed) {
                closed = e.at();
            } else if (e instanceof TicketAssigned a) {
                agents.add(a.agentId());
                handledBy = a.agentId();
            } else if (e instanceof FeedbackGiven f) {
                csat = f.csat();
                nps = f.nps();
            }
        }
        return new TicketOutcome(id, firstReply, resolved, reopens, transfers, agents.size(), handledBy, closed, csat,
                nps);
    }
}

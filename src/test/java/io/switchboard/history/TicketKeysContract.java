package io.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.TicketClosed;
import io.switchboard.core.event.DomainEvent.TicketResolved;
import io.switchboard.core.sla.SlaMetric;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Customer;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.TicketDraft;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The tickets' integer keys (schema 5): every row of ticket_dims, backlog_moves and sla_alerts
 * carries its ticket's key, the position of its creation, whether the writer had the ticket in
 * its cache, looked it up after a restart, or the row was written without a key (a schema-4
 * writer) and keyed at the next open.
 */
abstract class TicketKeysContract {
    static final long T = ReportFixture.T0;
    private static final String KEYS = "SELECT 'dims ' || ticket_id, ticket_key FROM ticket_dims UNION ALL"
            + " SELECT 'move ' || CAST(position AS VARCHAR), ticket_key FROM backlog_moves UNION ALL"
            + " SELECT 'alert ' || CAST(position AS VARCHAR), ticket_key FROM sla_alerts";

    /** A fresh, empty store. */
    abstract HistoryStore open();

    /** The store {@link #open} made, opened again (a restart, or a second writer while the first is open). */
    abstract HistoryStore reopen();

    @Test
    void write_acrossBatchesAndARestart_everyRowKeyedByItsTicketsCreation() {
        try (HistoryStore s = open()) {
            s.write(1, List.of(created(T, "t1"), created(T + 1, "t2")));
            s.write(3, List.of(new TicketResolved(T + 2, "t1", "agent:a", null))); // t1 from the writer's cache
        }
        try (HistoryStore s = reopen()) { // a new writer: t1 and t2 looked up in the store
            s.write(4, List.of(new DomainEvent.SlaBreached(T + 3, "t2", SlaMetric.FIRST_RESPONSE, T, "system", null),
                    new TicketClosed(T + 4, "t1", "system", null), created(T + 5, "t3"),
                    new TicketResolved(T + 6, "t3", "agent:a", null)));
            assertThat(keys(s)).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "dims t1", 1L, "dims t2", 2L, "dims t3", 6L,
                    "move 1", 1L, "move 2", 2L, "move 3", 1L, "move 5", 1L, "move 6", 6L, "move 7", 6L,
                    "alert 4", 2L));
        }
    }

    @Test
    void open_rowsWrittenWithoutKeys_keyedAsTheWriterWouldHave() {
        Map<String, Long> written;
        try (HistoryStore s = open()) {
            s.write(1, List.of(created(T, "t1"), created(T + 1, "t2"),
                    new DomainEvent.SlaBreached(T + 2, "t2", SlaMetric.FIRST_RESPONSE, T, "system", null),
                    new TicketResolved(T + 3, "t1", "agent:a", null)));
            written = keys(s);
            ((JdbcHistoryStore) s).read("emulate a schema-4 writer", c -> {
                for (String table : List.of("ticket_dims", "backlog_moves", "sla_alerts")) {
                    c.createStatement().execute("UPDATE " + table + " SET ticket_key = NULL");
                }
                return null;
            });
        }
        try (HistoryStore s = reopen()) {
            assertThat(keys(s)).isEqualTo(written).containsEntry("move 4", 1L).containsEntry("alert 3", 2L);
        }
    }

    static Map<String, Long> keys(HistoryStore s) {
        return ((JdbcHistoryStore) s).read("keys", c -> {
            Map<String, Long> out = new TreeMap<>();
            try (ResultSet rs = c.createStatement().executeQuery(KEYS)) {
                while (rs.next()) {
                    long key = rs.getLong(2);
                    out.put(rs.getString(1), rs.wasNull() ? null : key);
                }
            }
            return out;
        });
    }

    static DomainEvent created(long at, String id) {
        TicketDraft draft = new TicketDraft(Channel.CHAT, Priority.NORMAL, new Customer("c-" + id,
                CustomerTier.STANDARD, null), null, "subject", null, List.of(), null, Set.of(), Map.of(), null);
        return new DomainEvent.TicketCreated(at, id, 1, draft, "general", "api", "intake", null, null, null);
    }
}

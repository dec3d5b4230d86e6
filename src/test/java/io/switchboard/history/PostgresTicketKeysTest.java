package io.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.TicketClosed;
import io.switchboard.core.event.DomainEvent.TicketResolved;
import io.switchboard.core.sla.SlaMetric;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A shared PostgreSQL store, where a second writer (a standby, or a schema-4 node) may write beside. */
class PostgresTicketKeysTest extends TicketKeysContract {
    private PostgresTarget target;

    @Override
    HistoryStore open() {
        target = PostgresProcess.shared().newDatabase();
        return HistoryStores.postgres(target);
    }

    @Override
    HistoryStore reopen() {
        return HistoryStores.postgres(target);
    }

    /**
     * A schema-4 node sharing the store writes a batch without keys (emulated: a second writer
     * of this build writes it, and its keys are removed); this writer's next write keys it.
     */
    @Test
    void write_afterASchema4WriterBatch_itsRowsKeyedAtTheNextWrite() {
        try (HistoryStore s = open()) {
            s.write(1, List.of(created(T, "t1")));
            try (HistoryStore other = reopen()) {
                other.write(2, List.of(created(T + 1, "t2"), new DomainEvent.SlaBreached(T + 2, "t2",
                        SlaMetric.FIRST_RESPONSE, T, "system", null), new TicketResolved(T + 3, "t1", "agent:a",
                        null)));
                ((JdbcHistoryStore) other).read("emulate a schema-4 writer", c -> {
                    for (String table : List.of("ticket_dims", "backlog_moves", "sla_alerts")) {
                        c.createStatement().execute("UPDATE " + table + " SET ticket_key = NULL WHERE position > 1");
                    }
                    return null;
                });
            }
            s.write(5, List.of(new TicketClosed(T + 4, "t2", "system", null)));
            assertThat(keys(s)).containsExactlyInAnyOrderEntriesOf(Map.of("dims t1", 1L, "dims t2", 2L,
                    "move 1", 1L, "move 2", 2L, "move 4", 1L, "move 5", 2L, "alert 3", 2L));
        }
    }
}

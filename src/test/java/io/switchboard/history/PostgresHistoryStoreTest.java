package io.switchboard.history;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The shared store suite on a real PostgreSQL server (one per test run, a fresh database per test). */
class PostgresHistoryStoreTest extends HistoryStoreContract {
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
     * Schema 6 changed only DuckDB's tables: a PostgreSQL store stays at version 5 with its
     * position keys (its writers may race), so a schema-5 build can still open it.
     */
    @Test
    void open_freshStore_staysAtSchema5WithItsPositionKeys() {
        try (HistoryStore store = open()) {
            JdbcHistoryStore jdbc = (JdbcHistoryStore) store;
            org.assertj.core.api.Assertions.assertThat(jdbc.<Long>read("schema", c -> single(c,
                    "SELECT max(version) FROM history_schema"))).isEqualTo(5L);
            org.assertj.core.api.Assertions.assertThat(jdbc.<Long>read("keys", c -> single(c,
                    "SELECT count(*) FROM information_schema.table_constraints WHERE constraint_type = 'PRIMARY KEY'"
                            + " AND table_name IN ('ticket_events', 'agent_presence', 'compensations', 'feedback',"
                            + " 'backlog_moves', 'sla_alerts')"))).isEqualTo(6L);
        }
    }

    private static long single(java.sql.Connection c, String sql) throws java.sql.SQLException {
        try (var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void open_nobodyListening_failsNamingTheSettingAndTheHost() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        PostgresTarget nowhere = new PostgresTarget("127.0.0.1", closedPort, "history", "switchboard", "x");

        assertThatThrownBy(() -> HistoryStores.postgres(nowhere)).isInstanceOf(HistoryOpenException.class)
                .hasMessageContaining("SWITCHBOARD_HISTORY_URL").hasMessageContaining("127.0.0.1:" + closedPort)
                .hasMessageNotContaining("\"x\"");
    }

    @Test
    void open_missingDatabase_failsNamingTheDatabase() {
        PostgresTarget missing = new PostgresTarget("127.0.0.1", PostgresProcess.shared().port(), "no_such_db",
                PostgresProcess.USER, null);

        assertThatThrownBy(() -> HistoryStores.postgres(missing)).isInstanceOf(HistoryOpenException.class)
                .hasMessageContaining("SWITCHBOARD_HISTORY_URL").hasMessageContaining("no_such_db");
    }
}

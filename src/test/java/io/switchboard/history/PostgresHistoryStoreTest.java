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

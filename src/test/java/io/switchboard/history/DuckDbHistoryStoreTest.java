package io.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import io.switchboard.core.event.DomainEvent.TicketArchived;
import io.switchboard.core.event.DomainEvent.TicketEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared store suite on an embedded DuckDB file, plus DuckDB's own start-up failures. */
class DuckDbHistoryStoreTest extends HistoryStoreContract {
    @TempDir
    Path dir;

    @Override
    HistoryStore open() {
        return HistoryStores.duckDb(dir);
    }

    @Override
    HistoryStore reopen() {
        return HistoryStores.duckDb(dir);
    }

    @Test
    void open_corruptFile_failsNamingThePathAndWhatToDo() throws IOException {
        Path other = dir.resolve("broken");
        Files.createDirectories(other);
        byte[] garbage = new byte[64 * 1024];
        new Random(7).nextBytes(garbage);
        Files.write(other.resolve(HistoryStores.DUCKDB_FILE), garbage);

        assertThatThrownBy(() -> HistoryStores.duckDb(other)).isInstanceOf(HistoryOpenException.class)
                .hasMessageContaining(other.resolve(HistoryStores.DUCKDB_FILE).toAbsolutePath().toString())
                .hasMessageContaining("move the file aside").hasMessageContaining("rebuilds");
    }

    @Test
    void open_truncatedStore_failsNamingThePath() throws IOException {
        store.write(1, events(1, 200));
        store.close();
        Path file = dir.resolve(HistoryStores.DUCKDB_FILE);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, 100));

        assertThatThrownBy(() -> HistoryStores.duckDb(dir)).isInstanceOf(HistoryOpenException.class)
                .hasMessageContaining(file.toAbsolutePath().toString());
        store = HistoryStores.duckDb(dir.resolve("fresh")); // for @AfterEach
    }

    /**
     * What a crash between the appender's rows and the position's commit leaves: rows above the
     * committed position. They are invisible, deleted at open, and written again once.
     */
    @Test
    void reopen_rowsAppendedAboveTheCommittedPosition_areDroppedAndWrittenAgainOnce() throws Exception {
        int size = HISTORY.journal.size();
        int half = size / 2;
        Path full = dir.resolve("full");
        HistoryStore complete = HistoryStores.duckDb(full);
        complete.write(1, events(1, size));
        complete.close();
        store.write(1, events(1, half));
        store.close();
        String fileOfAll = full.resolve(HistoryStores.DUCKDB_FILE).toAbsolutePath().toString();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                "jdbc:duckdb:" + dir.resolve(HistoryStores.DUCKDB_FILE).toAbsolutePath());
                java.sql.Statement s = c.createStatement()) {
            s.execute("ATTACH '" + fileOfAll + "' AS done (READ_ONLY)");
            s.execute("INSERT INTO ticket_events SELECT * FROM done.ticket_events WHERE position > " + half);
            s.execute("INSERT INTO agent_presence SELECT * FROM done.agent_presence WHERE position > " + half);
            s.execute("INSERT INTO archived_tickets SELECT * FROM done.archived_tickets WHERE archived_position > "
                    + half);
            // ticket_dims rows of tickets created above `half` are appended too (the stored rows of
            // older tickets are updated inside the transaction, so a failed attempt leaves none of those)
            s.execute("INSERT INTO ticket_dims SELECT * FROM done.ticket_dims WHERE position > " + half
                    + " AND ticket_id NOT IN (SELECT ticket_id FROM ticket_dims)");
        }
        String archivedLate = null;
        for (int i = half; i < size; i++) {
            if (HISTORY.journal.get(i) instanceof TicketArchived a) {
                archivedLate = a.ticketId();
            }
        }
        assertThat(archivedLate).isNotNull();

        store = reopen();
        assertThat(store.committedPosition()).isEqualTo(half);
        assertThat(store.ticket(archivedLate)).isEmpty();
        store.write(half + 1, events(half + 1, size));

        long ticketEvents = HISTORY.journal.stream().filter(TicketEvent.class::isInstance).count();
        assertThat(((JdbcHistoryStore) store).count("ticket_events")).isEqualTo(ticketEvents);
        assertThat(((JdbcHistoryStore) store).count("archived_tickets")).isEqualTo(HISTORY.archived.size());
        for (String id : HISTORY.archived) {
            ArchivedRecord record = store.ticket(id).orElseThrow();
            assertThat(record.ticket()).isEqualTo(HISTORY.archivedTicket(id));
            assertThat(record.timeline()).isEqualTo(HISTORY.timeline(id));
        }
        store.close();
        store = null;
        assertThat(rows(dir, "ticket_dims")).isNotEmpty().isEqualTo(rows(full, "ticket_dims"));
    }

    /** Every row of {@code table} in the store under {@code root}, in ticket order, as text. */
    private static java.util.List<String> rows(Path root, String table) throws java.sql.SQLException {
        java.util.List<String> rows = new java.util.ArrayList<>();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                "jdbc:duckdb:" + root.resolve(HistoryStores.DUCKDB_FILE).toAbsolutePath());
                java.sql.Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY ticket_id")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(rs.getString(i)).append('|');
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    /** A second connection to the open file shares its database only with the same settings. */
    @Test
    void open_file_checkpointsAtTheWriterThreshold() throws java.sql.SQLException {
        HistoryStore fresh = HistoryStores.duckDb(dir.resolve("threshold"));
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:"
                        + dir.resolve("threshold").resolve(HistoryStores.DUCKDB_FILE).toAbsolutePath(),
                        HistoryStores.duckDbFileSettings());
                java.sql.Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT current_setting('checkpoint_threshold')")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("64.0 MiB");
        } finally {
            fresh.close();
        }
    }

    @Test
    void open_missingDirectory_createsAnEmptyStore() {
        HistoryStore fresh = HistoryStores.duckDb(dir.resolve("a/b"));
        try {
            assertThat(fresh.committedPosition()).isZero();
            assertThat(fresh.describe()).startsWith("duckdb:").endsWith(HistoryStores.DUCKDB_FILE);
        } finally {
            fresh.close();
        }
    }
}

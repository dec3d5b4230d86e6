package io.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
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

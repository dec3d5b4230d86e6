package io.switchboard.history;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The DuckDB file store (one writer per file). */
class DuckDbTicketKeysTest extends TicketKeysContract {
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
}

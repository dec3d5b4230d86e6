package io.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.store.SmallDisk;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store on a real full disk (a 32 MiB tmpfs filled up; needs root, as on the CI machines). */
class DuckDbFullDiskTest {
    @TempDir
    Path dir;

    @Test
    void write_diskFullThenSpaceReturns_failsCleanlyThenWritesEverything() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("small-disk"), "32m")) {
            Path mount = disk.path();
            EngineHistory history = EngineHistory.run(200);
            HistoryStore store = HistoryStores.duckDb(mount);
            try {
                Path filler = mount.resolve("filler");
                Files.write(filler, new byte[(int) (Files.getFileStore(mount).getUsableSpace() - 4096)]);
                int failures = 0;
                for (int attempt = 0; attempt < 5; attempt++) {
                    try {
                        store.write(1, history.journal);
                    } catch (RuntimeException e) {
                        failures++;
                    }
                }
                Files.delete(filler);
                store.write(1, history.journal);
                assertThat(store.committedPosition()).isEqualTo(history.journal.size());
                assertThat(failures).isPositive();
            } finally {
                store.close();
            }
        }
    }
}

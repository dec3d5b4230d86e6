package io.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;

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
        Path mount = Files.createDirectories(dir.resolve("small-disk"));
        Process mounted = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mounted.waitFor() == 0, "cannot mount a tmpfs here (not root)");
        try {
            EngineHistory history = EngineHistory.run(200);
            HistoryStore store = HistoryStores.duckDb(mount);
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
            store.close();
        } finally {
            new ProcessBuilder("umount", mount.toString()).start().waitFor();
        }
    }
}

package io.switchboard.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fsync and JFR probes on the real disk and a real in-process recording (no timed asserts). */
class ProbesTest {
    @TempDir
    Path dir;

    @Test
    void fsyncProbe_samples_recordsOneValuePerSyncAndRemovesItsFile() {
        assertEquals(20, FsyncProbe.measure(dir, 20).getTotalCount());
        assertFalse(Files.exists(dir.resolve("fsync-probe.bin")));
    }

    @Test
    void jfrSummary_recordingWithAGcAndAllocation_countsThePauseAndTheBytes() throws Exception {
        Instant from = Instant.now().minusSeconds(1);
        Path file = dir.resolve("probe.jfr");
        long kept = 0;
        try (Recording recording = new Recording(Configuration.create(new StringReader(JfrProbe.SETTINGS)))) {
            recording.start();
            for (int i = 0; i < 64; i++) {
                byte[] chunk = new byte[1 << 20]; // 64 MiB in all, on this thread
                chunk[i] = 1;
                kept += chunk[i];
            }
            System.gc();
            Thread.sleep(2200); // the allocation counters are sampled every second
            recording.stop();
            recording.dump(file);
        }
        JfrProbe.Summary s = JfrProbe.summarise(file, from, Instant.now().plusSeconds(1));
        assertEquals(64, kept);
        assertTrue(s.pauses() >= 1, "pauses: " + s);
        assertTrue(s.allocatedBytes() >= 64L << 20, "allocated: " + s);
        assertNotEquals("unknown", s.collector());
    }
}

package io.switchboard.store;

import java.nio.file.Path;
import java.util.List;

/**
 * Not a test: the store's package-private compaction steps, opened to the measuring tools under
 * {@code io.switchboard.perf}. Nothing in production uses it.
 */
public final class CompactionProbe {
    private CompactionProbe() {
    }

    /** Plans the compaction of {@code payloads} as a snapshot does and counts the kept events. */
    public static int keptOfEncoded(List<byte[]> payloads, boolean complete) {
        Compaction plan = Compaction.ofEncoded(payloads, EventCodec.instance(), complete);
        int kept = 0;
        for (int i = 0; i < payloads.size(); i++) {
            if (plan.keeps(i)) {
                kept++;
            }
        }
        return kept;
    }

    /** A file journal that merges at every snapshot (as the first snapshot of a journal does). */
    public static FileJournal journal(io.vertx.core.Vertx vertx, Path dir) {
        return new FileJournal(vertx, dir, FileJournal.Fsync.INTERVAL, 1000, 0);
    }

    /** {bytes allocated, CPU nanos} summed over every thread but main. */
    public static long[] allButMain() {
        return ThreadTotals.allButMain();
    }
}

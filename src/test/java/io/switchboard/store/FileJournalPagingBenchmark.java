package io.switchboard.store;

import static io.switchboard.store.FileJournalTest.await;
import static io.switchboard.store.FileJournalTest.events;

import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a follower behind its buffer pays to page through the file journal: one segment of
 * {@code bench.events} events (as the default {@code snapshotEvents} lets grow), read in pages of
 * 2,000 (a webhook subscriber's page) from its middle to its end, as a lagging subscriber catches
 * up. Prints the CPU time and bytes allocated per event read, summed over every thread of this JVM
 * (the reads run on Vert.x's workers), not wall time: a benchmark, not a test; asserts nothing.
 *
 * <pre>./mvnw -B -q test -Dtest=FileJournalPagingBenchmark -Dbench=true [-Dbench.events=100000]</pre>
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class FileJournalPagingBenchmark {
    @TempDir
    Path dir;

    @Test
    void cpuAndBytesPerEventPaged() throws Exception {
        int total = Integer.getInteger("bench.events", 100_000);
        Vertx vertx = Vertx.vertx();
        try {
            FileJournal journal = new FileJournal(vertx, dir, FileJournal.Fsync.INTERVAL, 1000, Long.MAX_VALUE);
            await(journal.open());
            for (int from = 0; from < total; from += 5_000) {
                await(journal.append(events(from, Math.min(total, from + 5_000))));
            }
            page(journal, 0, total / 2); // warm-up: the first half
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long[] before = totals(threads);
            int read = page(journal, total / 2, total);
            long[] after = totals(threads);
            System.out.printf(java.util.Locale.ROOT, "journal paging: %d events read in pages of 2000 from the middle of"
                    + " a %d-event segment: %.2f us CPU and %.0f bytes allocated per event read (all threads);"
                    + " load average %s%n", read, total, (after[0] - before[0]) / 1e3 / read,
                    (double) (after[1] - before[1]) / read,
                    java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim());
            await(journal.close());
        } finally {
            await(vertx.close());
        }
    }

    private static int page(FileJournal journal, int from, int to) {
        int read = 0;
        long after = from;
        while (after < to) {
            List<?> page = await(journal.readAfter(after, 2_000));
            if (page.isEmpty()) {
                break;
            }
            after += page.size();
            read += page.size();
        }
        return read;
    }

    /** {CPU nanoseconds, allocated bytes} over every live thread. */
    private static long[] totals(com.sun.management.ThreadMXBean threads) {
        long cpu = 0;
        long bytes = 0;
        for (long id : threads.getAllThreadIds()) {
            cpu += Math.max(0, threads.getThreadCpuTime(id));
            bytes += Math.max(0, threads.getThreadAllocatedBytes(id));
        }
        return new long[] {cpu, bytes};
    }
}

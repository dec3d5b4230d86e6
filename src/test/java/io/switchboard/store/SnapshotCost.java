package io.switchboard.store;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Not a test: a measuring tool for the file journal's snapshots (issue 12, the file journal's
 * share). Copies a journal directory that holds only segments (RestartBench without
 * {@code --snapshot} leaves one under its data directory), opens it, and compacts every closed
 * segment into a snapshot; prints the CPU time and bytes allocated per compacted event by all
 * threads but main (the compaction runs on a Vert.x worker), per run. Counts, not latency: valid
 * on a busy machine as an upper bound.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) io.switchboard.store.SnapshotCost JOURNAL_DIR [runs]
 * </pre>
 */
public final class SnapshotCost {
    private SnapshotCost() {
    }

    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Vertx vertx = Vertx.vertx();
        int status = 1;
        try {
            for (int run = 0; run < runs; run++) {
                Path copy = Files.createTempDirectory("snapshot-cost");
                try (Stream<Path> files = Files.list(source)) {
                    for (Path file : (Iterable<Path>) files::iterator) {
                        Files.copy(file, copy.resolve(file.getFileName()));
                    }
                }
                FileJournal journal = new FileJournal(vertx, copy, FileJournal.Fsync.ALWAYS, 1000, 0);
                int events = journal.open().toCompletionStage().toCompletableFuture().get().size();
                long[] before = ThreadTotals.allButMain();
                journal.snapshot(Long.MAX_VALUE).toCompletionStage().toCompletableFuture().get();
                long[] after = ThreadTotals.allButMain();
                System.out.printf("run %d: %d events compacted: %.2f us CPU/event, %.0f B/event%n", run + 1, events,
                        (after[1] - before[1]) / 1000.0 / events, (after[0] - before[0]) / (double) events);
                journal.close().toCompletionStage().toCompletableFuture().get();
                try (Stream<Path> paths = Files.walk(copy)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            status = 0;
        } finally {
            vertx.close();
            System.exit(status);
        }
    }
}

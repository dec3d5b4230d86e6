package io.switchboard.store;

import io.switchboard.core.event.DomainEvent;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Not a test: a measuring tool for the file journal's cost per group-commit batch (issue 12, the
 * file journal's share). Appends {@code appends} small batches (two sample events each) one after
 * the other, with fsync {@code interval} so the disk's sync does not swamp what the append path
 * itself costs, and prints the CPU time and bytes allocated per append by all threads but main
 * (the worker that writes and the event loop that hands over and completes), per round. Counts,
 * not latency: valid on a busy machine as an upper bound.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) io.switchboard.store.AppendCost [rounds] [appends]
 * </pre>
 */
public final class AppendCost {
    private AppendCost() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int appends = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        List<DomainEvent> samples = EverySample.events();
        Vertx vertx = Vertx.vertx();
        Path dir = Files.createTempDirectory("append-cost");
        int status = 1;
        try {
            FileJournal journal = new FileJournal(vertx, dir, FileJournal.Fsync.INTERVAL, 1000);
            journal.open().toCompletionStage().toCompletableFuture().get();
            for (int round = 1; round <= rounds; round++) {
                long[] before = ThreadTotals.allButMain();
                for (int i = 0; i < appends; i++) {
                    List<DomainEvent> batch = List.of(samples.get((2 * i) % samples.size()),
                            samples.get((2 * i + 1) % samples.size()));
                    journal.append(batch).toCompletionStage().toCompletableFuture().get();
                }
                long[] after = ThreadTotals.allButMain();
                System.out.printf("round %d: %.2f us CPU/append, %.0f B/append%n", round,
                        (after[1] - before[1]) / 1000.0 / appends, (after[0] - before[0]) / (double) appends);
            }
            journal.close().toCompletionStage().toCompletableFuture().get();
            status = 0;
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            vertx.close();
            System.exit(status);
        }
    }
}

package io.switchboard.history;

import io.switchboard.core.event.DomainEvent;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: a rough, JMH-free measurement of the history store for the report
 * ({@code java -cp target/classes:target/test-classes:<deps> io.switchboard.history.HistoryMeasure [tickets]}).
 * Write throughput in chunks the projection would use, then archived-read latency from the store
 * and through the cache. Figures vary with the machine; nothing here is asserted.
 */
final class HistoryMeasure {
    private HistoryMeasure() {}

    public static void main(String[] args) throws Exception {
        int tickets = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        long t0 = System.nanoTime();
        EngineHistory history = EngineHistory.run(tickets);
        System.out.printf("engine history: %d tickets, %d events in %d ms%n", tickets, history.journal.size(),
                (System.nanoTime() - t0) / 1_000_000);
        Path dir = Files.createTempDirectory("history-measure");
        double rate = args.length > 2 ? Double.parseDouble(args[2]) : 2_000;
        lag("duckdb", HistoryStores.duckDb(Files.createTempDirectory("history-lag")), history, rate);
        measure("duckdb", HistoryStores.duckDb(dir), history);
        if (args.length < 2 || !args[1].equals("duckdb-only")) {
            PostgresProcess pg = PostgresProcess.shared();
            measure("postgresql (fsync=off test server)", HistoryStores.postgres(pg.newDatabase()), history);
        }
        System.exit(0);
    }

    private static void measure(String name, HistoryStore store, EngineHistory history) throws Exception {
        List<DomainEvent> journal = history.journal;
        long start = System.nanoTime();
        int chunk = 1_000;
        for (int first = 1; first <= journal.size(); first += chunk) {
            store.write(first, journal.subList(first - 1, Math.min(journal.size(), first + chunk - 1)));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s: wrote %d events (%d tickets) in chunks of %d: %.2f s = %.0f events/s = %.0f tickets/s%n",
                name, journal.size(), history.archived.size(), chunk, seconds, journal.size() / seconds,
                history.archived.size() / seconds);

        Random random = new Random(1);
        int reads = 2_000;
        long[] nanos = new long[reads];
        for (int i = 0; i < reads; i++) {
            String id = history.archived.get(random.nextInt(history.archived.size()));
            long s = System.nanoTime();
            store.ticket(id).orElseThrow();
            nanos[i] = System.nanoTime() - s;
        }
        report(name + ": store read of one archived ticket + timeline", nanos);

        Vertx vertx = Vertx.vertx();
        HistoryReads cached = new HistoryReads(vertx, store, 100_000);
        for (String id : history.archived) {
            cached.ticket(id).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        for (int i = 0; i < reads; i++) {
            String id = history.archived.get(random.nextInt(history.archived.size()));
            long s = System.nanoTime();
            cached.ticket(id).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            nanos[i] = System.nanoTime() - s;
        }
        report(name + ": cached read (HistoryReads hit)", nanos);
        long s = System.nanoTime();
        int pages = 0;
        long afterSeq = 0;
        boolean more;
        do {
            HistoryPage page = store.list(HistoryFilter.ALL, afterSeq, 100);
            afterSeq = page.tickets().isEmpty() ? afterSeq : page.tickets().get(page.tickets().size() - 1).ticket().seq();
            more = page.more();
            pages++;
        } while (more);
        System.out.printf("%s: listed all archived tickets, %d pages of 100, in %d ms%n", name, pages,
                (System.nanoTime() - s) / 1_000_000);
        cached.close();
        vertx.close().toCompletionStage().toCompletableFuture().get();
        store.close();
    }

    /**
     * Offers the history as the group commit would at {@code ticketsPerSecond} (a batch every
     * 10 ms), samples the projection's lag every 10 ms, and reports its percentiles. The tail is
     * the journal up to what was offered: when the store falls 50k events behind, the projection
     * drops its buffer and reads back from the tail, as in the server (with an empty tail it would
     * wait forever).
     */
    private static void lag(String name, HistoryStore store, EngineHistory history, double ticketsPerSecond)
            throws Exception {
        List<DomainEvent> journal = history.journal;
        double eventsPerTicket = (double) journal.size() / history.archived.size();
        int perBatch = Math.max(1, (int) Math.round(ticketsPerSecond * eventsPerTicket / 100));
        List<Long> samples = new java.util.ArrayList<>();
        ListTail tail = new ListTail(journal);
        tail.durable = 0; // the tail holds what has been offered (journaled) so far, no more
        try (HistoryProjection projection = new HistoryProjection(store, tail, System::currentTimeMillis,
                HistoryProjection.Options.DEFAULTS)) {
            projection.start();
            long start = System.nanoTime();
            int next = 1;
            long tick = 0;
            while (next <= journal.size()) {
                long due = start + tick * 10_000_000L;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait); // no spinning: it would take a core from the projection
                }
                int last = Math.min(journal.size(), next + perBatch - 1);
                tail.durable = last;
                projection.offer(next, new java.util.ArrayList<>(journal.subList(next - 1, last)));
                next = last + 1;
                samples.add(Math.round(projection.lagSeconds() * 1000));
                if (tick % 100 == 0) {
                    System.out.printf("  t=%ds offered %d committed %d lag %.2f s%n", tick / 100,
                            projection.offeredPosition(), projection.committedPosition(), projection.lagSeconds());
                }
                tick++;
            }
            double offering = (System.nanoTime() - start) / 1e9;
            while (projection.committedPosition() < journal.size()) {
                Thread.sleep(5);
                samples.add(Math.round(projection.lagSeconds() * 1000));
            }
            double total = (System.nanoTime() - start) / 1e9;
            long[] ms = samples.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("%s projection at %.0f tickets/s (%.0f events/s, %d events per 10 ms batch): offered"
                    + " for %.1f s, all committed after %.1f s; sampled lag p50 %d ms, p99 %d ms, max %d ms%n", name,
                    ticketsPerSecond, ticketsPerSecond * eventsPerTicket, perBatch, offering, total,
                    ms[ms.length / 2], ms[(int) (ms.length * 0.99)], ms[ms.length - 1]);
        }
        store.close();
    }

    private static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%s: p50 %.3f ms, p99 %.3f ms, max %.3f ms (%d reads)%n", what,
                sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6,
                sorted[sorted.length - 1] / 1e6, sorted.length);
    }
}

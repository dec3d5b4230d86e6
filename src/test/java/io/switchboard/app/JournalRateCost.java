package io.switchboard.app;

import com.sun.management.ThreadMXBean;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.store.FileJournal;
import io.switchboard.store.JournalSamples;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * Not a test: a measuring tool for the file journal's worker CPU at a given ticket rate (issue 12,
 * the journal's share). The main thread paces commands open-loop, as the HTTP event loops hand them
 * to the engine: per ticket three commands (create: created, queued, offered and its stream marker;
 * accept: assigned and its marker; resolve: resolved, its marker, a presence change and its
 * marker: {@code LifecycleSample}'s ten events), each submitted on one event-loop context to a real
 * {@link GroupCommit} over a real {@link FileJournal} (fsync always, the default). Over the
 * measured window it prints the batches (= fdatasyncs) per second, events and bytes per batch, the
 * CPU of the Vert.x workers (the appends, and the compactions when {@code snapshotEvents > 0}) split
 * into user and system time, per second, per ticket and per batch, the engine context's CPU per
 * ticket, and each command's acknowledgement latency (submit to release) p50/p99/max.
 * CPU is an upper bound on a shared box; counts and bytes are exact.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) io.switchboard.app.JournalRateCost [rate] [seconds] [warmup] [snapshotEvents] [dir]
 * </pre>
 */
public final class JournalRateCost {
    private JournalRateCost() {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 3_300;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        long snapshotEvents = args.length > 3 ? Long.parseLong(args[3]) : DurabilitySettings.DEFAULT_SNAPSHOT_EVENTS;
        Path parent = args.length > 4 ? Path.of(args[4]) : Path.of(System.getProperty("java.io.tmpdir"));
        Path dir = Files.createTempDirectory(parent, "journal-rate");
        List<DomainEvent> sample = JournalSamples.lifecycle();
        List<List<DomainEvent>> commands = List.of(sample.subList(0, 4), sample.subList(4, 6), sample.subList(6, 10));
        Vertx vertx = Vertx.vertx();
        int status = 1;
        try {
            FileJournal journal = new FileJournal(vertx, dir, FileJournal.Fsync.ALWAYS, 1000);
            journal.open().toCompletionStage().toCompletableFuture().get();
            Context context = vertx.getOrCreateContext();
            AtomicLong batches = new AtomicLong();
            GroupCommit.Meter meter = new GroupCommit.Meter() {
                @Override
                public void appended(long nanos) {
                    batches.incrementAndGet();
                }

                @Override
                public void failed() {
                }
            };
            CompletableFuture<GroupCommit> made = new CompletableFuture<>();
            context.runOnContext(v -> made.complete(new GroupCommit(vertx, journal, snapshotEvents, 0, meter)));
            GroupCommit commits = made.get();
            Histogram acks = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            long[] measuring = {0};
            long start = System.nanoTime();
            long windowStart = start + TimeUnit.SECONDS.toNanos(warmup);
            long end = windowStart + TimeUnit.SECONDS.toNanos(seconds);
            long interval = 1_000_000_000L / (3L * rate);
            long sent = 0;
            boolean inWindow = false;
            long[] before = null;
            long batchesBefore = 0;
            long sentBefore = 0;
            long bytesBefore = 0;
            while (true) {
                long now = System.nanoTime();
                if (!inWindow && now >= windowStart) {
                    inWindow = true;
                    before = threads();
                    batchesBefore = batches.get();
                    sentBefore = sent;
                    bytesBefore = bytes(dir);
                    measuring[0] = 1;
                }
                if (now >= end) {
                    break;
                }
                long due = (now - start) / interval;
                for (; sent < due; sent++) {
                    List<DomainEvent> events = commands.get((int) (sent % 3));
                    long submitted = System.nanoTime();
                    context.runOnContext(v -> commits.submit(events, () -> {
                        if (measuring[0] == 1) {
                            acks.recordValue(Math.min(System.nanoTime() - submitted, acks.getHighestTrackableValue()));
                        }
                    }));
                }
                LockSupport.parkNanos(interval);
            }
            long[] after = threads();
            measuring[0] = 0;
            long batchCount = batches.get() - batchesBefore;
            long bytes = bytes(dir) - bytesBefore;
            double tickets = (sent - sentBefore) / 3.0;
            long workerUser = after[0] - before[0];
            long workerCpu = after[1] - before[1];
            long loopCpu = after[2] - before[2];
            System.out.printf("rate %d tickets/s, %d s (warm-up %d s), snapshotEvents %d, dir %s%n", rate, seconds,
                    warmup, snapshotEvents, parent);
            System.out.printf("  sent %.0f tickets/s; batches (fdatasyncs) %.0f/s, %.1f events and %.0f B each"
                    + " (journal growth incl. snapshots)%n", tickets / seconds, batchCount / (double) seconds,
                    (sent - sentBefore) / 3.0 * 10 / batchCount, bytes / (double) batchCount);
            System.out.printf("  workers: %.3f cores (user %.3f, sys %.3f); per ticket %.1f us (user %.1f, sys %.1f);"
                    + " per batch %.1f us%n", workerCpu / 1e9 / seconds, workerUser / 1e9 / seconds,
                    (workerCpu - workerUser) / 1e9 / seconds, workerCpu / 1e3 / tickets, workerUser / 1e3 / tickets,
                    (workerCpu - workerUser) / 1e3 / tickets, workerCpu / 1e3 / batchCount);
            System.out.printf("  engine context: %.1f us per ticket%n", loopCpu / 1e3 / tickets);
            System.out.printf("  ack (submit to release): p50 %.3f ms, p99 %.3f ms, max %.3f ms (%d commands)%n",
                    acks.getValueAtPercentile(50) / 1e6, acks.getValueAtPercentile(99) / 1e6,
                    acks.getMaxValue() / 1e6, acks.getTotalCount());
            status = 0;
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            System.exit(status);
        }
    }

    /** {worker user nanos, worker CPU nanos, event-loop CPU nanos}. */
    private static long[] threads() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] totals = new long[3];
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            String name = info.getThreadName();
            long id = info.getThreadId();
            if (name.startsWith("vert.x-worker-thread") || name.startsWith("vert.x-internal-blocking")) {
                totals[0] += Math.max(0, threads.getThreadUserTime(id));
                totals[1] += Math.max(0, threads.getThreadCpuTime(id));
            } else if (name.startsWith("vert.x-eventloop-thread")) {
                totals[2] += Math.max(0, threads.getThreadCpuTime(id));
            }
        }
        return totals;
    }

    private static long bytes(Path dir) throws java.io.IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}

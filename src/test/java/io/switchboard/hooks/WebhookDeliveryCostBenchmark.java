package io.switchboard.hooks;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Customer;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.TicketDraft;
import io.switchboard.follow.FileCursorStore;
import io.switchboard.follow.JournalFollower;
import io.switchboard.metrics.WebhookMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * CPU per webhook delivery, measured as the CPU time of the thread the dispatcher runs on (its
 * own loop, or before it had one the event loop of a Vert.x that runs nothing else), not wall
 * time: a benchmark, not a test. Two subscriptions to a real receiver (in another Vert.x, so its
 * threads are not counted) get every event of {@code tickets} tickets (created, assigned,
 * resolved: three deliveries each, as in the load test's lifecycle), fed to the dispatcher in
 * batches of 64 events as the engine's group commits would, with the file cursor store (ticket
 * contexts saved every 200 ms). A warm-up of the same size runs first. Prints the result (and the
 * dispatcher thread's allocation, and the CPU and allocation of Vert.x's worker threads, where the
 * delivery log and the saves are written); asserts nothing.
 *
 * <pre>./mvnw -B -q test -Dtest=WebhookDeliveryCostBenchmark -Dbench=true [-Dbench.tickets=20000]
 *     [-Dbench.jfr=/tmp/deliveries.jfr] [-Dbench.subscriptions=2] [-Dbench.lanes=4]</pre>
 *
 * <p>With {@code -Dbench.subscriptions=1 -Dbench.lanes=1} the deliveries per second are what one
 * lane sustains against a receiver on the same machine (wall time: meaningful on a quiet box only).
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class WebhookDeliveryCostBenchmark {
    @TempDir
    Path data;

    @Test
    void cpuPerDelivery() throws Exception {
        int tickets = Integer.getInteger("bench.tickets", 20_000);
        Vertx receiverVertx = Vertx.vertx();
        Vertx vertx = Vertx.vertx();
        try {
            AtomicLong received = new AtomicLong();
            HttpServer receiver = await(receiverVertx.createHttpServer().requestHandler(request -> request.end()
                    .onComplete(v -> {
                        received.incrementAndGet();
                        request.response().setStatusCode(200).end();
                    })).listen(0, "127.0.0.1"));
            String url = "http://127.0.0.1:" + receiver.actualPort() + "/hook";
            List<Subscription> subscriptions = new ArrayList<>();
            int subscriptionCount = Integer.getInteger("bench.subscriptions", 2);
            int lanes = Integer.getInteger("bench.lanes", 4);
            for (String id : List.of("healthy-a", "healthy-b", "healthy-c", "healthy-d").subList(0, subscriptionCount)) {
                subscriptions.add(new Subscription(id, url, Set.copyOf(Subscription.TYPES), Set.of(), Set.of(), Set.of(), null,
                        List.of(WebhookServerTest.SECRET), "config", null, 0));
            }
            WebhookSettings settings = new WebhookSettings(true, Duration.ofSeconds(10), Duration.ofHours(24),
                    Duration.ofSeconds(5), Duration.ofHours(1), lanes, subscriptions);
            List<DomainEvent> journal = new ArrayList<>();
            JournalFollower follower = new JournalFollower("webhooks", (after, max) -> {
                synchronized (journal) {
                    int from = (int) after;
                    return Future.succeededFuture(List.copyOf(journal.subList(from, Math.min(journal.size(), from + max))));
                }
            }, () -> 0, false);
            WebhookDispatcher dispatcher = new WebhookDispatcher(settings, follower, new FileCursorStore(vertx, data),
                    data, WebhookMetrics.NOOP);
            await(vertx.deployVerticle(dispatcher));
            long threadId = await(dispatcher.onContext(() -> Future.succeededFuture(Thread.currentThread().getId())));
            var threads = ManagementFactory.getThreadMXBean();

            feed(follower, journal, 0, tickets, received, (long) subscriptionCount * 3 * tickets, subscriptionCount * 3);
            String jfr = System.getProperty("bench.jfr"); // a JFR profile of the measured part, for hot-methods
            jdk.jfr.Recording recording = null;
            if (jfr != null) {
                recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
                recording.setDestination(Path.of(jfr));
                recording.start();
            }
            var allocation = (com.sun.management.ThreadMXBean) threads;
            long cpu0 = threads.getThreadCpuTime(threadId);
            long bytes0 = allocation.getThreadAllocatedBytes(threadId);
            Map<Long, long[]> workers0 = workerThreads(allocation);
            long wall0 = System.nanoTime();
            feed(follower, journal, tickets, tickets, received, (long) subscriptionCount * 3 * 2 * tickets,
                    subscriptionCount * 3);
            await(dispatcher.onContext(() -> { // the last delivery-log flush and cursor save, on workers too
                List<Future<Void>> saves = new ArrayList<>();
                dispatcher.workers().values().forEach(w -> saves.add(w.flushLog()));
                return Future.join(saves).mapEmpty();
            }));
            long cpu = threads.getThreadCpuTime(threadId) - cpu0;
            long bytes = allocation.getThreadAllocatedBytes(threadId) - bytes0;
            long[] workers = new long[2];
            workerThreads(allocation).forEach((id, now) -> {
                long[] then = workers0.getOrDefault(id, new long[2]);
                workers[0] += now[0] - then[0];
                workers[1] += now[1] - then[1];
            });
            long wall = System.nanoTime() - wall0;
            long deliveries = (long) subscriptionCount * 3 * tickets;
            if (recording != null) {
                recording.stop();
                recording.close();
            }
            System.out.printf(java.util.Locale.ROOT,
                    "webhook delivery cost: %d deliveries (%d subscription(s) x 3 events x %d tickets, %d lane(s) each)"
                            + " in %.1f s, %.0f deliveries/s (%.0f per lane);"
                            + " dispatcher thread CPU %.1f us per delivery (%.2f of a core), %.0f bytes allocated"
                            + " per delivery; worker threads (delivery log, cursor and ticket saves) %.1f us and"
                            + " %.0f bytes per delivery; load average %s%n",
                    deliveries, subscriptionCount, tickets, lanes, wall / 1e9, deliveries * 1e9 / wall,
                    deliveries * 1e9 / wall / (subscriptionCount * lanes), cpu / 1e3 / deliveries, (double) cpu / wall,
                    (double) bytes / deliveries, workers[0] / 1e3 / deliveries, (double) workers[1] / deliveries,
                    java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            receiverVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** Vert.x's worker threads (the file writes): thread id → {CPU nanoseconds, allocated bytes}. */
    private static Map<Long, long[]> workerThreads(com.sun.management.ThreadMXBean threads) {
        Map<Long, long[]> out = new java.util.HashMap<>();
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("vert.x-worker-thread")) {
                long id = info.getThreadId();
                out.put(id, new long[] {threads.getThreadCpuTime(id), threads.getThreadAllocatedBytes(id)});
            }
        }
        return out;
    }

    /**
     * Journals and offers {@code count} tickets' lifecycles from ticket {@code first} on
     * ({@code perTicket} deliveries each), then waits for {@code until} deliveries.
     */
    private static void feed(JournalFollower follower, List<DomainEvent> journal, int first, int count, AtomicLong received,
            long until, int perTicket) throws InterruptedException {
        List<DomainEvent> batch = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            String id = "T-" + i;
            long at = System.currentTimeMillis();
            batch.add(created(id, at));
            batch.add(new DomainEvent.TicketAssigned(at, id, "agent-" + (i % 100), null, "agent-" + (i % 100), "auto"));
            batch.add(new DomainEvent.TicketResolved(at, id, "agent-" + (i % 100), "done"));
            if (batch.size() >= 64 || i == first + count - 1) {
                long position;
                synchronized (journal) {
                    position = journal.size() + 1;
                    journal.addAll(batch);
                }
                follower.offer(position, List.copyOf(batch));
                batch.clear();
                long sent = until - (long) perTicket * (first + count - 1 - i); // deliveries this batch completes
                while (sent - received.get() > 6_000) { // a few thousand in flight, like a steady stream
                    Thread.sleep(1);
                }
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (received.get() < until && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        if (received.get() < until) {
            throw new IllegalStateException("only " + received.get() + " of " + until + " deliveries arrived");
        }
    }

    private static DomainEvent.TicketCreated created(String id, long at) {
        TicketDraft draft = new TicketDraft(Channel.CHAT, Priority.NORMAL, new Customer("cust-" + id, CustomerTier.STANDARD,
                "Li"), "refund", "Refund", null, List.of(), null, Set.of(), Map.of("orderNumber", "A-1001"), null);
        return new DomainEvent.TicketCreated(at, id, 1, draft, "general", "key:bot", "intake", null, "fp", null);
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}

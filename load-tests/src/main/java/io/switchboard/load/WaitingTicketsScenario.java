package io.switchboard.load;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code waiting-tickets}: memory per waiting ticket. Posts {@code --count} tickets of the load mix
 * in {@code --steps} steps (as fast as {@code --concurrency} requests in flight allow; this is not a
 * latency test) while no agent is available for them, and reads the server's live heap after a
 * full GC before the first and after each step ({@code --server-pid}); the slope is the heap one
 * more waiting ticket costs. Run it on a server with no connected agents, e.g. freshly started
 * with load-tests/switchboard-load.yaml; a ticket answered other than {@code queued} is counted
 * and reported.
 */
final class WaitingTicketsScenario {
    private WaitingTicketsScenario() {
    }

    static void run(Args a) {
        URI url = Clients.parseBase(a.string("url", "http://localhost:8080"));
        int count = a.integer("count", 100_000);
        int steps = a.integer("steps", 4);
        int concurrency = a.integer("concurrency", 64);
        long pid = a.integer("server-pid", -1);
        long seed = a.integer("seed", 42);
        String results = a.string("results", Common.defaultResults().toString());
        a.rejectUnknown();
        Report report = new Report(Path.of(results), "waiting-tickets",
                new JsonObject().put("url", url.toString()).put("count", count).put("steps", steps));
        LoadMix mix = new LoadMix("chat", seed);
        AtomicLong notQueued = new AtomicLong();
        MemorySteps memory = new MemorySteps("switchboard", "waiting tickets", pid);
        try (Clients clients = new Clients(url, concurrency, 2)) {
            memory.sample(0);
            int posted = 0;
            for (int s = 1; s <= steps; s++) {
                int to = (int) ((long) count * s / steps);
                int from = posted;
                long t = System.nanoTime();
                Futures.forEach(to - from, concurrency, i -> clients.post("/v1/tickets", body(mix, from + i))
                        .map(r -> {
                            if (!r.ok()) {
                                throw new IllegalStateException("POST /v1/tickets answered " + r.status() + ": " + r.body());
                            }
                            if (!"queued".equals(r.body().toJsonObject().getString("status"))) {
                                notQueued.incrementAndGet();
                            }
                            return r;
                        })).toCompletionStage().toCompletableFuture().join();
                System.out.printf(Locale.ROOT, "[waiting-tickets] posted %d tickets in %.1fs%n", to - from,
                        (System.nanoTime() - t) / 1e9);
                posted = to;
                memory.sample(posted);
            }
        }
        JsonObject result = memory.result().put("notQueued", notQueued.get());
        if (notQueued.get() > 0) {
            System.out.printf("warning: %d tickets were offered or assigned, not left waiting (agents were available)%n",
                    notQueued.get());
        }
        report.summary().put("waitingTickets", result);
        report.write();
    }

    /** The mix is single-threaded; requests are issued from several event loops. */
    private static Buffer body(LoadMix mix, long seq) {
        synchronized (mix) {
            return mix.body(seq, 0);
        }
    }
}

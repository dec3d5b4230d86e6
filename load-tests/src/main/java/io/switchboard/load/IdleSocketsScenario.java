package io.switchboard.load;

import com.sun.management.UnixOperatingSystemMXBean;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * {@code idle-sockets}: memory per connected agent WebSocket. Creates {@code --count} agents, then
 * connects them in {@code --steps} equal steps; before the first and after each step it reads the
 * server's live heap after a full GC (needs {@code --server-pid}; see {@link HeapProbe}), its RSS
 * and the kernel's TCP memory. The least-squares slope over the steps is the cost of one more
 * connection; the agents' own profiles are created before the first reading, so they are not
 * counted. With {@code --baseline} the same is done first on the bare server (B_ws).
 *
 * <p>A process may open at most about 20,000 files here, so one generator holds at most ~19,000
 * sockets; larger totals are shown by the slope (or by several generators with {@code --id-offset}).
 */
final class IdleSocketsScenario {
    private static final int FILE_LIMIT_MARGIN = 1000;

    private IdleSocketsScenario() {
    }

    static void run(Args a) {
        URI url = Clients.parseBase(a.string("url", "http://localhost:8080"));
        String base = a.string("baseline", null);
        int count = a.integer("count", 15_000);
        int steps = a.integer("steps", 3);
        int offset = a.integer("id-offset", 0);
        long pid = a.integer("server-pid", -1);
        long baselinePid = a.integer("baseline-pid", -1);
        boolean available = a.flag("available");
        Duration settle = a.duration("settle", "2s");
        Duration hold = a.duration("hold", "0s");
        String prefix = a.string("agent-prefix", "lt-idle-");
        int loops = a.integer("event-loops", 2);
        String results = a.string("results", Common.defaultResults().toString());
        a.rejectUnknown();
        long limit = fileLimit();
        if (limit > 0 && count + FILE_LIMIT_MARGIN > limit) {
            throw new IllegalArgumentException("--count " + count + " needs more files than this process may open ("
                    + limit + "); run several generators with --id-offset, or use the slope at a smaller count");
        }
        JsonObject options = new JsonObject().put("url", url.toString()).put("baseline", base).put("count", count)
                .put("steps", steps).put("available", available).put("idOffset", offset);
        Report report = new Report(Path.of(results), "idle-sockets", options);
        AgentSpec spec = new AgentSpec(prefix, count, offset, false, 0, Map.of(), AgentSpec.loadProfiles(1));
        JsonObject perConnection = new JsonObject();
        report.summary().put("bytesPerConnection", perConnection);
        Double bare = null;
        if (base != null) {
            bare = measure("bare", Target.BARE, Clients.parseBase(base), baselinePid, spec, steps, available, settle,
                    hold, loops, report);
            perConnection.put("bare", bare);
        }
        Double subject = measure("switchboard", Target.SWITCHBOARD, url, pid, spec, steps, available, settle, hold,
                loops, report);
        perConnection.put("switchboard", subject);
        if (bare != null && subject != null && bare > 0) {
            perConnection.put("ratio", Report.round(subject / bare));
            System.out.printf(Locale.ROOT, "heap per connection: switchboard %.0f B, bare %.0f B, ratio %.2f%n",
                    subject, bare, subject / bare);
        }
        report.write();
    }

    /** Returns the live-heap bytes per connection, or null without a pid. */
    private static Double measure(String label, Target target, URI url, long pid, AgentSpec spec, int steps,
            boolean available, Duration settle, Duration hold, int loops, Report report) {
        try (Clients clients = new Clients(url, 16, loops)) {
            Fleet fleet = new Fleet(clients, target, spec, loops);
            long t = System.nanoTime();
            fleet.createProfiles(0, spec.count()).toCompletionStage().toCompletableFuture().join();
            System.out.printf(Locale.ROOT, "[%s] %d agent profiles ready in %.1fs%n", label, spec.count(),
                    (System.nanoTime() - t) / 1e9);
            MemorySteps memory = new MemorySteps(label, "connections", pid);
            memory.sample(0);
            int connected = 0;
            for (int s = 1; s <= steps; s++) {
                int to = (int) ((long) spec.count() * s / steps);
                t = System.nanoTime();
                fleet.connectAgents(connected, to, available).toCompletionStage().toCompletableFuture().join();
                double secs = (System.nanoTime() - t) / 1e9;
                System.out.printf(Locale.ROOT, "[%s] connected %d more sockets in %.1fs (%.0f handshakes/s)%n", label,
                        to - connected, secs, (to - connected) / secs);
                connected = to;
                OpenLoopRun.sleep(settle.toMillis());
                memory.sample(connected);
            }
            report.summary().put("idle-" + label, memory.result());
            if (!hold.isZero()) {
                System.out.printf("[%s] holding %d sockets for %s%n", label, connected, Args.format(hold));
                OpenLoopRun.sleep(hold.toMillis());
            }
            return memory.liveBytesPerItem();
        }
    }

    /** The soft limit on open files of this process, or -1 if unknown. */
    private static long fileLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os) {
            return os.getMaxFileDescriptorCount();
        }
        return -1;
    }
}

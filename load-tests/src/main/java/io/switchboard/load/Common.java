package io.switchboard.load;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The options every open-loop scenario shares, parsed once, and how to open a {@link Session} on
 * a target with them. Defaults are sized so that agents are about half busy at the default rate
 * (rate × handle time ≈ ½ × agents × capacity): the run measures routing, not queueing.
 */
final class Common {
    final Target target;
    final URI url;
    final URI baseline;
    final boolean toAgents;
    final double rate;
    final Duration warmup;
    final Duration duration;
    final int agents;
    final int capacity;
    final Duration handle;
    final Duration think;
    final boolean autoAccept;
    final Arrivals.Kind arrivals;
    final int connections;
    final int eventLoops;
    final long seed;
    final Duration drain;
    final Duration window;
    final long serverPid;
    final long baselinePid;
    final String channel;
    final String agentPrefix;
    final Path results;
    final JsonObject options = new JsonObject();

    /**
     * How a mode presets the options: {@code target} and {@code kind} non-null pin them (the
     * baseline-* modes), the durations are defaults.
     */
    record Preset(Target target, String kind, String duration, String window) {}

    Common(Args a, Preset preset) {
        target = preset.target() != null ? preset.target() : Target.SWITCHBOARD;
        url = Clients.parseBase(a.string("url", target == Target.BARE ? "http://localhost:8090" : "http://localhost:8080"));
        String base = target == Target.SWITCHBOARD ? a.string("baseline", null) : null;
        baseline = base == null ? null : Clients.parseBase(base);
        String kind = preset.kind() != null ? preset.kind() : a.string("kind", "e2e");
        if (!kind.equals("e2e") && !kind.equals("intake")) {
            throw new IllegalArgumentException("--kind must be e2e (tickets reach agents) or intake (POST only)");
        }
        toAgents = kind.equals("e2e");
        rate = a.decimal("rate", 1000);
        warmup = a.duration("warmup", "5s");
        duration = a.duration("duration", preset.duration());
        agents = toAgents ? a.integer("agents", 500) : 0;
        capacity = a.integer("capacity", 10);
        handle = a.duration("handle", "500ms");
        think = a.duration("think", "0ms");
        autoAccept = a.flag("auto-accept");
        arrivals = Arrivals.parseKind(a.string("arrivals", "constant"));
        connections = a.integer("connections", 64);
        eventLoops = a.integer("event-loops", 2);
        seed = a.integer("seed", 42);
        drain = a.duration("drain", "10s");
        window = a.duration("window", preset.window());
        serverPid = a.integer("server-pid", -1);
        baselinePid = a.integer("baseline-pid", -1);
        channel = a.string("channel", "chat");
        agentPrefix = a.string("agent-prefix", "lt-agent-");
        results = Path.of(a.string("results", defaultResults().toString()));
        options.put("url", url.toString()).put("baseline", baseline == null ? null : baseline.toString())
                .put("kind", kind).put("rate", rate).put("warmup", Args.format(warmup)).put("duration", Args.format(duration))
                .put("agents", agents).put("capacity", capacity).put("handle", Args.format(handle))
                .put("think", Args.format(think)).put("autoAccept", autoAccept).put("arrivals", arrivals.name())
                .put("connections", connections).put("eventLoops", eventLoops).put("seed", seed)
                .put("channel", channel);
    }

    /** Warns when the agents cannot keep up with {@code peakRate} (then the run measures queueing). */
    void checkCapacity(double peakRate) {
        if (!toAgents) {
            return;
        }
        double busy = peakRate * handle.toNanos() / 1e9;
        double slots = (double) agents * capacity;
        if (busy > 0.8 * slots) {
            System.out.printf("warning: %.0f/s × %s handle time keeps %.0f tickets busy, %.0f %% of %d agents × %d slots;"
                    + " tickets will queue (raise --agents or --capacity, or lower --handle)%n",
                    peakRate, Args.format(handle), busy, 100 * busy / slots, agents, capacity);
        }
    }

    AgentSpec agentSpec() {
        return new AgentSpec(agentPrefix, agents, 0, autoAccept, think.toNanos(),
                Map.of("default", handle.toNanos()), AgentSpec.loadProfiles(capacity));
    }

    /** Opens clients on {@code target} at {@code url}, with this run's agents connected and available. */
    Session open(String label, Target on, URI at, long pid) {
        return open(label, on, at, pid, Clients.ENV_BEARER);
    }

    /** As {@link #open(String, Target, URI, long)}, sending {@code bearer} (null: none). */
    Session open(String label, Target on, URI at, long pid, String bearer) {
        Clients clients = new Clients(at, connections, eventLoops, bearer);
        Fleet fleet = null;
        if (toAgents) {
            fleet = new Fleet(clients, on, agentSpec(), eventLoops);
            long start = System.nanoTime();
            fleet.connect(0, agents, true).toCompletionStage().toCompletableFuture().join();
            System.out.printf("[%s] %d agents connected and available in %.1fs%n", label, agents,
                    (System.nanoTime() - start) / 1e9);
        }
        OpenLoopRun.Setup setup = new OpenLoopRun.Setup(label, clients, on, toAgents, fleet,
                new LoadMix(channel, seed), new Arrivals(arrivals, seed), drain, window, pid, null);
        return new Session(clients, fleet, setup);
    }

    /** The session on the bare server given by --baseline (which must be set). */
    Session openBaseline() {
        return open("bare", Target.BARE, baseline, baselinePid);
    }

    /** The session on the target under test (--url). */
    Session openSubject() {
        return open(target.label, target, url, serverPid);
    }

    /** {@code load-tests/target/results} when running from the packaged jar, else {@code ./target/results}. */
    static Path defaultResults() {
        try {
            Path jar = Path.of(LoadTests.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent().resolve("results");
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("target", "results");
        }
    }

    /**
     * Clients and agents on one target. Closing lets the agents finish the tickets they hold (up to
     * 30 s, so the server is left without stranded assignments), stops recording and disconnects.
     */
    record Session(Clients clients, Fleet fleet, OpenLoopRun.Setup setup) implements AutoCloseable {
        /** Stops recording and disconnects at once, for a server that is thrown away next (its held tickets do not matter). */
        void abandon() {
            if (fleet != null) {
                fleet.attach(null);
            }
            clients.close();
        }

        @Override
        public void close() {
            if (fleet != null) {
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (fleet.held.get() > 0 && System.nanoTime() < deadline) {
                    OpenLoopRun.sleep(50);
                }
                fleet.attach(null);
            }
            clients.close();
        }
    }
}

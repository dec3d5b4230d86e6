package io.switchboard.load;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * {@code webhooks}: issue 14's webhook budget. Every run measures the same open-loop schedule
 * ({@code --rate 2000}, auto-accepting agents that resolve what they get, as in {@code e2e}) on two
 * fresh Switchboards (its warm-up climbs to the rate in four steps, {@link RatePlan#rampedUp}), back to back, in alternating order: one without webhook subscriptions and
 * one with two, registered through {@code POST /v1/webhooks} before the agents connect: a healthy
 * receiver (every event type, answers 200, lag and exactly-once booked by {@link DeliveryBook},
 * signatures checked on a sample) and a failing one (every event type, answers 500 to everything).
 * Both receivers run in this process ({@link WebhookSink}); both servers get the same configuration:
 * {@code --config} plus a {@code webhooks} section allowing loopback URLs (the SSRF guard's
 * {@code allowPrivateNetworks}) with the server's default retry settings unless overridden.
 * After the drain the run waits (up to {@code --settle}) for the healthy receiver to have every
 * created ticket's {@code ticket.created}. Reports created → push p99 of both halves, their ratio,
 * the healthy lag p50/p99/max and the delivery counts, per run and as medians, with the verdicts.
 */
final class WebhookBudgetScenario {
    static final List<String> DEFAULTS = List.of("--auto-accept", "true", "--agents", "100", "--capacity", "10",
            "--handle", "50ms", "--warmup", "15s", "--duration", "20s", "--window", "5s", "--drain", "10s",
            "--rate", "2000");

    private final Common c;
    private final Path jar;
    private final Path config;
    private final Path tmpRoot;
    private final String store;
    private final Duration settle;
    private final int verifyEvery;
    private final Report report;
    /** JFR settings for the with-subscribers server ("profile"), or null: none. */
    private String serverJfr;
    /** {@code --server-jvm-options} for both halves (empty by default: what users run). */
    private List<String> serverJvmOptions = List.of();

    /** One half of a run. */
    record Half(Histogram push, double p99Ms, boolean tailIsLowerBound, long created, long resolved, long errors,
            double serverCores, double serverCpuMicrosPerTicket, DeliveryBook.Summary healthy, long failingRequests, long verified, long badSignatures,
            String loadAverage, Map<String, Long> threadCpuNanos, Map<String, Long> threadAllocatedBytes,
            long windowTickets, JfrProbe.Summary gc) {}

    private WebhookBudgetScenario(Common c, Path jar, Path config, Path tmpRoot, String store, Duration settle,
            int verifyEvery, Report report) {
        this.c = c;
        this.jar = jar;
        this.config = config;
        this.tmpRoot = tmpRoot;
        this.store = store;
        this.settle = settle;
        this.verifyEvery = verifyEvery;
        this.report = report;
    }

    static String[] withDefaults(String[] argv) {
        List<String> out = new ArrayList<>();
        out.add(argv[0]);
        out.addAll(DEFAULTS);
        out.addAll(Arrays.asList(argv).subList(1, argv.length));
        return out.toArray(String[]::new);
    }

    /**
     * The configuration both servers run: {@code base} with a {@code webhooks} section appended that
     * allows loopback endpoints (the receivers are on this machine) and sets the retry and pool
     * settings given. {@code base} must not have a {@code webhooks} section of its own.
     */
    static String configWithWebhooks(String base, Duration initialBackoff, int connectionsPerEndpoint) {
        if (base.lines().anyMatch(line -> line.startsWith("webhooks:"))) {
            throw new IllegalArgumentException("--config already has a webhooks section; give one without it");
        }
        return base + (base.endsWith("\n") ? "" : "\n") + "\n# added by load-tests webhooks: the receivers listen on loopback\n"
                + "webhooks:\n  allowPrivateNetworks: true\n  initialBackoff: " + Args.format(initialBackoff) + "\n"
                + "  connectionsPerEndpoint: " + connectionsPerEndpoint + "\n";
    }

    static void run(Args a) {
        Path jar = Path.of(a.string("jar", "target/switchboard.jar")).toAbsolutePath();
        Path base = Path.of(a.string("config", "load-tests/switchboard-load.yaml")).toAbsolutePath();
        String store = E2eScenario.parseStores(a.string("store", "file")).get(0);
        int runs = a.integer("runs", 3);
        Duration settle = a.duration("settle", "30s");
        Duration initialBackoff = a.duration("initial-backoff", "5s");
        int connectionsPerEndpoint = a.integer("connections-per-endpoint",
                io.switchboard.hooks.WebhookSettings.DEFAULT_CONNECTIONS_PER_ENDPOINT);
        int verifyEvery = a.integer("verify-every", 100);
        String serverJfr = a.string("server-jfr", null);
        if (serverJfr != null && !serverJfr.equals("default") && !serverJfr.equals("profile")) {
            throw new IllegalArgumentException("--server-jfr takes default or profile, was '" + serverJfr + "'");
        }
        List<String> serverJvmOptions = E2eScenario.parseJvmOptions(a.string("server-jvm-options", ""));
        Path tmpRoot = Path.of(a.string("tmp", System.getProperty("java.io.tmpdir")));
        Common c = new Common(a, new Common.Preset(Target.SWITCHBOARD, "e2e", "20s", "5s"));
        a.rejectUnknown();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("--jar " + jar + " does not exist (build it: ./mvnw -B -q package -DskipTests)");
        }
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1");
        }
        c.checkCapacity(c.rate);
        Path config;
        try {
            Files.createDirectories(tmpRoot);
            config = Files.createTempFile(tmpRoot, "sb-webhooks-", ".yaml");
            Files.writeString(config, configWithWebhooks(Files.readString(base), initialBackoff, connectionsPerEndpoint));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read --config " + base + " (run from the repository root)", e);
        }
        JsonObject options = c.options.copy();
        options.remove("url");
        options.remove("baseline");
        options.put("jar", jar.toString()).put("config", base.toString()).put("store", store).put("runs", runs)
                .put("settle", Args.format(settle)).put("initialBackoff", Args.format(initialBackoff))
                .put("connectionsPerEndpoint", connectionsPerEndpoint).put("verifyEvery", verifyEvery)
                .put("serverJvmOptions", new JsonArray(new ArrayList<>(serverJvmOptions)));
        Report report = new Report(c.results, "webhooks", options);
        try {
            WebhookBudgetScenario scenario = new WebhookBudgetScenario(c, jar, config, tmpRoot, store, settle,
                    verifyEvery, report);
            scenario.serverJfr = serverJfr;
            scenario.serverJvmOptions = serverJvmOptions;
            scenario.go(runs);
        } finally {
            try {
                Files.deleteIfExists(config);
            } catch (IOException e) {
                System.out.println("warning: could not delete " + config);
            }
        }
    }

    private void go(int runs) {
        List<WebhookBudget.Pair> pairs = new ArrayList<>();
        JsonArray runsJson = new JsonArray();
        boolean saturated = false;
        for (int run = 1; run <= runs; run++) {
            Half with;
            Half without;
            if (WebhookBudget.withFirst(run)) {
                with = measure(true, run);
                without = measure(false, run);
            } else {
                without = measure(false, run);
                with = measure(true, run);
            }
            DeliveryBook.Summary h = with.healthy();
            WebhookBudget.Pair pair = new WebhookBudget.Pair(run, without.p99Ms(), with.p99Ms(), h.lagMs(99), h.duplicates(),
                    with.created(), h.ticketsCreated());
            pairs.add(pair);
            saturated |= with.tailIsLowerBound() || without.tailIsLowerBound();
            runsJson.add(new JsonObject().put("run", run).put("withFirst", WebhookBudget.withFirst(run))
                    .put("without", halfJson(without)).put("with", halfJson(with))
                    .put("p99Ratio", Report.nullIfNaN(pair.ratio())).put("exactlyOnce", pair.exactlyOnce()));
            System.out.printf(Locale.ROOT, "webhooks run %d: created → push p99 %s%.2f ms without, %s%.2f ms with (%.2f×);"
                    + " healthy lag p50 %.0f ms, p99 %.0f ms, max %.0f ms; %d deliveries, %d duplicates, tickets %d created,"
                    + " %d delivered; failing endpoint asked %d times; server CPU per ticket %.0f µs without, %.0f µs with%n", run, without.tailIsLowerBound() ? "≥ " : "",
                    without.p99Ms(), with.tailIsLowerBound() ? "≥ " : "", with.p99Ms(), pair.ratio(),
                    h.lagMs(50), h.lagMs(99), h.maxLagMs(), h.deliveries(), h.duplicates(), with.created(),
                    h.ticketsCreated(), with.failingRequests(), without.serverCpuMicrosPerTicket(),
                    with.serverCpuMicrosPerTicket());
            System.out.printf(Locale.ROOT, "webhooks run %d: GC pauses in the window: without %s; with %s%n", run,
                    pauses(without.gc()), pauses(with.gc()));
            printThreads(without, with);
        }
        WebhookBudget.Verdict v = WebhookBudget.judge(pairs);
        List<Double> lagP50 = new ArrayList<>();
        List<Double> lagMax = new ArrayList<>();
        for (int i = 0; i < runsJson.size(); i++) {
            JsonObject healthy = runsJson.getJsonObject(i).getJsonObject("with").getJsonObject("healthy");
            lagP50.add(number(healthy.getValue("lagP50Ms")));
            lagMax.add(number(healthy.getValue("lagMaxMs")));
        }
        JsonObject medians = new JsonObject().put("withoutP99Ms", Report.nullIfNaN(v.withoutP99Ms()))
                .put("withP99Ms", Report.nullIfNaN(v.withP99Ms())).put("p99Ratio", Report.nullIfNaN(v.ratio()))
                .put("lagP50Ms", Report.nullIfNaN(Stats.median(lagP50))).put("lagP99Ms", Report.nullIfNaN(v.lagP99Ms()))
                .put("lagMaxMs", Report.nullIfNaN(Stats.median(lagMax)));
        JsonArray targets = new JsonArray()
                .add(target("created → push p99, with ÷ without subscribers", saturated ? Double.NaN : v.ratio(),
                        "≤ " + WebhookBudget.MAX_RATIO + (saturated ? " (n/a: more than 1 % of a run's tickets never"
                                + " reached an agent, so its p99 is only a lower bound)" : ""), v.ratioMet()))
                .add(target("healthy subscriber's delivery lag p99 (ms)", v.lagP99Ms(), "≤ " + WebhookBudget.MAX_LAG_P99_MS,
                        v.lagMet()))
                .add(new JsonObject().put("target", "exactly once: no webhook-id twice, every created ticket's ticket.created delivered within --settle")
                        .put("verdict", v.exactlyOnce() ? "PASS" : "FAIL"));
        report.summary().put("webhooks", new JsonObject().put("runs", runsJson).put("median", medians).put("targets", targets));
        System.out.printf(Locale.ROOT, "%n== webhooks: medians over %d run(s), %.0f tickets/s, %s store ==%n", pairs.size(),
                c.rate, store);
        System.out.printf(Locale.ROOT, "created → push p99: without %.2f ms, with %.2f ms, ratio %.2f×%n", v.withoutP99Ms(),
                v.withP99Ms(), v.ratio());
        System.out.printf(Locale.ROOT, "healthy delivery lag: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", Stats.median(lagP50),
                v.lagP99Ms(), Stats.median(lagMax));
        for (int i = 0; i < targets.size(); i++) {
            JsonObject t = targets.getJsonObject(i);
            System.out.printf(Locale.ROOT, "%-5s %s%s%n", t.getString("verdict"), t.getString("target"),
                    !t.containsKey("measured") ? "" : t.getDouble("measured") == null ? ": " + t.getString("limit")
                            : String.format(Locale.ROOT, ": %.2f %s", t.getDouble("measured"), t.getString("limit")));
        }
        report.write();
    }

    /**
     * Per thread group, CPU µs and allocated bytes per ticket sent in the measured window, from the
     * window's start to the end of the settle, without and with subscribers, and the difference:
     * which threads the subscribers' extra cost lands on.
     */
    private static void printThreads(Half without, Half with) {
        TreeSet<String> groups = new TreeSet<>(without.threadCpuNanos().keySet());
        groups.addAll(with.threadCpuNanos().keySet());
        groups.addAll(without.threadAllocatedBytes().keySet());
        groups.addAll(with.threadAllocatedBytes().keySet());
        System.out.printf(Locale.ROOT, "%-44s %10s %10s %10s %12s %12s %12s%n", "thread group (per ticket sent in the window)",
                "cpu µs w/o", "cpu µs w/", "Δ µs", "alloc B w/o", "alloc B w/", "Δ B");
        double[] totals = new double[4];
        for (String g : groups) {
            double c0 = perTicket(without.threadCpuNanos().get(g), without.windowTickets()) / 1000;
            double c1 = perTicket(with.threadCpuNanos().get(g), with.windowTickets()) / 1000;
            double a0 = perTicket(without.threadAllocatedBytes().get(g), without.windowTickets());
            double a1 = perTicket(with.threadAllocatedBytes().get(g), with.windowTickets());
            totals[0] += c0;
            totals[1] += c1;
            totals[2] += a0;
            totals[3] += a1;
            if (Math.max(c0, c1) >= 1 || Math.max(a0, a1) >= 100) {
                System.out.printf(Locale.ROOT, "%-44s %10.1f %10.1f %+10.1f %12.0f %12.0f %+12.0f%n", g, c0, c1, c1 - c0,
                        a0, a1, a1 - a0);
            }
        }
        System.out.printf(Locale.ROOT, "%-44s %10.1f %10.1f %+10.1f %12.0f %12.0f %+12.0f%n", "all threads", totals[0],
                totals[1], totals[1] - totals[0], totals[2], totals[3], totals[3] - totals[2]);
    }

    private static double perTicket(Long value, long created) {
        return value == null || created == 0 ? 0 : (double) value / created;
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static JsonObject target(String name, double measured, String limit, boolean met) {
        return new JsonObject().put("target", name).put("measured", Report.nullIfNaN(measured)).put("limit", limit)
                .put("verdict", Double.isNaN(measured) ? "n/a" : met ? "PASS" : "FAIL");
    }

    private Half measure(boolean subscribers, int run) {
        String label = (subscribers ? "with" : "without") + "-r" + run;
        Path dir;
        try {
            dir = Files.createTempDirectory(tmpRoot, "sb-webhooks-" + label + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String load = E2eScenario.loadAverage();
        System.out.printf(Locale.ROOT, "%n#### webhooks %s: %s store, %.0f tickets/s, %s (load average %s) ####%n", label,
                store, c.rate, subscribers ? "healthy + failing subscriber" : "no subscriber", load);
        // both halves climb to the rate: a cold server's start-up backlog must not be the baseline's tail
        RatePlan plan = RatePlan.rampedUp("webhooks", c.rate, c.warmup, c.duration);
        WebhookSink healthy = subscribers ? WebhookSink.start(true, verifyEvery) : null;
        WebhookSink failing = subscribers ? WebhookSink.start(false, 1) : null;
        List<String> command = new ArrayList<>(List.of(ServerProcess.java()));
        if (serverJfr != null) {
            // both halves: where the CPU that subscribers add goes (hot-methods reads it)
            Path jfr = c.results.resolve("webhooks-" + label + "-" + System.currentTimeMillis() + ".jfr").toAbsolutePath();
            createDirectoriesQuietly(jfr.getParent());
            command.add("-XX:StartFlightRecording=settings=" + serverJfr + ",dumponexit=true,filename=" + jfr);
            System.out.println("server JFR: " + jfr);
        }
        command.addAll(serverJvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "--config", config.toString()));
        try (ServerProcess server = ServerProcess.start(command, E2eScenario.switchboardEnv(dir, store), dir,
                dir.resolve("switchboard.log"))) {
            String token = ServerProcess.runForLine(List.of(ServerProcess.java(), "-jar", jar.toString(), "mint-token",
                    "--sub", "load", "--role", "admin", "--ttl", "8h", "--config", config.toString()),
                    E2eScenario.switchboardEnv(dir, store), dir);
            if (subscribers) {
                subscribe(server, token, "lt-healthy", healthy);
                subscribe(server, token, "lt-failing", failing);
            }
            Common.Session s = c.open("switchboard " + label, Target.SWITCHBOARD, server.url, server.pid(), token);
            RunResult r;
            long cpu0 = CpuClock.process(server.pid());
            JfrProbe.start(server.pid(), dir);
            Instant from = Instant.now().plusMillis(100).plus(c.warmup);
            // per-thread CPU from the measured window's start (after the climb and the JIT's first
            // compilations) to the end of the settle: steady-state cost, not start-up
            WindowCpu windowCpu = WindowCpu.from(server.pid(), from);
            try {
                // OpenLoopRun starts its schedule 100 ms after it is called; the window is its recorded phase.
                if (healthy != null) {
                    healthy.book().window(from.toEpochMilli(), from.plus(c.duration).toEpochMilli());
                }
                r = OpenLoopRun.run(s.setup(), plan);
                report.add(r);
            } finally {
                s.abandon();
            }
            long created = r.metrics().countAll(Metrics.Count.CREATED);
            if (healthy != null) {
                awaitDelivered(healthy, created);
            }
            long cpu1 = CpuClock.process(server.pid());
            Map<String, Long> threadCpu = windowCpu.byGroup();
            Path allocation = dir.resolve("allocation.jfr");
            JfrProbe.stop(server.pid(), allocation);
            Map<String, Long> allocated = JfrProbe.allocatedByGroup(allocation, from);
            // the measured window's pauses: each half's p99 is mostly what its pauses delay
            JfrProbe.Summary gc = JfrProbe.summarise(allocation, from, from.plus(c.duration));
            long windowTickets = r.recordedCount(Metrics.Count.SENT);
            double cpuPerTicket = cpu0 < 0 || cpu1 < 0 || created == 0 ? Double.NaN : (cpu1 - cpu0) / 1000.0 / created;
            Histogram arrived = r.metrics().recorded(Metrics.Kind.OFFER);
            arrived.add(r.metrics().recorded(Metrics.Kind.QUEUE_WAIT));
            Histogram push = E2eScenario.withMissing(arrived, r.recordedCount(Metrics.Count.SENT), c.drain.toNanos() / 1000);
            long missing = push.getTotalCount() - arrived.getTotalCount();
            return new Half(push, E2eScenario.percentileMs(push, 99), missing > 0.01 * push.getTotalCount(), created, r.metrics().countAll(Metrics.Count.RESOLVED),
                    r.recordedErrors(), r.serverCores(), cpuPerTicket, healthy == null ? null : healthy.book().summary(),
                    failing == null ? 0 : failing.requests(), healthy == null ? 0 : healthy.verified(),
                    healthy == null ? 0 : healthy.badSignatures(), load, threadCpu, allocated, windowTickets, gc);
        } finally {
            if (healthy != null) {
                healthy.close();
                failing.close();
            }
            deleteTree(dir.resolve("data"));
        }
    }

    /** Registers {@code sink} for every event type through the admin API; the secret is shown in this answer only. */
    private static void subscribe(ServerProcess server, String token, String id, WebhookSink sink) {
        try (Clients clients = new Clients(server.url, 1, 1, token)) {
            Clients.Response answer = clients.post("/v1/webhooks", Buffer.buffer(new JsonObject().put("id", id)
                    .put("url", sink.url()).encode())).toCompletionStage().toCompletableFuture().join();
            if (answer.status() != 201) {
                throw new IllegalStateException("POST /v1/webhooks answered " + answer.status() + ": " + answer.body());
            }
            sink.secret(answer.body().toJsonObject().getString("secret"));
        }
    }

    /**
     * Waits until the healthy receiver has {@code ticket.created} of {@code created} tickets and
     * nothing arrived for a second, or {@link #settle} passed (then the counts show what is missing).
     */
    private void awaitDelivered(WebhookSink healthy, long created) {
        long deadline = System.nanoTime() + settle.toNanos();
        while (System.nanoTime() < deadline) {
            DeliveryBook.Summary now = healthy.book().summary();
            if (now.ticketsCreated() >= created && System.currentTimeMillis() - now.lastArrivalMillis() > 1000) {
                return;
            }
            OpenLoopRun.sleep(100);
        }
    }

    /** "N pauses, max X ms, total Y ms (collector)" for the per-run line. */
    static String pauses(JfrProbe.Summary gc) {
        if (gc.pauses() == 0) {
            return "none (" + gc.collector() + ")";
        }
        return String.format(Locale.ROOT, "%d pauses, max %.1f ms, total %.0f ms (%s)", gc.pauses(), gc.maxPauseMs(),
                gc.totalPauseMs(), gc.collector());
    }

    private static JsonObject halfJson(Half h) {
        JsonObject json = new JsonObject().put("loadAverage", h.loadAverage()).put("push", RunJson.latency(h.push()))
                .put("p99Ms", Report.nullIfNaN(h.p99Ms())).put("tailIsLowerBound", h.tailIsLowerBound())
                .put("ticketsCreated", h.created())
                .put("ticketsResolved", h.resolved()).put("errors", h.errors())
                .put("serverCores", Report.nullIfNaN(h.serverCores()))
                .put("serverCpuMicrosPerTicket", Report.nullIfNaN(h.serverCpuMicrosPerTicket()))
                .put("gc", new JsonObject().put("collector", h.gc().collector()).put("pauses", h.gc().pauses())
                        .put("maxPauseMs", Report.nullIfNaN(h.gc().maxPauseMs()))
                        .put("totalPauseMs", Report.round(h.gc().totalPauseMs())));
        JsonObject threads = new JsonObject();
        h.threadCpuNanos().forEach((g, nanos) -> threads.put(g, new JsonObject().put("cpuMicrosPerTicket",
                perTicket(nanos, h.windowTickets()) / 1000)));
        h.threadAllocatedBytes().forEach((g, bytes) -> {
            JsonObject t = threads.getJsonObject(g);
            if (t == null) {
                threads.put(g, t = new JsonObject());
            }
            t.put("allocatedBytesPerTicket", perTicket(bytes, h.windowTickets()));
        });
        json.put("threads", threads);
        if (h.healthy() != null) {
            DeliveryBook.Summary s = h.healthy();
            JsonObject types = new JsonObject();
            s.byType().forEach(types::put);
            json.put("healthy", new JsonObject().put("deliveries", s.deliveries()).put("distinctIds", s.distinctIds())
                    .put("duplicates", s.duplicates()).put("unreadable", s.unreadable())
                    .put("ticketsCreatedDelivered", s.ticketsCreated()).put("ticketsResolvedDelivered", s.ticketsResolved())
                    .put("byType", types).put("lagCount", s.lag().getTotalCount())
                    .put("lagP50Ms", Report.nullIfNaN(s.lagMs(50))).put("lagP99Ms", Report.nullIfNaN(s.lagMs(99)))
                    .put("lagMaxMs", Report.nullIfNaN(s.maxLagMs()))
                    .put("signaturesVerified", h.verified()).put("badSignatures", h.badSignatures()))
                    .put("failingRequests", h.failingRequests());
        }
        return json;
    }

    private static void createDirectoriesQuietly(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            System.out.println("warning: could not delete " + dir + ": " + e.getMessage());
        }
    }
}

package io.switchboard.load;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * {@code e2e}: issue 12's speed table in one command. For every run, store and rate it starts,
 * per measurement, a fresh bare relay and a fresh Switchboard ({@code java -jar switchboard.jar
 * --config ...}, no JVM flags: what users run) in a new temp directory, mints an admin token,
 * measures the disk's fdatasync p99 in that directory, and drives both with the same generator and
 * the same open-loop schedule: auto-accepting agents that resolve every ticket they get. It reports
 * created → push from the intended send time (no coordinated omission), the rate each server
 * achieved in the measured window, the server's GC pauses and allocation per ticket (JFR started
 * with jcmd, no flag), closed-loop intake against the bare POST server, medians over the runs, the
 * issue's targets with pass/fail, and a percentile plot (SVG) per case beside summary.json.
 */
final class E2eScenario {
    /** Defaults that differ from the other modes'; anything on the command line overrides them. */
    static final List<String> DEFAULTS = List.of("--auto-accept", "true", "--agents", "100", "--capacity", "10",
            "--handle", "50ms", "--warmup", "15s", "--duration", "20s", "--window", "5s", "--drain", "10s");
    static final List<String> STORES = List.of("memory", "file");

    private static final String[] RELAY_COLORS = {"#1f5fbf", "#4f8fdf", "#8fb8ef"};
    private static final String[] SWITCHBOARD_COLORS = {"#c0392b", "#e67e22", "#d4a017"};

    private final Common c;
    private final Path jar;
    private final Path config;
    private final Path tmpRoot;
    private final int fsyncSamples;
    private final boolean jfr;
    private final Report report;
    /** Wait before each measurement until the 1-minute load average is at most this (NaN: do not wait). */
    private double quietBelow = Double.NaN;
    private Duration quietWait = Duration.ZERO;
    /**
     * JFR settings ({@code default} or {@code profile}) for a recording of the whole Switchboard
     * process started by {@code -XX:StartFlightRecording}, kept as {@code switchboard-profile.jfr}
     * in the case's directory; null: no flag. For CPU profiles only: the figures of such a run are
     * not the no-flag server's.
     */
    private String serverJfr;
    /** Whether the warm-up climbs to the rate ({@link #plan}). */
    private boolean climb;
    /**
     * JVM options for Switchboard ({@code --server-jvm-options}), empty by default: the no-flag
     * server is what users run and what the targets are judged on; these measure the optional
     * flags docs/BENCHMARKS.md discusses (a collector, a pause goal).
     */
    private List<String> serverJvmOptions = List.of();

    /** The figures of one run of one case. */
    /**
     * One server's figures for one run. {@code lifecycles}: the mean of the intakes, pushes and
     * resolves that completed in the measured window, the ticket lifecycles' worth of work done in
     * it (at a steady state all three are equal; a server that falls behind does them unevenly).
     */
    record Side(Histogram push, double achievedPerSecond, double achievedShare, long errors, int waitingAtEnd,
            double serverCores, double lifecycles, long missing) {
        /** More than 1 % of the tickets never reached an agent: p99 and above are only lower bounds. */
        boolean tailIsLowerBound() {
            return missing > 0.01 * (push.getTotalCount());
        }
    }

    /**
     * {@code threadCpuNanos}: Switchboard's CPU time per thread group in the measured window
     * ({@link WindowCpu}), empty when it could not be read.
     */
    record CaseRun(int run, String loadAverage, Side relay, Side switchboard, double fsyncP99Ms, JfrProbe.Summary gc,
            double allocBytesPerTicket, Map<String, Long> threadCpuNanos) {}

    private E2eScenario(Common c, Path jar, Path config, Path tmpRoot, int fsyncSamples, boolean jfr, Report report) {
        this.c = c;
        this.jar = jar;
        this.config = config;
        this.tmpRoot = tmpRoot;
        this.fsyncSamples = fsyncSamples;
        this.jfr = jfr;
        this.report = report;
    }

    /** {@code argv} (mode first) with {@link #DEFAULTS} inserted after the mode, so the command line wins. */
    static String[] withDefaults(String[] argv) {
        List<String> out = new ArrayList<>();
        out.add(argv[0]);
        out.addAll(DEFAULTS);
        out.addAll(Arrays.asList(argv).subList(1, argv.length));
        return out.toArray(String[]::new);
    }

    /** {@code "1000,5000"} → [1000.0, 5000.0]; every rate must be positive. */
    static List<Double> parseRates(String text) {
        List<Double> rates = new ArrayList<>();
        for (String part : text.split(",")) {
            double rate;
            try {
                rate = Double.parseDouble(part.trim().replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--rates must be numbers separated by commas, was '" + text + "'");
            }
            if (!(rate > 0)) {
                throw new IllegalArgumentException("--rates must be positive, was '" + text + "'");
            }
            rates.add(rate);
        }
        return rates;
    }

    /** {@code "memory,file"} → the stores, each one of {@link #STORES}. */
    static List<String> parseStores(String text) {
        List<String> stores = new ArrayList<>();
        for (String part : text.split(",")) {
            String store = part.trim();
            if (!STORES.contains(store)) {
                throw new IllegalArgumentException("--stores takes memory and/or file, was '" + text + "'");
            }
            stores.add(store);
        }
        return stores;
    }

    /**
     * {@code --server-jvm-options}: JVM options separated by spaces, each starting with {@code -XX:}
     * or {@code -X} (a collector, a pause goal, a heap size); anything else, say a stray
     * {@code -jar} or a class path, is refused rather than passed to the server's command line.
     */
    static List<String> parseJvmOptions(String text) {
        List<String> options = new ArrayList<>();
        for (String option : text.trim().split("\\s+")) {
            if (option.isEmpty()) {
                continue;
            }
            if (!option.startsWith("-X") || option.equals("-X")) {
                throw new IllegalArgumentException("--server-jvm-options takes -XX:... and -X... options separated by"
                        + " spaces, was '" + option + "'");
            }
            options.add(option);
        }
        return List.copyOf(options);
    }

    /** {@code --warmup-climb}: true or false, nothing else (a typo must not quietly measure the other way). */
    static boolean parseClimb(String text) {
        if (!text.equals("true") && !text.equals("false")) {
            throw new IllegalArgumentException("--warmup-climb takes true or false, was '" + text + "'");
        }
        return Boolean.parseBoolean(text);
    }

    /**
     * Each side's schedule: the full rate from the first second (the default, comparable with the
     * figures before the option), or a warm-up that climbs to it in four steps
     * ({@link RatePlan#rampedUp}). At the full rate at once a cold Switchboard runs its hot path
     * half compiled for its first ~40 s at 5k/s and builds a backlog it never drains (BENCHMARKS.md,
     * "Issue 12"), so the measured window's tail says more about the start than the steady state.
     */
    static RatePlan plan(boolean climb, double rate, Duration warmup, Duration duration) {
        return climb ? RatePlan.rampedUp("e2e", rate, warmup, duration) : RatePlan.steady("e2e", rate, warmup, duration);
    }

    static void run(Args a) {
        Path jar = Path.of(a.string("jar", "target/switchboard.jar")).toAbsolutePath();
        Path config = Path.of(a.string("config", "load-tests/switchboard-load.yaml")).toAbsolutePath();
        List<Double> rates = parseRates(a.string("rates", "1000,5000,8000"));
        List<String> stores = parseStores(a.string("stores", "memory,file"));
        int runs = a.integer("runs", 3);
        boolean intake = Boolean.parseBoolean(a.string("intake", "true"));
        Duration intakeWarmup = a.duration("intake-warmup", "5s");
        Duration intakeDuration = a.duration("intake-duration", "10s");
        int intakeConcurrency = a.integer("intake-concurrency", 64);
        boolean jfr = Boolean.parseBoolean(a.string("jfr", "true"));
        int fsyncSamples = a.integer("fsync-samples", 1000);
        Path tmpRoot = Path.of(a.string("tmp", System.getProperty("java.io.tmpdir")));
        double quietBelow = a.decimal("quiet-below", Double.NaN);
        Duration quietWait = a.duration("quiet-wait", "5m");
        String serverJfr = a.string("server-jfr", null);
        boolean climb = parseClimb(a.string("warmup-climb", "false"));
        List<String> serverJvmOptions = parseJvmOptions(a.string("server-jvm-options", ""));
        Common c = new Common(a, new Common.Preset(Target.SWITCHBOARD, "e2e", "20s", "5s"));
        a.rejectUnknown();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("--jar " + jar + " does not exist (build it: ./mvnw -B -q package -DskipTests)");
        }
        if (!Files.isRegularFile(config)) {
            throw new IllegalArgumentException("--config " + config + " does not exist (run from the repository root)");
        }
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1");
        }
        for (double rate : rates) {
            c.checkCapacity(rate);
        }
        JsonObject options = c.options.copy();
        options.remove("url");
        options.remove("baseline");
        options.remove("rate");
        options.put("jar", jar.toString()).put("config", config.toString()).put("rates", new JsonArray(rates))
                .put("stores", new JsonArray(stores)).put("runs", runs).put("intake", intake)
                .put("intakeWarmup", Args.format(intakeWarmup)).put("intakeDuration", Args.format(intakeDuration))
                .put("intakeConcurrency", intakeConcurrency).put("jfr", jfr).put("fsyncSamples", fsyncSamples)
                .put("quietBelow", Report.nullIfNaN(quietBelow)).put("quietWait", Args.format(quietWait))
                .put("serverJfr", serverJfr).put("warmupClimb", climb)
                .put("serverJvmOptions", new JsonArray(new ArrayList<>(serverJvmOptions)));
        Report report = new Report(c.results, "e2e", options);
        E2eScenario scenario = new E2eScenario(c, jar, config, tmpRoot, fsyncSamples, jfr, report);
        scenario.quietBelow = quietBelow;
        scenario.quietWait = quietWait;
        if (serverJfr != null && !serverJfr.equals("default") && !serverJfr.equals("profile")) {
            throw new IllegalArgumentException("--server-jfr takes default or profile, was '" + serverJfr + "'");
        }
        scenario.serverJfr = serverJfr;
        scenario.climb = climb;
        scenario.serverJvmOptions = serverJvmOptions;
        scenario.go(rates, stores, runs, intake ? new IntakePlan(intakeWarmup, intakeDuration, intakeConcurrency) : null);
    }

    record IntakePlan(Duration warmup, Duration duration, int concurrency) {}

    private void go(List<Double> rates, List<String> stores, int runs, IntakePlan intakePlan) {
        Map<String, List<CaseRun>> byCase = new LinkedHashMap<>();
        Map<String, List<Double>> intake = new LinkedHashMap<>();
        JsonArray intakeRuns = new JsonArray();
        for (int run = 1; run <= runs; run++) {
            // Runs outermost: a slow spell of the shared box hits one run of every case, not every run of one.
            for (String store : stores) {
                for (double rate : rates) {
                    byCase.computeIfAbsent(key(store, rate), k -> new ArrayList<>()).add(measureCase(store, rate, run));
                }
            }
            if (intakePlan != null) {
                intakeRuns.add(measureIntake(stores, run, intakePlan, intake));
            }
        }
        JsonArray cases = new JsonArray();
        List<E2eTargets.Case> medians = new ArrayList<>();
        for (Map.Entry<String, List<CaseRun>> e : byCase.entrySet()) {
            String[] parts = e.getKey().split("@");
            String store = parts[0];
            double rate = Double.parseDouble(parts[1]);
            E2eTargets.Case m = median(store, rate, e.getValue());
            medians.add(m);
            cases.add(caseJson(m, e.getValue()));
            plot(store, rate, e.getValue());
        }
        JsonObject intakeJson = new JsonObject().put("runs", intakeRuns);
        intake.forEach((name, values) -> intakeJson.put(name + "Median", Report.nullIfNaN(Stats.median(values))));
        double durableRatio = Stats.median(intake.getOrDefault("fileRatio", List.of()));
        List<E2eTargets.Check> checks = E2eTargets.check(medians, durableRatio);
        JsonArray checksJson = new JsonArray();
        for (E2eTargets.Check check : checks) {
            checksJson.add(new JsonObject().put("target", check.target()).put("measured", check.measured())
                    .put("limit", check.limit()).put("verdict", check.verdict()));
        }
        report.summary().put("e2e", new JsonObject().put("cases", cases).put("intake", intakeJson).put("targets", checksJson));
        printPercentiles(cases);
        printTable(medians, intake, checks);
        report.write();
    }

    static String key(String store, double rate) {
        return store + "@" + rate;
    }

    private CaseRun measureCase(String store, double rate, int run) {
        String label = store + "-" + Math.round(rate) + "-r" + run;
        Path dir = tempDir("sb-e2e-" + label + "-");
        awaitQuiet();
        String load = loadAverage();
        System.out.printf(Locale.ROOT, "%n#### e2e %s: %s, %.0f tickets/s, run %d (load average %s) ####%n", label, store,
                rate, run, load);
        double fsyncP99 = FsyncProbe.measure(dir, fsyncSamples).getValueAtPercentile(99) / 1000.0;
        RatePlan plan = plan(climb, rate, c.warmup, c.duration);
        // Each side is read and reported before its session closes: closing fails the requests still
        // unanswered after the drain, which are already counted as unanswered, not as errors.
        // Sessions are abandoned, not closed: both servers are thrown away after their run.
        RunResult relay;
        Side relaySide;
        try (ServerProcess bare = startRelay(dir)) {
            Common.Session s = c.open("bare " + label, Target.BARE, bare.url, bare.pid(), null);
            try {
                relay = OpenLoopRun.run(s.setup(), plan);
                relaySide = side(relay, rate);
                report.add(relay);
            } finally {
                s.abandon(); // the server is stopped next: no need to let the agents finish what they hold
            }
        }
        RunResult subject;
        Side subjectSide;
        JfrProbe.Summary gc = null;
        Map<String, Long> threadCpu;
        try (ServerProcess server = startSwitchboard(dir, store)) {
            String token = mintToken(dir, store);
            Common.Session s = c.open("switchboard " + label, Target.SWITCHBOARD, server.url, server.pid(), token);
            try {
                if (jfr) {
                    JfrProbe.start(server.pid(), dir);
                }
                // OpenLoopRun starts its schedule 100 ms after it is called; the window is its recorded phase.
                Instant from = Instant.now().plusMillis(100).plus(c.warmup);
                Instant to = from.plus(c.duration);
                WindowCpu windowCpu = WindowCpu.over(server.pid(), from, to);
                subject = OpenLoopRun.run(s.setup(), plan);
                threadCpu = windowCpu.byGroup();
                subjectSide = side(subject, rate);
                report.add(subject);
                report.compare("e2e vs bare relay, " + label, relay, subject);
                if (jfr) {
                    Path recording = dir.resolve("switchboard.jfr");
                    JfrProbe.stop(server.pid(), recording);
                    gc = JfrProbe.summarise(recording, from, to);
                }
            } finally {
                s.abandon();
            }
        }
        deleteTree(dir.resolve("data")); // a 5k/s journal is large; the logs and the JFR file stay
        double lifecycles = subjectSide.lifecycles();
        double alloc = gc == null || lifecycles <= 0 ? Double.NaN : gc.allocatedBytes() / lifecycles;
        System.out.printf(Locale.ROOT, "e2e %s: push p99 switchboard %s%.2f ms, relay %s%.2f ms; achieved %.1f %% vs %.1f %%;"
                + " fsync p99 %.3f ms%s%n", label, subjectSide.tailIsLowerBound() ? "≥ " : "", p99(subjectSide),
                relaySide.tailIsLowerBound() ? "≥ " : "", p99(relaySide), subjectSide.achievedShare() * 100,
                relaySide.achievedShare() * 100, fsyncP99, gc == null ? "" : String.format(Locale.ROOT,
                        "; GC (%s) %d pauses, max %.2f ms; %.1f KB allocated per ticket", gc.collector(), gc.pauses(),
                        gc.maxPauseMs(), alloc / 1024));
        if (!threadCpu.isEmpty() && lifecycles > 0) {
            System.out.printf(Locale.ROOT, "e2e %s: server CPU per lifecycle in the window, by thread group: %s%n", label,
                    cpuLine(threadCpu, lifecycles));
            String jit = jitWarning(threadCpu);
            if (jit != null) {
                System.out.printf(Locale.ROOT, "e2e %s: %s%n", label, jit);
            }
        }
        return new CaseRun(run, load, relaySide, subjectSide, fsyncP99, gc, alloc, threadCpu);
    }

    /** The JIT's share of the server's CPU in the window above which a run measured a server still compiling. */
    static final double JIT_SHARE_WARNING = 0.05;

    /**
     * A warning when the JIT's compiler threads took more than {@link #JIT_SHARE_WARNING} of the
     * server's CPU in the measured window, else null. On a saturated two-core box the compiler
     * starves: at 5k/s with a 40 s warm-up the per-ticket path still ran C1-profiled code 40 s in,
     * and such a run measures the warm-up, not the server (docs/benchmarks-history.md#offheap-parked).
     */
    static String jitWarning(Map<String, Long> nanosByGroup) {
        long total = nanosByGroup.values().stream().mapToLong(Long::longValue).sum();
        long jit = nanosByGroup.entrySet().stream().filter(e -> e.getKey().contains("CompilerThread"))
                .mapToLong(Map.Entry::getValue).sum();
        if (total <= 0 || jit <= total * JIT_SHARE_WARNING) {
            return null;
        }
        return String.format(Locale.ROOT, "the JIT took %.0f %% of the server's CPU in the window: it was still compiling"
                + " the hot path; this run measures the warm-up (lengthen --warmup)", jit * 100.0 / total);
    }

    /** The groups above 1 % of the total, largest first, in µs per lifecycle, then the total. */
    static String cpuLine(Map<String, Long> nanosByGroup, double lifecycles) {
        long total = nanosByGroup.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder line = new StringBuilder();
        nanosByGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .filter(e -> e.getValue() * 100 >= total)
                .forEach(e -> line.append(String.format(Locale.ROOT, "%s %.1f µs, ", e.getKey(), e.getValue() / 1000.0 / lifecycles)));
        return line.append(String.format(Locale.ROOT, "total %.1f µs", total / 1000.0 / lifecycles)).toString();
    }

    /** Closed-loop intake: a fresh bare POST server, then a fresh Switchboard per store. */
    private JsonObject measureIntake(List<String> stores, int run, IntakePlan p, Map<String, List<Double>> medians) {
        Path dir = tempDir("sb-e2e-intake-r" + run + "-");
        JsonObject json = new JsonObject().put("run", run).put("loadAverage", loadAverage());
        IntakeThroughput.Result bare;
        try (ServerProcess server = startRelay(dir)) {
            bare = IntakeThroughput.measure(server.url, BareServer.TICKETS_PATH, null, p.concurrency(), p.warmup(), p.duration());
        }
        json.put("bare", intakeJson(bare));
        medians.computeIfAbsent("barePerSecond", k -> new ArrayList<>()).add(bare.createdPerSecond());
        System.out.printf(Locale.ROOT, "intake run %d: bare POST %.0f/s%n", run, bare.createdPerSecond());
        for (String store : stores) {
            Path storeDir = dir.resolve(store);
            IntakeThroughput.Result r;
            try (ServerProcess server = startSwitchboard(storeDir, store)) {
                String token = mintToken(storeDir, store);
                r = IntakeThroughput.measure(server.url, "/v1/tickets", token, p.concurrency(), p.warmup(), p.duration());
            }
            deleteTree(storeDir.resolve("data"));
            double ratio = E2eTargets.ratio(r.createdPerSecond(), bare.createdPerSecond());
            json.put(store, intakeJson(r).put("ratioToBare", Report.nullIfNaN(ratio)));
            medians.computeIfAbsent(store + "PerSecond", k -> new ArrayList<>()).add(r.createdPerSecond());
            medians.computeIfAbsent(store + "Ratio", k -> new ArrayList<>()).add(ratio);
            System.out.printf(Locale.ROOT, "intake run %d: switchboard %s %.0f/s = %.2f × bare (failed %d %s)%n", run, store,
                    r.createdPerSecond(), ratio, r.failed(), r.failures());
        }
        return json;
    }

    private static JsonObject intakeJson(IntakeThroughput.Result r) {
        JsonObject failures = new JsonObject();
        r.failures().forEach(failures::put);
        return new JsonObject().put("createdPerSecond", Report.round(r.createdPerSecond())).put("failed", r.failed())
                .put("failures", failures).put("p50Ms", r.p50Ms()).put("p99Ms", r.p99Ms());
    }

    private ServerProcess startRelay(Path dir) {
        int port = ServerProcess.freePort();
        return ServerProcess.start(List.of(ServerProcess.java(), "-cp", absoluteClassPath(),
                LoadTests.class.getName(), "bare-server", "--port", Integer.toString(port)), Map.of(), dir,
                dir.resolve("relay-" + port + ".log"));
    }

    /** This process's class path with absolute entries, for a relay started in another directory. */
    private static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            entries.add(Path.of(entry).toAbsolutePath().toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /**
     * What users run: {@code java -jar switchboard.jar --config FILE}, no JVM flag (unless
     * {@code --server-jvm-options} or {@code --server-jfr} asked for one); the store by environment.
     */
    private ServerProcess startSwitchboard(Path dir, String store) {
        createDirectories(dir);
        List<String> command = new ArrayList<>(List.of(ServerProcess.java()));
        if (serverJfr != null) {
            command.add("-XX:StartFlightRecording=settings=" + serverJfr + ",dumponexit=true,filename="
                    + dir.resolve("switchboard-profile.jfr").toAbsolutePath());
        }
        command.addAll(serverJvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "--config", config.toString()));
        return ServerProcess.start(command, switchboardEnv(dir, store), dir, dir.resolve("switchboard.log"));
    }

    private String mintToken(Path dir, String store) {
        return ServerProcess.runForLine(List.of(ServerProcess.java(), "-jar", jar.toString(), "mint-token", "--sub", "load",
                "--role", "admin", "--ttl", "8h", "--config", config.toString()), switchboardEnv(dir, store), dir);
    }

    /** A data dir of its own; memory keeps nothing, file is the default journal with fsync always. */
    static Map<String, String> switchboardEnv(Path dir, String store) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SWITCHBOARD_HTTP_PORT", "0");
        env.put("SWITCHBOARD_DATA_DIR", dir.resolve("data").toString());
        env.put("SWITCHBOARD_STORE", store);
        if (store.equals("file")) {
            env.put("SWITCHBOARD_FSYNC", "always");
        }
        return env;
    }

    private Side side(RunResult r, double rate) {
        Histogram arrivedPush = r.metrics().recorded(Metrics.Kind.OFFER);
        arrivedPush.add(r.metrics().recorded(Metrics.Kind.QUEUE_WAIT));
        long sent = r.recordedCount(Metrics.Count.SENT);
        Histogram push = withMissing(arrivedPush, sent, c.drain.toNanos() / 1000);
        long arrived = r.metrics().completedInRecorded(Metrics.Kind.OFFER)
                + r.metrics().completedInRecorded(Metrics.Kind.QUEUE_WAIT);
        double perSecond = arrived / r.recordedSeconds();
        double lifecycles = (r.metrics().completedInRecorded(Metrics.Kind.INTAKE) + arrived
                + r.metrics().completedInRecorded(Metrics.Kind.RESOLVE)) / 3.0;
        return new Side(push, perSecond, perSecond / rate, r.recordedErrors(), r.waitingAtEnd(), r.serverCores(),
                lifecycles, push.getTotalCount() - arrivedPush.getTotalCount());
    }

    /**
     * created → push with every ticket that never reached an agent counted too: each of the
     * {@code sent − arrived} missing tickets waited at least the drain (it was sent before the
     * measured window ended and had not arrived when the drain was over), so it is recorded at
     * {@code drainMicros}, a lower bound. Leaving them out would make an overloaded server look
     * fast (or, when none arrived, unmeasured). Returns a copy.
     */
    static Histogram withMissing(Histogram arrived, long sent, long drainMicros) {
        Histogram all = arrived.copy();
        long missing = sent - arrived.getTotalCount();
        if (missing > 0) {
            all.recordValueWithCount(Math.max(1, drainMicros), missing);
        }
        return all;
    }

    private static double p99(Side s) {
        return percentileMs(s.push(), 99);
    }

    static double percentileMs(Histogram micros, double percentile) {
        return micros.getTotalCount() == 0 ? Double.NaN : micros.getValueAtPercentile(percentile) / 1000.0;
    }

    private static E2eTargets.Case median(String store, double rate, List<CaseRun> runs) {
        return new E2eTargets.Case(store, rate,
                med(runs, r -> p99(r.relay())), med(runs, r -> p99(r.switchboard())),
                med(runs, r -> r.relay().achievedShare()), med(runs, r -> r.switchboard().achievedShare()),
                med(runs, CaseRun::fsyncP99Ms), med(runs, r -> r.gc() == null ? Double.NaN : r.gc().pauses() == 0 ? 0 : r.gc().maxPauseMs()),
                med(runs, CaseRun::allocBytesPerTicket),
                runs.stream().anyMatch(r -> r.relay().tailIsLowerBound()),
                runs.stream().anyMatch(r -> r.switchboard().tailIsLowerBound()));
    }

    private static double med(List<CaseRun> runs, Function<CaseRun, Double> figure) {
        List<Double> values = new ArrayList<>();
        for (CaseRun r : runs) {
            values.add(figure.apply(r));
        }
        return Stats.median(values);
    }

    private static JsonObject caseJson(E2eTargets.Case m, List<CaseRun> runs) {
        JsonObject median = new JsonObject();
        for (double p : Report.PERCENTILES) {
            String name = "p" + (p == 99.9 ? "999" : String.valueOf((int) p));
            median.put("relay" + name.toUpperCase(Locale.ROOT) + "Ms", Report.nullIfNaN(med(runs, r -> percentileMs(r.relay().push(), p))));
            median.put("switchboard" + name.toUpperCase(Locale.ROOT) + "Ms",
                    Report.nullIfNaN(med(runs, r -> percentileMs(r.switchboard().push(), p))));
        }
        median.put("p99Ratio", Report.nullIfNaN(med(runs, r -> E2eTargets.ratio(p99(r.switchboard()), p99(r.relay())))))
                .put("p50Ratio", Report.nullIfNaN(med(runs, r -> E2eTargets.ratio(percentileMs(r.switchboard().push(), 50),
                        percentileMs(r.relay().push(), 50)))))
                .put("relayAchievedShare", Report.nullIfNaN(m.relayAchievedShare()))
                .put("switchboardAchievedShare", Report.nullIfNaN(m.switchboardAchievedShare()))
                .put("fsyncP99Ms", Report.nullIfNaN(m.fsyncP99Ms())).put("p99BoundMs", Report.nullIfNaN(E2eTargets.p99Bound(m)))
                .put("maxGcPauseMs", Report.nullIfNaN(m.maxGcPauseMs()))
                .put("allocBytesPerTicket", Report.nullIfNaN(m.allocBytesPerTicket()));
        JsonArray runsJson = new JsonArray();
        for (CaseRun r : runs) {
            JsonObject gc = r.gc() == null ? null : new JsonObject().put("collector", r.gc().collector())
                    .put("pauses", r.gc().pauses()).put("maxPauseMs", Report.nullIfNaN(r.gc().maxPauseMs()))
                    .put("p99PauseMs", Report.nullIfNaN(r.gc().p99PauseMs()))
                    .put("totalPauseMs", Report.round(r.gc().totalPauseMs())).put("allocatedBytes", r.gc().allocatedBytes());
            runsJson.add(new JsonObject().put("run", r.run()).put("loadAverage", r.loadAverage())
                    .put("relay", sideJson(r.relay())).put("switchboard", sideJson(r.switchboard()))
                    .put("fsyncP99Ms", r.fsyncP99Ms()).put("gc", gc)
                    .put("allocBytesPerTicket", Report.nullIfNaN(r.allocBytesPerTicket()))
                    .put("threadCpuMicrosPerLifecycle", cpuJson(r.threadCpuNanos(), r.switchboard().lifecycles())));
        }
        return new JsonObject().put("store", m.store()).put("rate", m.rate()).put("median", median).put("runs", runsJson);
    }

    /** CPU µs per lifecycle per thread group; empty when not measured. */
    private static JsonObject cpuJson(Map<String, Long> nanosByGroup, double lifecycles) {
        JsonObject out = new JsonObject();
        if (lifecycles > 0) {
            nanosByGroup.forEach((group, nanos) -> out.put(group, Report.round(nanos / 1000.0 / lifecycles)));
        }
        return out;
    }

    private static JsonObject sideJson(Side s) {
        return new JsonObject().put("push", RunJson.latency(s.push()))
                .put("achievedPerSecond", Report.round(s.achievedPerSecond()))
                .put("achievedShare", Report.nullIfNaN(s.achievedShare())).put("errors", s.errors())
                .put("waitingAtEnd", s.waitingAtEnd()).put("serverCores", Report.nullIfNaN(s.serverCores()))
                .put("neverPushed", s.missing()).put("tailIsLowerBound", s.tailIsLowerBound())
                .put("lifecyclesInWindow", Report.round(s.lifecycles()));
    }

    private void plot(String store, double rate, List<CaseRun> runs) {
        List<PercentilePlot.Series> series = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            CaseRun r = runs.get(i);
            series.add(new PercentilePlot.Series("bare relay, run " + r.run(), RELAY_COLORS[i % RELAY_COLORS.length], true,
                    PercentilePlot.points(r.relay().push())));
            series.add(new PercentilePlot.Series("switchboard, run " + r.run(),
                    SWITCHBOARD_COLORS[i % SWITCHBOARD_COLORS.length], false, PercentilePlot.points(r.switchboard().push())));
        }
        String title = String.format(Locale.ROOT, "created → push from intended send, %.0f tickets/s, %s", rate,
                store.equals("file") ? "file journal (fsync always)" : "memory store");
        Path file = report.dir().resolve("e2e-" + store + "-" + Math.round(rate) + ".svg");
        try {
            Files.createDirectories(report.dir());
            Files.writeString(file, PercentilePlot.svg(title, series));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void printPercentiles(JsonArray cases) {
        System.out.printf(Locale.ROOT, "%n== e2e: created → push percentiles, ms (median of each over the runs) ==%n");
        System.out.printf(Locale.ROOT, "%-8s %7s %-12s %10s %10s %10s %10s%n", "store", "rate", "server", "p50", "p90", "p99",
                "p99.9");
        for (int i = 0; i < cases.size(); i++) {
            JsonObject c = cases.getJsonObject(i);
            JsonObject m = c.getJsonObject("median");
            for (String server : new String[] {"relay", "switchboard"}) {
                System.out.printf(Locale.ROOT, "%-8s %7.0f %-12s %10s %10s %10s %10s%n", c.getString("store"),
                        c.getDouble("rate"), server, m.getValue(server + "P50Ms"), m.getValue(server + "P90Ms"),
                        m.getValue(server + "P99Ms"), m.getValue(server + "P999Ms"));
            }
        }
    }

    private static void printTable(List<E2eTargets.Case> medians, Map<String, List<Double>> intake,
            List<E2eTargets.Check> checks) {
        System.out.printf(Locale.ROOT, "%n== e2e: medians (created → push, from intended send) ==%n");
        System.out.printf(Locale.ROOT, "%-8s %7s %14s %12s %8s %10s %10s %10s %10s %12s%n", "store", "rate", "switchboard p99",
                "relay p99", "ratio", "achieved", "relay ach.", "fsync p99", "max GC", "alloc/ticket");
        for (E2eTargets.Case m : medians) {
            System.out.printf(Locale.ROOT, "%-8s %7.0f %13.2fms %10.2fms %7.1f× %9.1f%% %9.1f%% %8.3fms %8.2fms %10.1fKB%n",
                    m.store(), m.rate(), m.switchboardP99Ms(), m.relayP99Ms(), E2eTargets.ratio(m.switchboardP99Ms(),
                            m.relayP99Ms()), m.switchboardAchievedShare() * 100, m.relayAchievedShare() * 100, m.fsyncP99Ms(),
                    m.maxGcPauseMs(), m.allocBytesPerTicket() / 1024);
        }
        if (!intake.isEmpty()) {
            System.out.printf(Locale.ROOT, "intake (closed loop, medians): %s%n", describeIntake(intake));
        }
        System.out.printf(Locale.ROOT, "%n== e2e: issue 12 targets ==%n");
        for (E2eTargets.Check check : checks) {
            System.out.printf(Locale.ROOT, "%-5s %-48s %-22s %s%n", check.verdict(), check.target(), check.measured(),
                    check.limit());
        }
    }

    private static String describeIntake(Map<String, List<Double>> intake) {
        StringBuilder b = new StringBuilder();
        intake.forEach((name, values) -> b.append(b.length() > 0 ? ", " : "").append(name).append(' ')
                .append(String.format(Locale.ROOT, "%.2f", Stats.median(values))));
        return b.toString();
    }

    private Path tempDir(String prefix) {
        try {
            Files.createDirectories(tmpRoot);
            return Files.createTempDirectory(tmpRoot, prefix);
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

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * With {@code --quiet-below L}: waits until the 1-minute load average is at most L, for up to
     * {@code --quiet-wait}, then measures anyway (the load average it ran at is recorded either way).
     */
    private void awaitQuiet() {
        if (Double.isNaN(quietBelow)) {
            return;
        }
        long deadline = System.nanoTime() + quietWait.toNanos();
        double load = oneMinuteLoad(loadAverage());
        if (load > quietBelow) {
            System.out.printf(Locale.ROOT, "waiting up to %s for the load average (%.2f) to fall to %.2f%n",
                    Args.format(quietWait), load, quietBelow);
        }
        while (load > quietBelow && System.nanoTime() < deadline) {
            OpenLoopRun.sleep(5000);
            load = oneMinuteLoad(loadAverage());
        }
    }

    /** The first figure of {@link #loadAverage()}; NaN when unknown (then nobody waits for it). */
    static double oneMinuteLoad(String loadAverage) {
        try {
            return Double.parseDouble(loadAverage.split(" ")[0]);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The 1-, 5- and 15-minute load averages ({@code /proc/loadavg}), as {@code uptime} shows them. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}

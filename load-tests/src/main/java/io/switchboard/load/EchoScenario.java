package io.switchboard.load;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code echo} / {@code baseline-echo}: WebSocket round trips at an open rate over
 * {@code --sockets} connections, recorded from the intended send time. On the bare server each
 * message goes to {@code /echo} and comes straight back (B_ws). On Switchboard each message is an
 * agent {@code presence} message (status {@code busy}, so no offers) whose {@code id} carries the
 * intended time and comes back in the {@code ack}: socket → engine → socket, the agent-side
 * counterpart of the echo.
 */
final class EchoScenario {
    private static final String PAD = "x".repeat(200);

    private final Target target;
    private final AtomicLong inFlight = new AtomicLong();
    private final List<WebSocket> sockets = new ArrayList<>();
    /** Set once every socket is connected, before the first send. */
    private volatile Metrics metrics;
    private int next;

    private EchoScenario(Target target) {
        this.target = target;
    }

    static void run(Args a, Target forced) {
        Target target = forced != null ? forced : Target.SWITCHBOARD;
        URI url = Clients.parseBase(a.string("url", target == Target.BARE ? "http://localhost:8090" : "http://localhost:8080"));
        String base = forced == null ? a.string("baseline", null) : null;
        double rate = a.decimal("rate", 5000);
        Duration warmup = a.duration("warmup", "5s");
        Duration duration = a.duration("duration", "30s");
        int count = a.integer("sockets", 100);
        Arrivals.Kind arrivals = Arrivals.parseKind(a.string("arrivals", "constant"));
        long seed = a.integer("seed", 42);
        long pid = a.integer("server-pid", -1);
        long baselinePid = a.integer("baseline-pid", -1);
        int loops = a.integer("event-loops", 2);
        String prefix = a.string("agent-prefix", "lt-echo-");
        String results = a.string("results", Common.defaultResults().toString());
        a.rejectUnknown();
        JsonObject options = new JsonObject().put("url", url.toString()).put("baseline", base).put("rate", rate)
                .put("duration", Args.format(duration)).put("sockets", count).put("arrivals", arrivals.name());
        Report report = new Report(Path.of(results), forced == null ? "echo" : "baseline-echo", options);
        RatePlan plan = RatePlan.steady("echo", rate, warmup, duration);
        AgentSpec spec = new AgentSpec(prefix, count, 0, false, 0, Map.of(), AgentSpec.loadProfiles(1));
        RunResult baseline = null;
        if (base != null) {
            baseline = once("bare", Target.BARE, Clients.parseBase(base), baselinePid, spec, plan, arrivals, seed, loops);
            report.add(baseline);
        }
        RunResult subject = once(target.label, target, url, pid, spec, plan, arrivals, seed, loops);
        report.add(subject);
        if (baseline != null) {
            report.compare("WebSocket round trip vs bare echo", baseline, subject);
        }
        report.write();
    }

    private static RunResult once(String label, Target target, URI url, long pid, AgentSpec spec, RatePlan plan,
            Arrivals.Kind arrivals, long seed, int loops) {
        try (Clients clients = new Clients(url, 8, loops)) {
            new Fleet(clients, target, spec, loops).createProfiles(0, spec.count())
                    .toCompletionStage().toCompletableFuture().join();
            EchoScenario run = new EchoScenario(target);
            List<Context> contexts = clients.newContexts(loops);
            Futures.forEach(spec.count(), 64, i -> run.connect(clients, contexts.get(i % loops), spec.id(i)))
                    .toCompletionStage().toCompletableFuture().join();
            long t0 = System.nanoTime() + 100_000_000L;
            Metrics metrics = new Metrics(plan, t0);
            run.metrics = metrics;
            Pacer pacer = new Pacer(plan, new Arrivals(arrivals, seed), clients.newContext(), run::send);
            Timeline timeline = new Timeline(metrics, label, Duration.ofSeconds(1).toNanos(),
                    () -> (int) run.inFlight.get(), null, pid);
            long started = System.nanoTime();
            long cpu0 = CpuClock.self();
            long serverCpu0 = CpuClock.process(pid);
            timeline.start(clients.vertx);
            pacer.start(t0).toCompletionStage().toCompletableFuture().join();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (run.inFlight.get() > 0 && System.nanoTime() < deadline) {
                OpenLoopRun.sleep(20);
            }
            long wall = System.nanoTime() - started;
            return new RunResult(label, target, false, metrics, CpuClock.cores(CpuClock.self() - cpu0, wall),
                    CpuClock.cores(pid > 0 ? CpuClock.process(pid) - serverCpu0 : -1, wall), 0, 0, 0,
                    pacer.maxLagNanos(), 0, run.inFlight.get(), timeline.stop());
        }
    }

    private Future<?> connect(Clients clients, Context context, String agentId) {
        Promise<WebSocket> connected = Promise.promise();
        context.runOnContext(v -> clients.connect(target == Target.BARE ? BareServer.ECHO_PATH : target.socketPath(agentId))
                .onComplete(connected));
        return connected.future().onSuccess(ws -> {
            ws.textMessageHandler(this::onText);
            synchronized (sockets) {
                sockets.add(ws);
            }
        });
    }

    /** On the sender context: one message on the next socket, round robin. */
    private void send(long intended) {
        WebSocket ws = sockets.get(next++ % sockets.size());
        metrics.count(Metrics.Count.SENT, intended);
        inFlight.incrementAndGet();
        String id = Long.toString(intended);
        ws.writeTextMessage(target == Target.BARE
                ? new JsonObject().put("type", "echo").put("id", id).put("pad", PAD).encode()
                : new JsonObject().put("type", "presence").put("status", "busy").put("id", id).encode());
    }

    private void onText(String text) {
        long now = System.nanoTime();
        if (metrics == null) {
            return;
        }
        JsonObject msg = new JsonObject(text);
        String type = msg.getString("type", "");
        if (!type.equals("echo") && !type.equals("ack") && !type.equals("error")) {
            return;
        }
        Object id = msg.getValue("id");
        if (id == null) {
            return;
        }
        long intended = Long.parseLong(id.toString());
        inFlight.decrementAndGet();
        if (type.equals("error")) {
            metrics.error("ws_error_" + msg.getString("code"), intended);
        } else {
            metrics.record(Metrics.Kind.ECHO, intended, now);
            metrics.count(Metrics.Count.CREATED, intended);
        }
    }
}

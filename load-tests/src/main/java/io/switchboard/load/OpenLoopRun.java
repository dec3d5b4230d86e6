package io.switchboard.load;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * One open-loop run: tickets are posted at the intended times of a {@link RatePlan} (never
 * waiting for an answer), every answer and push is recorded from its intended time, a
 * {@link Timeline} prints progress, and after the last send the run waits up to {@code drain} for
 * answers and pushes still on their way.
 *
 * <p>With {@code toAgents} the POST answer's {@code status} tells whether the ticket found an idle
 * agent at intake ({@code offered}/{@code assigned}) or waited in line ({@code queued}); the
 * {@link Correlator} joins it with the push the agent receives.
 */
final class OpenLoopRun {
    /**
     * Everything a run needs besides its plan; {@code fleet} is null for intake-only runs,
     * {@code sla} outside the day mode.
     */
    record Setup(String label, Clients clients, Target target, boolean toAgents, Fleet fleet, TicketMix mix,
            Arrivals arrivals, Duration drain, Duration window, long serverPid, SlaBook sla) {}

    private final Setup setup;
    private final RatePlan plan;
    private final AtomicLong inFlight = new AtomicLong();
    private long seq;

    private OpenLoopRun(Setup setup, RatePlan plan) {
        this.setup = setup;
        this.plan = plan;
    }

    /** Runs the plan and waits for it (and its drain) to finish. */
    static RunResult run(Setup setup, RatePlan plan) {
        return start(setup, plan).join();
    }

    /** Runs the plan; the future completes (off the event loops) when the run and its drain are over. */
    static CompletableFuture<RunResult> start(Setup setup, RatePlan plan) {
        return new OpenLoopRun(setup, plan).go();
    }

    private CompletableFuture<RunResult> go() {
        long t0 = System.nanoTime() + 100_000_000L;
        Metrics metrics = new Metrics(plan, t0);
        Correlator correlator = new Correlator(metrics);
        Fleet fleet = setup.fleet();
        if (fleet != null) {
            fleet.attach(new Fleet.Sink(metrics, correlator, setup.sla()));
        }
        Context sender = setup.clients().newContext();
        String path = setup.target().ticketPath(setup.toAgents());
        Pacer pacer = new Pacer(plan, setup.arrivals(), sender,
                intended -> send(path, intended, metrics, correlator));
        IntSupplier backlog = () -> (int) inFlight.get() + (setup.toAgents() ? correlator.awaitingPush() : 0);
        Timeline timeline = new Timeline(metrics, setup.label(), setup.window().toNanos(), backlog, fleet,
                setup.serverPid());
        long started = System.nanoTime();
        long cpu0 = CpuClock.self();
        long serverCpu0 = CpuClock.process(setup.serverPid());
        timeline.start(setup.clients().vertx);
        return pacer.start(t0).toCompletionStage().toCompletableFuture().thenApplyAsync(v -> {
            drain(correlator);
            long wall = System.nanoTime() - started;
            List<JsonObject> rows = timeline.stop();
            return new RunResult(setup.label(), setup.target(), setup.toAgents(), metrics,
                    CpuClock.cores(CpuClock.self() - cpu0, wall),
                    CpuClock.cores(setup.serverPid() > 0 ? CpuClock.process(setup.serverPid()) - serverCpu0 : -1, wall),
                    timeline.meanHeld(), timeline.meanBusyShare(), fleet == null ? 0 : fleet.size(),
                    pacer.maxLagNanos(), setup.toAgents() ? correlator.awaitingPush() : 0, inFlight.get(), rows);
        });
    }

    /** Runs on the sender context, at (or just after) {@code intended}. */
    private void send(String path, long intended, Metrics metrics, Correlator correlator) {
        Buffer body = setup.mix().body(++seq, intended);
        metrics.count(Metrics.Count.SENT, intended);
        inFlight.incrementAndGet();
        setup.clients().post(path, body).onComplete(ar -> {
            long now = System.nanoTime();
            inFlight.decrementAndGet();
            if (ar.failed()) {
                metrics.error(ar.cause().getClass().getSimpleName(), intended);
                return;
            }
            Clients.Response response = ar.result();
            if (!response.ok()) {
                metrics.error("http_" + response.status(), intended);
                return;
            }
            metrics.record(Metrics.Kind.INTAKE, intended, now);
            metrics.count(Metrics.Count.CREATED, intended);
            if (setup.toAgents()) {
                JsonObject ticket = response.body().toJsonObject();
                String status = ticket.getString("status");
                boolean routed = "offered".equals(status) || "assigned".equals(status);
                metrics.count(routed ? Metrics.Count.ROUTED_AT_INTAKE : Metrics.Count.QUEUED_AT_INTAKE, intended);
                correlator.created(ticket.getString("id"), routed);
            }
        });
    }

    /** Waits until every request is answered and (with agents) every ticket reached one, or the drain time is up. */
    private void drain(Correlator correlator) {
        long deadline = System.nanoTime() + setup.drain().toNanos();
        while (System.nanoTime() < deadline
                && (inFlight.get() > 0 || (setup.toAgents() && correlator.awaitingPush() > 0))) {
            sleep(20);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

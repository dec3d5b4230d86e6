package io.switchboard.app;

import io.switchboard.store.RedisJournal;
import io.switchboard.store.RedisLease;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * One node of a highly available group (docs/operations.md, "High availability"). As a standby it
 * keeps a {@link WarmStandby} (the journal replayed and followed, nothing decided) and tries to
 * take the lease every {@link HaSettings#attemptMillis()}; when it wins, it fences the journal
 * with the new token and deploys a fresh engine over the warm standby's state (only the journal's
 * tail read; the restart decisions of a single node, timers from their stored times; cold, from
 * the snapshots, if there is no warm state), then leads and starts the side effects (webhooks,
 * e-mail and WeChat replies: {@link SideEffects}). A clean {@link #stop} releases the lease. As
 * the active it renews every {@link HaSettings#renewMillis()}. It steps down (undeploys the engine,
 * tells the sockets, becomes a standby again) on the first batch the journal refuses by fencing,
 * when a renewal finds another holder, or when no renewal succeeded for a whole TTL (Redis
 * unreachable: a successor may already lead).
 *
 * <p>Threading: one context (made at {@link #start}); every callback runs there.
 */
final class HaNode {
    private static final Logger LOG = Logger.getLogger(HaNode.class.getName());

    private final Vertx vertx;
    private final HaSettings settings;
    private final RedisLease lease;
    private final RedisJournal journal;
    private final Leadership leadership;
    private final Supplier<EngineVerticle> engines;
    private final Supplier<WarmStandby> standbys;
    private WarmStandby standby;
    private final SideEffects sideEffects;
    private final Runnable onFirstTakeover;
    private io.vertx.core.Context context;
    private boolean tookOverBefore;
    /** True from a takeover attempt until it settles, and while a stepped-down engine is still stopping. */
    private boolean busy;
    /** The last step-down's stop of side effects and engine: a node's stop waits for it (the journal closed). */
    private Future<Void> steppedDown = Future.succeededFuture();
    private boolean active;
    private long token;
    private String engineId;
    private long lastRenewed;
    private long attempts = -1;
    private long renewals = -1;

    /** {@code engines} makes a fresh engine verticle per takeover; {@code onFirstTakeover} runs after the first. */
    HaNode(Vertx vertx, HaSettings settings, RedisLease lease, RedisJournal journal, Leadership leadership,
            Supplier<EngineVerticle> engines, SideEffects sideEffects, Runnable onFirstTakeover,
            Supplier<WarmStandby> standbys) {
        this.sideEffects = sideEffects;
        this.standbys = standbys;
        this.vertx = vertx;
        this.settings = settings;
        this.lease = lease;
        this.journal = journal;
        this.leadership = leadership;
        this.engines = engines;
        this.onFirstTakeover = onFirstTakeover;
    }

    /**
     * Starts as a standby: a warm one ({@link WarmStandby}: reads and replays the journal, then
     * follows it), so a takeover reads only the tail; attempts at the lease begin once it has
     * read the journal (a failed read, Redis away, is tried again before the next attempt).
     */
    void start() {
        context = vertx.getOrCreateContext();
        context.runOnContext(v -> {
            LOG.info("high availability: node " + settings.nodeId() + " starts as a standby (lease TTL "
                    + settings.leaseTtlMillis() + " ms)");
            warmUp();
            attempts = vertx.setPeriodic(1, settings.attemptMillis(), id -> attempt());
        });
    }

    /** A new warm standby; no takeover until it has read the journal. */
    private void warmUp() {
        long started = System.nanoTime();
        busy = true;
        if (standby != null) {
            standby.close();
        }
        standby = standbys.get();
        standby.start().onComplete(warm -> {
            busy = false;
            LOG.info(warm.succeeded() ? "high availability: standby warmed up (replayed " + warm.result()
                    + " events in " + (System.nanoTime() - started) / 1_000_000 + " ms); following the journal"
                    : "high availability: standby warm-up failed (" + warm.cause() + "); takeovers run cold");
        });
    }

    private void attempt() {
        if (busy || active) {
            return;
        }
        if (standby == null || !standby.ready()) { // never warmed, or its warm-up failed (Redis was away)
            warmUp();
            return;
        }
        busy = true;
        lease.tryAcquire().onComplete(won -> {
            if (won.failed() || won.result() == 0) {
                busy = false;
                return;
            }
            takeOver(won.result());
        });
    }

    private void takeOver(long newToken) {
        long started = System.nanoTime();
        token = newToken;
        lastRenewed = System.currentTimeMillis();
        renewals = vertx.setPeriodic(settings.renewMillis(), id -> renew());
        journal.fence(newToken);
        LOG.info("high availability: node " + settings.nodeId() + " took the lease (token " + newToken
                + "); recovering the engine");
        WarmStandby handing = standby;
        standby = null;
        Future<WarmStandby.Warm> warm = handing == null ? Future.succeededFuture() : handing.handOff();
        warm.compose(replayed -> {
            EngineVerticle engine = engines.get().warm(replayed);
            engine.onFencedOut(() -> context.runOnContext(v -> stepDown("the journal refused an append by fencing:"
                    + " another node took the lease")));
            return vertx.deployVerticle(engine);
        }).onComplete(deployed -> {
            busy = false;
            if (deployed.failed()) {
                LOG.severe("high availability: the engine did not start after taking the lease: "
                        + deployed.cause());
                stepDown("the engine did not start");
                return;
            }
            engineId = deployed.result();
            if (renewals < 0) { // the lease was lost while recovering
                busy = true;
                vertx.undeploy(engineId).onComplete(v -> warmUp());
                engineId = null;
                return;
            }
            active = true;
            leadership.lead();
            sideEffects.start().onFailure(failure -> LOG.severe("high availability: the webhooks, e-mail or"
                    + " WeChat replies did not start: " + failure));
            LOG.info("high availability: node " + settings.nodeId() + " is the active node (token " + newToken
                    + "), serving " + (System.nanoTime() - started) / 1_000_000 + " ms after taking the lease");
            if (!tookOverBefore) {
                tookOverBefore = true;
                onFirstTakeover.run();
            }
        });
    }

    private void renew() {
        long held = token;
        lease.renew(held).onComplete(renewed -> {
            if (held != token || renewals < 0) {
                return;
            }
            if (renewed.succeeded() && renewed.result()) {
                lastRenewed = System.currentTimeMillis();
            } else if (renewed.succeeded()) {
                stepDown("another node holds the lease");
            } else if (System.currentTimeMillis() - lastRenewed >= settings.leaseTtlMillis()) {
                stepDown("the lease could not be renewed within its TTL (" + renewed.cause().getMessage() + ")");
            }
        });
    }

    /** Becomes a standby: no more renewals, the engine undeployed, sockets told; attempts go on. */
    private void stepDown(String reason) {
        if (renewals < 0) {
            return;
        }
        vertx.cancelTimer(renewals);
        renewals = -1;
        boolean wasActive = active;
        active = false;
        leadership.lose();
        LOG.warning("high availability: node " + settings.nodeId() + " steps down to standby" + (wasActive ? ""
                : " before serving") + ": " + reason);
        if (engineId != null) {
            String id = engineId;
            engineId = null;
            // no new takeover until it stopped: its stop closes the journal and empties the inbox;
            // the side effects stop first (their cursors saved), so a standby never delivers
            busy = true;
            steppedDown = sideEffects.stop().eventually(() -> vertx.undeploy(id)).andThen(undeployed -> {
                if (undeployed.failed()) {
                    LOG.warning("undeploying the engine failed: " + undeployed.cause());
                }
                if (attempts >= 0) { // not stopping
                    warmUp();
                }
            }).otherwiseEmpty();
        } else if (standby == null) {
            warmUp();
        }
    }

    /**
     * A clean stop (SIGTERM): stops deciding and delivering (the side effects save their cursors),
     * stops the engine (its journal closed after the last append), then gives the lease up, fenced
     * (deleted only if it still names this node and token), so a standby takes over at once instead
     * of after the TTL. Call on any thread; runs on the node's context.
     */
    Future<Void> stop() {
        io.vertx.core.Promise<Void> stopped = io.vertx.core.Promise.promise();
        context.runOnContext(v -> {
            if (attempts >= 0) {
                vertx.cancelTimer(attempts);
                attempts = -1;
            }
            if (renewals >= 0) {
                vertx.cancelTimer(renewals);
                renewals = -1;
            }
            boolean wasActive = active || engineId != null; // a takeover that deployed its engine, serving or not
            active = false;
            leadership.lose();
            String engine = engineId;
            engineId = null;
            // a step-down under way finishes first: its engine's journal closes before this node's stop ends
            WarmStandby warm = standby;
            standby = null;
            Future<Void> standing = steppedDown.eventually(() -> warm == null ? Future.succeededFuture()
                    : warm.close());
            long began = System.nanoTime();
            long[] at = new long[2];
            Future<Void> released = !wasActive ? standing : standing.eventually(sideEffects::stop)
                    .eventually(() -> {
                        at[0] = System.nanoTime();
                        return engine == null ? Future.succeededFuture() : vertx.undeploy(engine);
                    })
                    .eventually(() -> {
                        at[1] = System.nanoTime();
                        return lease.release(token);
                    })
                    // stderr, not the log: the JVM's shutdown may have closed the log handlers already
                    .onComplete(done -> System.err.printf("high availability: node %s stopping: side effects"
                            + " stopped in %d ms, engine in %d ms, lease %s %d ms after the stop began%n",
                            settings.nodeId(), (at[0] - began) / 1_000_000, (at[1] - at[0]) / 1_000_000,
                            done.succeeded() ? "released" : "not released (" + done.cause() + ")",
                            (System.nanoTime() - began) / 1_000_000));
            released.eventually(lease::close).onComplete(stopped);
        });
        return stopped.future();
    }
}

package io.switchboard.hooks;

import io.switchboard.follow.CursorStore;
import io.switchboard.follow.JournalFollower;
import io.switchboard.metrics.WebhookMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Outgoing webhooks: one {@link SubscriptionWorker} per subscription (the configuration's and the
 * API's), all on one event-loop thread of their own ({@code switchboard-webhooks}: the node's
 * {@link WebhookLoop}, which outlives the dispatchers of its leadership terms), never one of
 * Vert.x's shared event loops: the engine and the HTTP and WebSocket verticles run there, and
 * Vert.x hands out its loops round-robin, so a verticle's own context could land on a routing
 * loop. Everything a delivery does (reading, encoding, signing, the HTTP exchange with the
 * endpoint, its connections' I/O, timers, the delivery log's bookkeeping) runs on this thread;
 * file writes run on Vert.x's worker threads.
 *
 * <p>Events reach the workers through one {@link JournalFollower}: the batches the engine hands
 * over, buffered for all subscriptions (released once the slowest has read them), and the journal
 * for a worker behind the buffer. The follower's hold-back is the lowest saved cursor of the
 * enabled subscriptions: the engine's snapshots compact no further, so nothing a subscription has
 * not delivered or dead-lettered leaves the journal (before the cursors are loaded it is 0:
 * nothing is compacted). Cursors live in the journal followers' {@link CursorStore}.
 *
 * <p>Admin operations ({@link WebhookAdmin}) may be called from any thread: they hop to this
 * context and complete there.
 */
public final class WebhookDispatcher extends VerticleBase implements WebhookAdmin {
    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class.getName());
    private static final long SAVE_MILLIS = 200;

    private final WebhookSettings settings;
    private final JournalFollower journal;
    private final WebhookFiles files;
    private final WebhookMetrics metrics;
    private final Map<String, SubscriptionWorker> workers = new LinkedHashMap<>();
    /** Each subscription's HTTP client, closed with it (and all at stop, before this loop ends). */
    private final Map<String, WebhookHttp> clients = new java.util.HashMap<>();
    private final List<Subscription> apiSubscriptions = new ArrayList<>();
    private final WebhookBodies bodies = new WebhookBodies();
    private volatile Context context;
    private final WebhookLoop loop;
    /** True when this dispatcher made {@link #loop} and ends it at stop; false when the node's loop is shared. */
    private final boolean ownsLoop;
    private WebhookLoop ownLoopMade;
    private long saveTimer = -1;
    private UrlGuard guard;
    private WebhookAdmins admins;
    /** {@code settings.trustedCertificates()} as the clients' trust, built once (null: the JVM's defaults). */
    private io.vertx.core.net.TrustOptions trust;
    private boolean trustBuilt;

    /**
     * {@code journal}: the webhooks' view of the journal (registered with the engine's
     * {@link io.switchboard.follow.FollowerRegistry}); {@code cursors}: where subscription cursors
     * are kept; {@code dataDir}: where API subscriptions and dead letters are kept (null: nowhere).
     */
    public WebhookDispatcher(WebhookSettings settings, JournalFollower journal, CursorStore cursors, Path dataDir,
            WebhookMetrics metrics) {
        this(settings, journal, cursors, dataDir, metrics, null);
    }

    /**
     * As above, on the node's {@code loop} (one per node, outliving this dispatcher: the owner
     * closes it after the journal); null: a loop of this dispatcher's own, ended at its stop.
     */
    public WebhookDispatcher(WebhookSettings settings, JournalFollower journal, CursorStore cursors, Path dataDir,
            WebhookMetrics metrics, WebhookLoop loop) {
        this.loop = loop;
        this.ownsLoop = loop == null;
        this.settings = settings;
        this.journal = journal;
        this.files = new WebhookFiles(dataDir == null ? null : dataDir.resolve("webhooks"), cursors);
        this.metrics = metrics;
    }

    /** Deploy after the engine: the journal must be open (its head is where new subscriptions start). */
    @Override
    public Future<?> start() {
        Context own = (ownsLoop ? ownLoop() : loop).newContext();
        guard = new UrlGuard(vertx, settings.allowPrivateNetworks());
        admins = new WebhookAdmins(this);
        Promise<Void> started = ((ContextInternal) vertx.getOrCreateContext()).promise();
        own.runOnContext(v -> {
            context = own;
            journal.start(own, this::drain); // its head is the journal's from here on
            openAll().onComplete(started);
        });
        return started.future();
    }

    /** On the webhooks' context: the API subscriptions read, every subscription opened, saves scheduled. */
    private Future<Void> openAll() {
        return vertx.executeBlocking(files::subscriptions, false).compose(stored -> {
            List<Subscription> all = new ArrayList<>(settings.subscriptions());
            stored.forEach(json -> apiSubscriptions.add(WebhookRequests.fromStored(json)));
            all.addAll(apiSubscriptions);
            Future<Void> chain = Future.succeededFuture();
            for (Subscription s : all) {
                chain = chain.compose(v -> open(s).mapEmpty());
            }
            return chain;
        }).onSuccess(v -> {
            journal.keep(!workers.isEmpty());
            recomputeHoldBack();
            saveTimer = vertx.setPeriodic(SAVE_MILLIS, t -> saveAll());
            drain();
            LOG.info("webhooks: " + workers.size() + " subscription(s)" + (files.durable() ? ""
                    : "; cursors are not kept (in-memory mode)"));
        });
    }

    @Override
    public Future<?> stop() {
        journal.close();
        Promise<Void> stopped = ((ContextInternal) vertx.getOrCreateContext()).promise();
        Future<Void> saved = context == null ? Future.succeededFuture() : onContext(() -> {
            if (saveTimer >= 0) {
                vertx.cancelTimer(saveTimer);
            }
            List<Future<Void>> saves = new ArrayList<>();
            workers.values().forEach(w -> saves.add(w.save()));
            workers.values().forEach(w -> saves.add(w.flushLog()));
            return Future.join(saves).<Void>mapEmpty().eventually(() -> {
                workers.values().forEach(SubscriptionWorker::close);
                // before the loop ends: a client left to Vert.x's close hook would find its
                // connections' loop terminated, and the close would never finish
                clients.values().forEach(WebhookHttp::close);
                clients.clear();
                return Future.succeededFuture();
            });
        });
        saved.onComplete(done -> {
            if (ownsLoop) {
                ownLoop().close(); // its connections close with it
            }
            stopped.handle(done);
        });
        return stopped.future();
    }

    /** This dispatcher's own loop when it was given none (a dispatcher alone: tests, benchmarks). */
    private synchronized WebhookLoop ownLoop() {
        if (ownLoopMade == null) {
            ownLoopMade = new WebhookLoop(vertx);
        }
        return ownLoopMade;
    }

    /** Releases what every worker has read and lets each read on (a batch arrived, or a worker moved). */
    private void drain() {
        long slowest = Long.MAX_VALUE;
        for (SubscriptionWorker w : workers.values()) {
            slowest = Math.min(slowest, w.readPosition());
        }
        journal.release(slowest);
        workers.values().forEach(SubscriptionWorker::pump);
    }

    private void saveAll() {
        for (SubscriptionWorker w : workers.values()) {
            w.save().onComplete(done -> recomputeHoldBack());
            w.flushLog();
        }
        recomputeHoldBack();
    }

    private void recomputeHoldBack() {
        long min = Long.MAX_VALUE;
        for (SubscriptionWorker w : workers.values()) {
            if (w.subscription().enabled()) {
                min = Math.min(min, w.holdBack());
            }
        }
        journal.saved(files.durable() ? min : Long.MAX_VALUE);
    }

    // ---- used by WebhookAdmins, on this context ----

    Future<SubscriptionWorker> open(Subscription s) {
        journal.keep(true); // before the worker reads the head it starts at
        WebhookHttp client = new WebhookHttp(vertx, settings.connectionsPerEndpoint(), settings.requestTimeout().toMillis(),
                trust());
        SubscriptionWorker.EventSource source = new SubscriptionWorker.EventSource() {
            @Override
            public Future<JournalFollower.Chunk> read(long after, int max) {
                return journal.read(after, max);
            }

            @Override
            public long head() {
                return journal.head();
            }
        };
        WebhookHttp previous = clients.put(s.id(), client);
        if (previous != null) {
            previous.close();
        }
        return SubscriptionWorker.open(vertx, s, settings, source, files, metrics, guard, client, bodies).map(worker -> {
            workers.put(s.id(), worker);
            metrics.subscription(s.id(), worker::lagEvents, worker::lagSeconds, worker::deadLetterCount);
            worker.pump();
            return worker;
        });
    }

    private io.vertx.core.net.TrustOptions trust() {
        if (!trustBuilt) {
            trust = WebhookTrust.options(settings.trustedCertificates());
            trustBuilt = true;
        }
        return trust;
    }

    void close(String id) {
        SubscriptionWorker worker = workers.remove(id);
        if (worker != null) {
            worker.close();
            metrics.remove(id);
        }
        WebhookHttp client = clients.remove(id);
        if (client != null) {
            client.close();
        }
        journal.keep(!workers.isEmpty());
        recomputeHoldBack();
    }

    Map<String, SubscriptionWorker> workers() {
        return workers;
    }

    List<Subscription> apiSubscriptions() {
        return apiSubscriptions;
    }

    WebhookFiles files() {
        return files;
    }

    Vertx vertx() {
        return vertx;
    }

    UrlGuard guard() {
        return guard;
    }

    <T> Future<T> onContext(Supplier<Future<T>> action) {
        Context c = context;
        if (c == null) {
            return Future.failedFuture(new WebhookRejection(503, "webhooks-starting", "webhooks are starting", null));
        }
        Promise<T> promise = Promise.promise();
        c.runOnContext(v -> {
            try {
                action.get().onComplete(promise);
            } catch (RuntimeException e) {
                promise.fail(e);
            }
        });
        return promise.future();
    }

    // ---- WebhookAdmin, delegated ----

    @Override
    public Future<List<JsonObject>> list(String owner) {
        return admins.list(owner);
    }

    @Override
    public Future<JsonObject> get(String id, String owner) {
        return admins.get(id, owner);
    }

    @Override
    public Future<JsonObject> create(JsonObject body, String owner) {
        return admins.create(body, owner);
    }

    @Override
    public Future<JsonObject> update(String id, JsonObject body, String owner) {
        return admins.update(id, body, owner);
    }

    @Override
    public Future<Void> delete(String id, String owner) {
        return admins.delete(id, owner);
    }

    @Override
    public Future<JsonObject> rotate(String id, boolean keepPrevious, String owner) {
        return admins.rotate(id, keepPrevious, owner);
    }

    @Override
    public Future<JsonObject> deliveries(String id, String owner, long before, int limit) {
        return admins.deliveries(id, owner, before, limit);
    }

    @Override
    public Future<JsonArray> deadLetters(String id, String owner) {
        return admins.deadLetters(id, owner);
    }

    @Override
    public Future<Void> replay(String id, String webhookId, String owner) {
        return admins.replay(id, webhookId, owner);
    }
}

package io.switchboard.hooks;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.metrics.WebhookMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Outgoing webhooks: one {@link SubscriptionWorker} per subscription (the configuration's and the
 * API's), all on this verticle's own event loop, never the engine's.
 *
 * <p>Events reach the workers two ways, like the history projection: the engine thread hands
 * every durable batch to {@link #offer} (a lock-free append and at most one hop to this context),
 * kept in a bounded buffer of recent events that the workers read first; a worker behind the
 * buffer reads the journal ({@link JournalReader}). {@link #holdBack()} is the lowest saved cursor
 * of the enabled subscriptions: the engine's snapshots compact no further, so nothing a
 * subscription has not delivered or dead-lettered leaves the journal (before the cursors are
 * loaded it is 0: nothing is compacted).
 *
 * <p>Admin operations ({@link WebhookAdmin}) may be called from any thread: they hop to this
 * context and complete there.
 */
public final class WebhookDispatcher extends VerticleBase implements WebhookAdmin {
    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class.getName());
    private static final int RECENT_LIMIT = 50_000;
    private static final long SAVE_MILLIS = 200;

    /** The journal's {@code readAfter}. */
    public interface JournalReader {
        Future<List<DomainEvent>> readAfter(long position, int max);
    }

    private record Batch(long first, List<DomainEvent> events) {
        long last() {
            return first + events.size() - 1;
        }
    }

    private final WebhookSettings settings;
    private final JournalReader journal;
    private final LongSupplier journalHead;
    private final WebhookFiles files;
    private final WebhookMetrics metrics;
    private final ConcurrentLinkedQueue<Batch> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final ArrayDeque<Batch> recent = new ArrayDeque<>();
    private final Map<String, SubscriptionWorker> workers = new LinkedHashMap<>();
    private final List<Subscription> apiSubscriptions = new ArrayList<>();
    private volatile Context context;
    private volatile long head;
    private volatile long holdBack;
    private long recentEvents;
    private long saveTimer = -1;
    private UrlGuard guard;
    private WebhookAdmins admins;

    /**
     * {@code dataDir}: where cursors, API subscriptions and dead letters are kept (null: nowhere,
     * in-memory mode). {@code journalHead}: the journal's position once it is open.
     */
    public WebhookDispatcher(WebhookSettings settings, JournalReader journal, LongSupplier journalHead, Path dataDir,
            WebhookMetrics metrics) {
        this.settings = settings;
        this.journal = journal;
        this.journalHead = journalHead;
        this.files = new WebhookFiles(dataDir == null ? null : dataDir.resolve("webhooks"));
        this.metrics = metrics;
    }

    /** Deploy after the engine: the journal must be open (its head is where new subscriptions start). */
    @Override
    public Future<?> start() {
        context = vertx.getOrCreateContext();
        guard = new UrlGuard(vertx, settings.allowPrivateNetworks());
        head = Math.max(head, journalHead.getAsLong());
        admins = new WebhookAdmins(this);
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
            recomputeHoldBack();
            saveTimer = vertx.setPeriodic(SAVE_MILLIS, t -> saveAll());
            drain();
            LOG.info("webhooks: " + workers.size() + " subscription(s)" + (files.durable() ? ""
                    : "; cursors are not kept (in-memory mode)"));
        });
    }

    @Override
    public Future<?> stop() {
        if (saveTimer >= 0) {
            vertx.cancelTimer(saveTimer);
        }
        List<Future<Void>> saves = new ArrayList<>();
        workers.values().forEach(w -> saves.add(w.save()));
        workers.values().forEach(w -> saves.add(w.flushLog()));
        return Future.join(saves).eventually(() -> {
            workers.values().forEach(SubscriptionWorker::close);
            return Future.succeededFuture();
        });
    }

    /**
     * A durable batch at {@code firstPosition}: called on the engine thread after the group commit;
     * returns at once (the list is kept, not copied).
     */
    public void offer(long firstPosition, List<DomainEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        inbox.add(new Batch(firstPosition, events));
        Context c = context;
        if (c != null && drainScheduled.compareAndSet(false, true)) {
            c.runOnContext(v -> drain());
        }
    }

    /** The highest journal position a snapshot may compact (see the class comment). */
    public long holdBack() {
        return holdBack;
    }

    private void drain() {
        drainScheduled.set(false);
        Batch batch;
        while ((batch = inbox.poll()) != null) {
            recent.addLast(batch);
            recentEvents += batch.events().size();
            head = Math.max(head, batch.last());
        }
        long slowest = Long.MAX_VALUE;
        for (SubscriptionWorker w : workers.values()) {
            slowest = Math.min(slowest, w.readPosition());
        }
        while (!recent.isEmpty() && (recent.peekFirst().last() <= slowest || recentEvents > RECENT_LIMIT)) {
            recentEvents -= recent.pollFirst().events().size();
        }
        workers.values().forEach(SubscriptionWorker::pump);
    }

    /**
     * Reads after {@code after}: from the recent buffer when it holds {@code after + 1}, else the
     * journal. The buffer is walked from its nearer end: a failing subscription keeps it full
     * ({@value #RECENT_LIMIT} events, thousands of batches) while a healthy one reads a few new
     * batches at its tail many times a second; walking from the oldest batch made each of those
     * reads cost the whole buffer.
     */
    private Future<SubscriptionWorker.Chunk> read(long after, int max) {
        Batch oldest = recent.peekFirst();
        if (oldest != null && oldest.first() <= after + 1) {
            Iterator<Batch> batches;
            if (after + 1 - oldest.first() <= head - after) {
                batches = recent.iterator();
            } else {
                ArrayDeque<Batch> newer = new ArrayDeque<>();
                for (Iterator<Batch> back = recent.descendingIterator(); back.hasNext(); ) {
                    Batch b = back.next();
                    if (b.last() <= after) {
                        break;
                    }
                    newer.addFirst(b);
                }
                batches = newer.iterator();
            }
            List<DomainEvent> out = new ArrayList<>();
            while (batches.hasNext() && out.size() < max) {
                Batch b = batches.next();
                if (b.last() <= after) {
                    continue;
                }
                int from = (int) Math.max(0, after + 1 - b.first());
                for (int i = from; i < b.events().size() && out.size() < max; i++) {
                    out.add(b.events().get(i));
                }
            }
            return Future.succeededFuture(new SubscriptionWorker.Chunk(after + 1, out));
        }
        return journal.readAfter(after, max).map(events -> new SubscriptionWorker.Chunk(after + 1, events))
                .recover(failure -> oldest == null ? Future.failedFuture(failure)
                        // the journal no longer has them (in-memory journal): go on from what is buffered
                        : read(oldest.first() - 1, max));
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
        holdBack = min;
    }

    // ---- used by WebhookAdmins, on this context ----

    Future<SubscriptionWorker> open(Subscription s) {
        WebClient client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.requestTimeout().toMillis()))
                .setUserAgent("Switchboard-Webhooks/1").setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(Math.max(1, settings.connectionsPerEndpoint())));
        SubscriptionWorker.EventSource source = new SubscriptionWorker.EventSource() {
            @Override
            public Future<SubscriptionWorker.Chunk> read(long after, int max) {
                return WebhookDispatcher.this.read(after, max);
            }

            @Override
            public long head() {
                return head;
            }
        };
        return SubscriptionWorker.open(vertx, s, settings, source, files, metrics, guard, client).map(worker -> {
            workers.put(s.id(), worker);
            metrics.subscription(s.id(), worker::lagEvents, worker::lagSeconds, worker::deadLetterCount);
            worker.pump();
            return worker;
        });
    }

    void close(String id) {
        SubscriptionWorker worker = workers.remove(id);
        if (worker != null) {
            worker.close();
            metrics.remove(id);
        }
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

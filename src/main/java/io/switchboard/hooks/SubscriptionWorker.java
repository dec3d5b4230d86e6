package io.switchboard.hooks;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.follow.JournalFollower;
import io.switchboard.metrics.WebhookMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

/**
 * Delivers one subscription's webhooks, at least once, from its own journal cursor.
 *
 * <p>How: the worker reads durable events after its read position ({@link EventSource}), keeps
 * its ticket contexts, and turns each event the subscription wants into a {@link Delivery} queued
 * on one of {@code connectionsPerEndpoint} lanes, chosen by ticket (or agent): a lane sends one
 * delivery at a time, so one endpoint sees a ticket's events in journal order, while other tickets
 * proceed on other lanes. A delivery is done when the endpoint answers 2xx, when it is
 * dead-lettered after the retry horizon, or when the endpoint answered 410 (the subscription is
 * disabled). The cursor ({@link #committed()}) is the position before the oldest delivery not
 * done; it is saved every {@code save} call and bounds what the journal may compact
 * ({@link #holdBack()}). After a crash, events after the saved cursor are delivered again with
 * the same {@code webhook-id} ({@code msg_<subscription>_<position>}), so receivers dedupe.
 *
 * <p>A disabled subscription keeps reading (its contexts stay current and it holds nothing back)
 * but sends nothing; enabled again, it goes on from there. At most 2 × {@link #WINDOW} deliveries are
 * pending, so a dead endpoint holds memory bounded and leaves the rest in the journal.
 *
 * <p>Threading: confined to the dispatcher's context, except the getters used by metrics (volatile).
 */
final class SubscriptionWorker {
    private static final Logger LOG = Logger.getLogger(SubscriptionWorker.class.getName());
    static final int WINDOW = 2_000;
    /** Per read: large, since a file journal read scans whole segments (catch-up after a restart). */
    private static final int READ_MAX = WINDOW;
    /** Ticket contexts are saved at most this often while the cursor moves within the saved ones. */
    private static final long TICKETS_SAVE_MILLIS = 5_000;
    /**
     * The ticket-context log is folded into a whole save once it holds more contexts than this and
     * than are live: the log stays within about twice the live set, and a whole save costs no more
     * than the appends since the last one (amortised O(1) per change).
     */
    static final int TICKET_LOG_MIN_COMPACT = 4_096;

    /**
     * Durable events after a position; {@code head} is the last durable position known.
     * {@code read(after, max)} completes with events from {@code after + 1} on, or from a later
     * first position when the ones between can no longer be read (the in-memory journal keeps
     * none; the gap is logged), empty when nothing follows yet.
     */
    interface EventSource {
        Future<JournalFollower.Chunk> read(long after, int max);

        long head();
    }

    private static final class Delivery {
        final String webhookId;
        final long position;
        final String type;
        final String ticketId;
        /** The body's UTF-8 bytes, exactly as signed and sent (shared with other subscriptions: never changed). */
        final byte[] body;
        /** {@link #body} as the buffer every attempt sends (a view of the same bytes). */
        final io.vertx.core.buffer.Buffer payload;
        final boolean replay;
        /** The retry horizon runs from here: the event's time (a replay: when it was asked for). */
        final long since;
        long firstAttemptAt;
        int attempts;

        Delivery(String webhookId, long position, String type, String ticketId, byte[] body, boolean replay,
                long since) {
            this(webhookId, position, type, ticketId, body, WebhookHttp.payload(body), replay, since);
        }

        /** As above with {@code body}'s buffer already made ({@link WebhookBodies#payload}: shared by the subscriptions). */
        Delivery(String webhookId, long position, String type, String ticketId, byte[] body,
                io.vertx.core.buffer.Buffer payload, boolean replay, long since) {
            this.since = since;
            this.webhookId = webhookId;
            this.position = position;
            this.type = type;
            this.ticketId = ticketId;
            this.body = body;
            this.payload = payload;
            this.replay = replay;
        }
    }

    private static final class Lane {
        final int index;
        final ArrayDeque<Delivery> queue = new ArrayDeque<>();
        boolean busy;

        Lane(int index) {
            this.index = index;
        }
    }

    private final Vertx vertx;
    private final WebhookSettings settings;
    private final EventSource source;
    private final WebhookFiles files;
    private final WebhookMetrics metrics;
    private final UrlGuard guard;
    private final WebhookHttp client;
    private final WebhookBodies bodies;
    private WebhookSigner.Keys keys;
    private final Lane[] lanes;
    private final Map<String, TicketContext> contexts = new HashMap<>();
    private final Map<String, Long> retired = new HashMap<>();
    /** Tickets whose context or retirement changed since the last save (appended to the log then). */
    private final Set<String> changed = new java.util.LinkedHashSet<>();
    private final PendingPositions pending = new PendingPositions(); // position and event time
    private final DeliveryLog log;
    private final DeadLetters deadLetters;
    private final Set<Long> timers = new HashSet<>();

    private volatile Subscription subscription;
    private volatile long readPosition;
    private volatile long saved;
    private volatile long oldestPendingAt;
    private long ticketsAsOf;
    private long ticketsSavedAt;
    /** Contexts in the ticket log since the last whole save; -1: the next save must be whole. */
    private long ticketLogEntries;
    private boolean reading;
    private boolean saving;
    private Future<Void> lastSave = Future.succeededFuture();
    private boolean closed;

    private SubscriptionWorker(Vertx vertx, Subscription subscription, WebhookSettings settings, EventSource source,
            WebhookFiles files, WebhookMetrics metrics, UrlGuard guard, WebhookHttp client, WebhookBodies bodies,
            long position, DeadLetters deadLetters, DeliveryLog log) {
        this.vertx = vertx;
        this.subscription = subscription;
        this.settings = settings;
        this.source = source;
        this.files = files;
        this.metrics = metrics;
        this.guard = guard;
        this.client = client;
        this.bodies = bodies;
        this.keys = new WebhookSigner.Keys(subscription.secrets());
        this.readPosition = position;
        this.saved = position;
        this.ticketsAsOf = position;
        this.deadLetters = deadLetters;
        this.log = log;
        this.lanes = new Lane[Math.max(1, settings.connectionsPerEndpoint())];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(i);
        }
    }

    /**
     * Opens the worker at its saved cursor, or at {@code source.head()} for a subscription seen for
     * the first time (it gets what happens from now on). A disabled state saved by an earlier run
     * (410) wins over {@code subscription}'s. Runs the file reads on a worker.
     */
    static Future<SubscriptionWorker> open(Vertx vertx, Subscription subscription, WebhookSettings settings,
            EventSource source, WebhookFiles files, WebhookMetrics metrics, UrlGuard guard, WebhookHttp client) {
        return open(vertx, subscription, settings, source, files, metrics, guard, client, new WebhookBodies());
    }

    /** As above, sharing {@code bodies} with the dispatcher's other subscriptions. */
    static Future<SubscriptionWorker> open(Vertx vertx, Subscription subscription, WebhookSettings settings,
            EventSource source, WebhookFiles files, WebhookMetrics metrics, UrlGuard guard, WebhookHttp client,
            WebhookBodies bodies) {
        long head = source.head();
        String id = subscription.id();
        return files.cursor(id).compose(cursor -> (cursor == null ? Future.<JsonObject>succeededFuture()
                : files.tickets(id)).compose(tickets -> (cursor == null ? Future.<String>succeededFuture()
                : files.ticketLog(id)).compose(ticketLog -> vertx.executeBlocking(() -> DeadLetters.load(vertx, files.dir(), id), false)
                .compose(deadLetters -> vertx.executeBlocking(() -> DeliveryLog.load(vertx, files.dir(), id), false)
                .compose(log -> {
                    long position = cursor == null ? head : cursor.getLong("position");
                    Subscription s = cursor != null && cursor.getString("disabled") != null && subscription.enabled()
                            ? subscription.disabled(cursor.getString("disabled")) : subscription;
                    SubscriptionWorker worker = new SubscriptionWorker(vertx, s, settings, source, files, metrics,
                            guard, client, bodies, position, deadLetters, log);
                    long baseAsOf = position;
                    if (tickets != null) {
                        WebhookFiles.decode(tickets, worker.contexts, worker.retired);
                        baseAsOf = tickets.getLong("asOf", position);
                    }
                    long[] logged = new long[1];
                    long asOf = WebhookFiles.applyLog(ticketLog, tickets == null ? -1 : baseAsOf, worker.contexts,
                            worker.retired, logged);
                    worker.ticketsAsOf = Math.max(position, asOf);
                    worker.ticketLogEntries = logged[0];
                    if (cursor != null) {
                        return Future.succeededFuture(worker);
                    }
                    return files.saveTickets(id, WebhookFiles.encode(position, worker.contexts, worker.retired))
                            .compose(v -> files.deleteTicketLog(id))
                            .compose(v -> files.saveCursor(id, worker.cursorJson(position))).map(worker);
                })))));
    }

    Subscription subscription() {
        return subscription;
    }

    void replace(Subscription updated) {
        boolean wasEnabled = subscription.enabled();
        subscription = updated;
        if (wasEnabled && !updated.enabled()) {
            abandonPending();
        }
        if (wasEnabled != updated.enabled()) {
            saveState().onFailure(e -> LOG.severe("cannot save the state of webhook subscription " + updated.id()
                    + ": " + e));
        }
        pump();
    }

    /** Reads on while there is room; call whenever the head may have moved or deliveries finished. */
    void pump() {
        if (closed || reading || pending.size() >= WINDOW || readPosition >= source.head()) {
            return;
        }
        reading = true;
        long after = readPosition;
        source.read(after, READ_MAX).onComplete(done -> {
            reading = false;
            if (closed) {
                return;
            }
            if (done.failed()) {
                LOG.warning("webhook subscription " + subscription.id() + " cannot read the journal after " + after
                        + ": " + done.cause().getMessage() + "; retrying");
                timer(1_000, this::pump);
                return;
            }
            JournalFollower.Chunk chunk = done.result();
            if (chunk.first() > after + 1) {
                LOG.severe("webhook subscription " + subscription.id() + " skipped journal positions " + (after + 1)
                        + ".." + (chunk.first() - 1) + ": they are no longer readable");
            }
            take(chunk.first() - 1, chunk.events());
            pump();
        });
    }

    private void take(long after, List<DomainEvent> events) {
        long position = after;
        Subscription s = subscription;
        for (DomainEvent event : events) {
            position++;
            String touched = WebhookPayloads.track(event, position, contexts, retired);
            if (touched != null) {
                changed.add(touched);
            }
            String type = WebhookPayloads.type(event);
            if (type == null || !s.enabled()) {
                continue;
            }
            TicketContext ticket = event instanceof DomainEvent.TicketEvent t ? contexts.get(t.ticketId()) : null;
            if (event instanceof DomainEvent.TicketEvent && ticket == null) {
                continue; // created before the subscription's cursor began: not its business
            }
            if (!s.wants(type, ticket)) {
                continue;
            }
            byte[] body = bodies.body(position, type, event, ticket);
            String key = event instanceof DomainEvent.TicketEvent t ? t.ticketId()
                    : "agent:" + ((DomainEvent.AgentEvent) event).agentId();
            Delivery d = new Delivery("msg_" + s.id() + "_" + position, position, type, key, body,
                    bodies.payload(position, body), false, event.at());
            pending.add(position, event.at());
            enqueue(d);
        }
        readPosition = position;
        updateOldest();
    }

    private void enqueue(Delivery d) {
        Lane lane = lanes[Math.floorMod(d.ticketId.hashCode(), lanes.length)];
        lane.queue.addLast(d);
        next(lane);
    }

    private void next(Lane lane) {
        if (lane.busy || lane.queue.isEmpty() || closed) {
            return;
        }
        lane.busy = true;
        Delivery d = lane.queue.peekFirst();
        d.firstAttemptAt = System.currentTimeMillis();
        attempt(lane, d);
    }

    private void attempt(Lane lane, Delivery d) {
        if (closed) {
            return;
        }
        if (!subscription.enabled() && !d.replay) {
            finish(lane, d);
            return;
        }
        long started = System.nanoTime();
        long now = System.currentTimeMillis();
        String url = subscription.url();
        Future<String> checked = guard.check(url, now);
        // usually answered already (a cached or allowed host): no stage of futures for it
        Future<Integer> sent = checked.succeeded() ? sendUnlessRefused(checked.result(), lane, url, d, now)
                : checked.compose(refusal -> sendUnlessRefused(refusal, lane, url, d, now));
        sent.onComplete(done -> {
            if (closed) {
                return;
            }
            long nanos = System.nanoTime() - started;
            d.attempts++;
            Integer status = done.succeeded() ? done.result() : null;
            if (status != null && status >= 200 && status < 300) {
                metrics.attempt(WebhookMetrics.Outcome.DELIVERED, nanos);
                record(d, status, null, nanos, "delivered");
                if (d.replay) {
                    deadLetters.remove(d.webhookId);
                }
                finish(lane, d);
            } else if (status != null && status == 410) {
                metrics.attempt(WebhookMetrics.Outcome.GONE, nanos);
                record(d, status, null, nanos, "disabled");
                LOG.warning("webhook subscription " + subscription.id() + " disabled: its endpoint answered 410");
                disable("gone");
                finish(lane, d);
            } else {
                String error = status != null ? "HTTP " + status : String.valueOf(done.cause().getMessage());
                failed(lane, d, status, error, nanos);
            }
        });
    }

    private Future<Integer> sendUnlessRefused(String refusal, Lane lane, String url, Delivery d, long now) {
        if (refusal != null) {
            return Future.failedFuture(new IllegalStateException("refused: " + refusal));
        }
        try {
            return send(lane, url, d, now);
        } catch (RuntimeException e) { // an attempt that fails, retried: never a lane left busy
            return Future.failedFuture(e);
        }
    }

    private Future<Integer> send(Lane lane, String url, Delivery d, long now) {
        long timestamp = now / 1000;
        if (!keys.of(subscription.secrets())) {
            keys = new WebhookSigner.Keys(subscription.secrets()); // rotated
        }
        return client.post(lane.index, url, d.webhookId, timestamp, keys.header(d.webhookId, timestamp, d.body),
                d.payload);
    }

    private void failed(Lane lane, Delivery d, Integer status, String error, long nanos) {
        long now = System.currentTimeMillis();
        // From the event, not the first attempt: messages queued behind a failing one on its lane
        // do not each get a horizon of their own, so a dead endpoint is dead-lettered within it.
        long deadline = d.since + settings.retryHorizon().toMillis();
        if (now >= deadline) {
            metrics.attempt(WebhookMetrics.Outcome.DEAD_LETTERED, nanos);
            record(d, status, error, nanos, "dead_lettered");
            deadLetters.add(d.webhookId, d.type, d.position, d.ticketId,
                    new String(d.body, java.nio.charset.StandardCharsets.UTF_8), d.attempts, d.firstAttemptAt, now,
                    status, error);
            finish(lane, d);
            return;
        }
        metrics.attempt(WebhookMetrics.Outcome.FAILED, nanos);
        record(d, status, error, nanos, "retrying");
        long exponential = settings.initialBackoff().toMillis() << Math.min(30, d.attempts - 1);
        long capped = Math.min(settings.maxBackoff().toMillis(), Math.max(1, exponential));
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        timer(Math.max(1, Math.min(jittered, deadline - now)), () -> attempt(lane, d));
    }

    private void finish(Lane lane, Delivery d) {
        if (lane.queue.peekFirst() == d) {
            lane.queue.pollFirst();
        }
        lane.busy = false;
        if (!d.replay) {
            pending.remove(d.position);
            updateOldest();
        }
        next(lane);
        pump();
    }

    private void disable(String reason) {
        subscription = subscription.disabled(reason);
        abandonPending();
        saveState().onFailure(e -> LOG.severe("cannot save that webhook subscription " + subscription.id()
                + " is disabled: " + e));
    }

    /** Drops queued deliveries (a disabled subscription sends nothing); in-flight ones end as they answer. */
    private void abandonPending() {
        for (Lane lane : lanes) {
            Delivery inFlight = lane.busy ? lane.queue.peekFirst() : null;
            lane.queue.removeIf(d -> d != inFlight && !d.replay);
        }
        pending.clear();
        updateOldest();
    }

    private void updateOldest() {
        oldestPendingAt = pending.isEmpty() ? 0 : pending.oldestTime();
    }

    private void record(Delivery d, Integer status, String error, long nanos, String outcome) {
        log.record(new DeliveryLog.Attempt(d.webhookId, d.type, d.attempts, System.currentTimeMillis(), status, error,
                nanos / 1_000_000.0, outcome, d.replay));
    }

    /** The dead letters, with their bodies. */
    JsonArray deadLetters() {
        return deadLetters.all();
    }

    /** Sends a dead letter again, same {@code webhook-id}; false when there is no such dead letter. */
    boolean replay(String webhookId) {
        JsonObject letter = deadLetters.find(webhookId);
        if (letter == null) {
            return false;
        }
        enqueue(new Delivery(webhookId, letter.getLong("position"), letter.getString("type"), letter.getString("key"),
                letter.getString("body").getBytes(java.nio.charset.StandardCharsets.UTF_8), true,
                System.currentTimeMillis()));
        return true;
    }

    /** A page of the delivery log, newest first (see {@link DeliveryLog#page}). */
    Future<JsonObject> deliveryLog(long before, int limit) {
        return log.page(before, limit);
    }

    /** Appends the attempts booked since the last call to the delivery log's file (and any dead-letter change). */
    Future<Void> flushLog() {
        return Future.join(log.flush(), deadLetters.flush()).mapEmpty();
    }

    /** Position up to which every wanted event was delivered or dead-lettered (in memory). */
    long committed() {
        return pending.isEmpty() ? readPosition : pending.oldest() - 1;
    }

    /** What the journal must keep: everything after the saved cursor. */
    long holdBack() {
        return saved;
    }

    long readPosition() {
        return readPosition;
    }

    /** The context this subscription keeps of {@code ticketId}, or null (for tests). */
    TicketContext context(String ticketId) {
        return contexts.get(ticketId);
    }

    long lagEvents() {
        return Math.max(0, source.head() - saved);
    }

    double lagSeconds() {
        long oldest = oldestPendingAt;
        return oldest == 0 ? 0 : Math.max(0, System.currentTimeMillis() - oldest) / 1000.0;
    }

    long deadLetterCount() {
        return deadLetters.count();
    }

    /**
     * Saves the cursor when it moved: first the ticket contexts if the cursor would pass the
     * position they were saved at (or every few seconds), then the cursor. One save at a time.
     * The contexts are saved by appending the changed ones to {@code <id>.tickets.log}; once the
     * log outgrows the live set it is folded into a whole {@code <id>.tickets.json}. (Rewriting
     * every open ticket's context on each 200 ms save cost more CPU than the deliveries at 2k
     * tickets/s: BENCHMARKS.md, issue 14.)
     */
    Future<Void> save() {
        long position = committed();
        if (saving) {
            return lastSave.compose(v -> save()); // a stop must not skip the newest cursor
        }
        if (closed || position == saved) {
            return Future.succeededFuture();
        }
        saving = true;
        long now = System.currentTimeMillis();
        Future<Void> ticketsSaved = Future.succeededFuture();
        String id = subscription.id();
        if (position > ticketsAsOf || now - ticketsSavedAt >= TICKETS_SAVE_MILLIS) {
            retired.entrySet().removeIf(e -> {
                boolean gone = e.getValue() <= position;
                if (gone) {
                    contexts.remove(e.getKey());
                    changed.remove(e.getKey());
                }
                return gone;
            });
            long asOf = readPosition;
            if (ticketLogEntries < 0 || ticketLogEntries + changed.size() > Math.max(TICKET_LOG_MIN_COMPACT,
                    contexts.size())) {
                // whole save, then the log it replaces (a crash between: the log's lines are not after it)
                JsonObject whole = WebhookFiles.encode(asOf, contexts, retired);
                ticketsSaved = files.saveTickets(id, whole).compose(v -> files.deleteTicketLog(id));
                ticketLogEntries = 0;
            } else {
                // only what changed, as of the read position (an empty line too: it moves asOf)
                int entries = 0;
                for (String ticket : changed) {
                    entries += contexts.containsKey(ticket) ? 1 : 0;
                }
                ticketsSaved = files.appendTicketLog(id, files.ticketLogLine(asOf, changed, contexts, retired));
                ticketLogEntries += entries;
            }
            changed.clear();
            ticketsSaved = ticketsSaved.onFailure(e -> { // the changes may be lost: save whole, and before the cursor
                ticketLogEntries = -1;
                ticketsAsOf = -1;
            });
            ticketsAsOf = asOf;
            ticketsSavedAt = now;
        }
        JsonObject cursor = cursorJson(position);
        // a dead letter is on disk before the cursor passes its message
        Future<Void> lettersSaved = deadLetters.flush();
        lastSave = Future.all(ticketsSaved, lettersSaved).compose(v -> files.saveCursor(id, cursor)).<Void>map(v -> {
            saved = position;
            return null;
        }).onComplete(done -> {
            saving = false;
            if (done.failed()) {
                LOG.severe("cannot save the cursor of webhook subscription " + id + ": " + done.cause());
            }
        });
        return lastSave;
    }

    /** Saves the disabled state now (a 410 must survive a restart). */
    Future<Void> saveState() {
        return files.saveCursor(subscription.id(), cursorJson(saved));
    }

    private JsonObject cursorJson(long position) {
        return new JsonObject().put("position", position).put("disabled", subscription.disabledReason());
    }

    void close() {
        closed = true;
        timers.forEach(vertx::cancelTimer);
        timers.clear();
    }

    private void timer(long delay, Runnable action) {
        long[] id = new long[1];
        id[0] = vertx.setTimer(delay, t -> {
            timers.remove(id[0]);
            action.run();
        });
        timers.add(id[0]);
    }
}

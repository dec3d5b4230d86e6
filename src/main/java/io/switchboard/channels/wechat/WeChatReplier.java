package io.switchboard.channels.wechat;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.TicketReplied;
import io.switchboard.core.event.DomainEvent.WechatReceived;
import io.switchboard.engine.Command;
import io.switchboard.engine.Outcome;
import io.switchboard.follow.CursorStore;
import io.switchboard.follow.JournalFollower;
import io.switchboard.metrics.WeChatMetrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Agent replies on WeChat tickets, delivered to the customer through the Official Account's
 * customer-service message API ({@link WeChatApi}), on this verticle's own event loop (routing
 * never waits for WeChat).
 *
 * <p>Follows the journal through its {@link JournalFollower} (woken by each durable batch, no
 * polling) from the cursor {@value #CURSOR} in the {@link CursorStore} (a decimal position; the
 * first start begins at the journal's head, so history is never re-sent). For each
 * {@link TicketReplied} on a ticket with a {@link WechatReceived} (account and OpenID from its
 * latest one), it sends the message, retrying transient failures (errcode -1, HTTP 5xx, connection)
 * with doubling backoff up to {@code maxAttempts}, and journals the outcome on the ticket's timeline
 * ({@code RecordWeChatReply} → {@code WechatReplySent} / {@code WechatReplyFailed}). The cursor moves
 * past a reply only once its outcome is journaled: delivery is at least once (a crash in between
 * sends it again). Replies go out one at a time, in journal order; while one is being retried the
 * ones behind it wait (bounded by {@code maxAttempts} × {@code maxBackoff}). The cursor is saved
 * after each reply, and every {@value #SAVE_MILLIS} ms while it only passes other events.
 */
public final class WeChatReplier extends VerticleBase {
    private static final Logger LOG = Logger.getLogger(WeChatReplier.class.getName());
    /** The cursor's name in the {@link CursorStore}: the position as decimal text. */
    public static final String CURSOR = "wechat/reply-cursor";
    private static final int BATCH = 500;
    private static final long SAVE_MILLIS = 200;
    private static final long RETRY_MILLIS = 1_000;

    private record Customer(String account, String openId) {}

    private final WeChatSettings settings;
    private final JournalFollower journal;
    private final Function<Command, Future<Outcome>> engine;
    private final CursorStore cursors;
    private final LongSupplier clock;
    private final WeChatMetrics metrics;
    /** When the reply being delivered was journaled (epoch millis); 0 while none is. */
    private volatile long deliveringSince;
    private final Map<String, WeChatApi> apis = new HashMap<>();
    private final Map<String, Customer> customers = new HashMap<>();
    private long cursor;
    private long savedCursor;
    private WebClient client;
    private boolean stopped;
    private boolean busy;
    private boolean loaded;
    private long saveTimer = -1;
    private Future<Void> lastSave = Future.succeededFuture();

    /**
     * {@code journal}: this replier's view of the journal (registered with the engine's
     * {@link io.switchboard.follow.FollowerRegistry}); {@code engine}: the engine's port (to read a
     * timeline and journal outcomes); {@code cursors}: where the cursor is kept.
     */
    public WeChatReplier(WeChatSettings settings, JournalFollower journal, Function<Command, Future<Outcome>> engine,
            CursorStore cursors, LongSupplier clock) {
        this(settings, journal, engine, cursors, clock, WeChatMetrics.NOOP);
    }

    /** As above, counting attempts and exposing the lag in {@code metrics}. */
    public WeChatReplier(WeChatSettings settings, JournalFollower journal, Function<Command, Future<Outcome>> engine,
            CursorStore cursors, LongSupplier clock, WeChatMetrics metrics) {
        this.metrics = metrics;
        this.settings = settings;
        this.journal = journal;
        this.engine = engine;
        this.cursors = cursors;
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false)
                .setConnectTimeout((int) settings.requestTimeout().toMillis())
                .setIdleTimeout((int) settings.requestTimeout().toSeconds() + 1)
                .setUserAgent("Switchboard-WeChat/1"));
        settings.accounts().forEach((name, account) -> {
            if (account.appSecret() != null) {
                apis.put(name, new WeChatApi(client, settings.apiBaseUrl(), account.appId(), account.appSecret(),
                        clock));
            }
        });
        if (apis.isEmpty()) {
            journal.close(); // nothing to send: keeps nothing, holds nothing back
            journal.saved(Long.MAX_VALUE);
            return Future.succeededFuture();
        }
        journal.start(vertx.getOrCreateContext(), this::pump); // its head is the journal's from here on
        return cursors.read(CURSOR).onSuccess(saved -> {
            cursor = saved == null ? journal.head() : Long.parseLong(saved.trim());
            savedCursor = cursor;
            journal.saved(cursors.durable() ? cursor : Long.MAX_VALUE);
            saveTimer = vertx.setPeriodic(SAVE_MILLIS, t -> save());
            loaded = true;
            metrics.lag(() -> Math.max(0, journal.head() - cursor), this::secondsBehind);
            pump();
        });
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        journal.close();
        if (saveTimer >= 0) {
            vertx.cancelTimer(saveTimer);
        }
        if (client != null) {
            client.close();
        }
        return loaded ? lastSave.eventually(this::save) : Future.succeededFuture();
    }

    /** Reads on from the cursor until nothing follows; a new batch wakes it again. */
    private void pump() {
        if (stopped || busy || !loaded) {
            return;
        }
        busy = true;
        journal.read(cursor, BATCH).compose(chunk -> handle(chunk.first() - 1, chunk.events(), 0)
                        .map(chunk.events().size()))
                .onComplete(done -> {
                    busy = false;
                    if (stopped) {
                        return;
                    }
                    if (done.failed()) {
                        LOG.warning("wechat replies: " + done.cause() + "; trying again in " + RETRY_MILLIS + " ms");
                        vertx.setTimer(RETRY_MILLIS, t -> pump());
                    } else if (done.result() > 0) {
                        journal.release(cursor);
                        pump();
                    }
                });
    }

    /** Handles {@code events[i..]} (the first at {@code from + 1}), saving the cursor after each reply. */
    private Future<Void> handle(long from, List<DomainEvent> events, int i) {
        for (; i < events.size(); i++) {
            DomainEvent event = events.get(i);
            if (event instanceof WechatReceived received) {
                customers.put(received.ticketId(), new Customer(received.account(), received.openId()));
            } else if (event instanceof TicketReplied reply) {
                long position = from + i + 1;
                int next = i + 1;
                deliveringSince = reply.at();
                return deliver(reply).compose(v -> {
                    cursor = position;
                    return save();
                }).compose(v -> handle(from, events, next));
            }
        }
        deliveringSince = 0;
        cursor = from + events.size();
        return Future.succeededFuture();
    }

    private long secondsBehind() {
        long since = deliveringSince;
        return since == 0 ? 0 : Math.max(0, (clock.getAsLong() - since) / 1000);
    }

    private Future<Void> deliver(TicketReplied reply) {
        Future<Customer> customer = customers.containsKey(reply.ticketId())
                ? Future.succeededFuture(customers.get(reply.ticketId())) : lookUp(reply.ticketId());
        return customer.compose(c -> {
            WeChatApi api = c == null ? null : apis.get(c.account());
            if (api == null) {
                return Future.succeededFuture(); // not a WeChat ticket, or no appSecret for its account
            }
            return attempt(api, c, reply, 1, settings.initialBackoff().toMillis());
        });
    }

    private Future<Void> attempt(WeChatApi api, Customer c, TicketReplied reply, int attempt, long backoff) {
        return api.sendText(c.openId(), reply.message()).compose(result -> {
            metrics.attempt(outcomeOf(result.kind(), attempt));
            if (result.kind() == WeChatApi.Result.Kind.RETRY && stopped) {
                // not given up: stopped (a step-down, a graceful stop) while retrying; no outcome is
                // journaled and the cursor stays before the reply, so the next start sends it again
                return Future.failedFuture("stopped before the reply went out");
            }
            if (result.kind() == WeChatApi.Result.Kind.RETRY && attempt < settings.maxAttempts()) {
                Promise<Void> later = Promise.promise();
                vertx.setTimer(backoff, t -> attempt(api, c, reply, attempt + 1,
                        Math.min(backoff * 2, settings.maxBackoff().toMillis())).onComplete(later));
                return later.future();
            }
            String reason = switch (result.kind()) {
                case SENT -> "delivered";
                case REFUSED -> "refused";
                case RETRY -> "gave_up";
            };
            return record(new Command.RecordWeChatReply(reply.ticketId(), c.account(), c.openId(), reply.at(),
                    result.kind() == WeChatApi.Result.Kind.SENT ? 0 : result.errcode(), result.errmsg(), attempt,
                    reason));
        });
    }

    private WeChatMetrics.Outcome outcomeOf(WeChatApi.Result.Kind kind, int attempt) {
        return switch (kind) {
            case SENT -> WeChatMetrics.Outcome.SENT;
            case REFUSED -> WeChatMetrics.Outcome.REFUSED;
            case RETRY -> attempt < settings.maxAttempts() || stopped ? WeChatMetrics.Outcome.RETRYING
                    : WeChatMetrics.Outcome.GAVE_UP;
        };
    }

    /** Journals an outcome; a ticket that left the engine meanwhile (archived) has no timeline to hold it. */
    private Future<Void> record(Command.RecordWeChatReply outcome) {
        return engine.apply(outcome).<Void>mapEmpty().recover(failure -> {
            LOG.warning("wechat replies: outcome for " + outcome.ticketId() + " not journaled: " + failure);
            return Future.succeededFuture();
        });
    }

    /** The account and OpenID of a ticket whose WechatReceived is before the cursor (after a restart). */
    @SuppressWarnings("unchecked")
    private Future<Customer> lookUp(String ticketId) {
        return engine.apply(new Command.GetTimeline(ticketId)).map(outcome -> {
            Customer found = null;
            if (outcome.ok()) {
                for (DomainEvent.TicketEvent e : (List<DomainEvent.TicketEvent>) outcome.value()) {
                    if (e instanceof WechatReceived received) {
                        found = new Customer(received.account(), received.openId());
                    }
                }
            }
            return found;
        }).recover(failure -> Future.succeededFuture(null));
    }

    /** Saves the cursor when it moved (one save at a time; a failed save is retried by the next). */
    private Future<Void> save() {
        if (cursor == savedCursor || !cursors.durable()) {
            savedCursor = cursor;
            return lastSave;
        }
        long position = cursor;
        lastSave = lastSave.eventually(() -> cursors.write(CURSOR, Long.toString(position))).onSuccess(v -> {
            savedCursor = Math.max(savedCursor, position);
            journal.saved(savedCursor);
        }).onFailure(e -> LOG.warning("wechat replies: cannot save the cursor: " + e));
        return lastSave;
    }
}

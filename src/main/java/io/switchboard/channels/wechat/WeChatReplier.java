package io.switchboard.channels.wechat;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.TicketReplied;
import io.switchboard.core.event.DomainEvent.WechatReceived;
import io.switchboard.engine.Command;
import io.switchboard.engine.Outcome;
import io.switchboard.metrics.WeChatMetrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * <p>Follows the journal from a cursor saved in {@code <dataDir>/wechat/reply-cursor} (like the
 * webhooks; the first start begins at the journal's head, so history is never re-sent). For each
 * {@link TicketReplied} on a ticket with a {@link WechatReceived} (account and OpenID from its
 * latest one), it sends the message, retrying transient failures (errcode -1, HTTP 5xx, connection)
 * with doubling backoff up to {@code maxAttempts}, and journals the outcome on the ticket's timeline
 * ({@code RecordWeChatReply} → {@code WechatReplySent} / {@code WechatReplyFailed}). The cursor moves
 * past a reply only once its outcome is journaled: delivery is at least once (a crash in between
 * sends it again). Replies go out one at a time, in journal order; while one is being retried the
 * ones behind it wait (bounded by {@code maxAttempts} × {@code maxBackoff}).
 */
public final class WeChatReplier extends VerticleBase {
    private static final Logger LOG = Logger.getLogger(WeChatReplier.class.getName());
    private static final int BATCH = 500;
    private static final long IDLE_POLL_MILLIS = 200;

    /** The journal's {@code readAfter}: events after a position, the first at {@code position + 1}. */
    public interface JournalReader {
        Future<List<DomainEvent>> readAfter(long position, int max);
    }

    private record Customer(String account, String openId) {}

    private final WeChatSettings settings;
    private final JournalReader journal;
    private final LongSupplier journalHead;
    private final Function<Command, Future<Outcome>> engine;
    private final Path cursorFile;
    private final LongSupplier clock;
    private final WeChatMetrics metrics;
    /** When the reply being delivered was journaled (epoch millis); 0 while none is. */
    private volatile long deliveringSince;
    private final Map<String, WeChatApi> apis = new HashMap<>();
    private final Map<String, Customer> customers = new HashMap<>();
    private volatile long cursor;
    private WebClient client;
    private boolean stopped;
    private volatile boolean started;
    private volatile boolean following;

    /**
     * {@code engine}: the engine's port (to read a timeline and journal outcomes); {@code dataDir}:
     * where the cursor is kept (null: nowhere, in-memory mode).
     */
    public WeChatReplier(WeChatSettings settings, JournalReader journal, LongSupplier journalHead,
            Function<Command, Future<Outcome>> engine, Path dataDir, LongSupplier clock) {
        this(settings, journal, journalHead, engine, dataDir, clock, WeChatMetrics.NOOP);
    }

    /** As above, counting attempts and exposing the lag in {@code metrics}. */
    public WeChatReplier(WeChatSettings settings, JournalReader journal, LongSupplier journalHead,
            Function<Command, Future<Outcome>> engine, Path dataDir, LongSupplier clock, WeChatMetrics metrics) {
        this.metrics = metrics;
        this.settings = settings;
        this.journal = journal;
        this.journalHead = journalHead;
        this.engine = engine;
        this.cursorFile = dataDir == null ? null : dataDir.resolve("wechat").resolve("reply-cursor");
        this.clock = clock;
    }

    /**
     * The position up to which every reply has its outcome journaled; snapshots compact no further
     * (0 before start; no limit when no account has an appSecret).
     */
    public long holdBack() {
        return following ? cursor : started ? Long.MAX_VALUE : 0;
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
        long head = journalHead.getAsLong();
        return vertx.executeBlocking(() -> readCursor(head), false).onSuccess(saved -> {
            cursor = saved;
            following = !apis.isEmpty();
            started = true;
            if (following) {
                metrics.lag(() -> Math.max(0, journalHead.getAsLong() - cursor), this::secondsBehind);
                follow();
            }
        });
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        if (client != null) {
            client.close();
        }
        return Future.succeededFuture();
    }

    private void follow() {
        if (stopped) {
            return;
        }
        long from = cursor;
        journal.readAfter(from, BATCH).compose(events -> handle(from, events, 0).map(events.size()))
                .onComplete(done -> {
                    if (done.failed()) {
                        LOG.warning("wechat replies: " + done.cause());
                    }
                    if (done.succeeded() && done.result() > 0) {
                        follow();
                    } else if (!stopped) {
                        vertx.setTimer(IDLE_POLL_MILLIS, t -> follow());
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
                return deliver(reply).compose(v -> save(position)).compose(v -> handle(from, events, next));
            }
        }
        deliveringSince = 0;
        return save(from + events.size());
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
            if (result.kind() == WeChatApi.Result.Kind.RETRY && attempt < settings.maxAttempts() && !stopped) {
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
            case RETRY -> attempt < settings.maxAttempts() && !stopped ? WeChatMetrics.Outcome.RETRYING
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

    private Future<Void> save(long position) {
        cursor = position;
        if (cursorFile == null) {
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(() -> {
            Files.createDirectories(cursorFile.getParent());
            Path tmp = cursorFile.resolveSibling("reply-cursor.tmp");
            Files.writeString(tmp, Long.toString(position), StandardCharsets.UTF_8);
            Files.move(tmp, cursorFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return null;
        }, false);
    }

    private long readCursor(long head) throws IOException {
        if (cursorFile == null || !Files.exists(cursorFile)) {
            return head;
        }
        return Long.parseLong(Files.readString(cursorFile, StandardCharsets.UTF_8).trim());
    }
}

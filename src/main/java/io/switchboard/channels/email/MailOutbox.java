package io.switchboard.channels.email;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.metrics.MailMetrics;
import io.switchboard.follow.CursorStore;
import io.switchboard.follow.JournalFollower;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.SMTPException;
import io.vertx.ext.mail.StartTLSOptions;
import java.util.List;
import java.util.logging.Logger;

/**
 * Agent replies on e-mail tickets, sent by SMTP ({@code email.outbound}) at least once.
 *
 * <p>The outbox follows the journal through its {@link JournalFollower} (the batches the engine
 * hands over, the journal when it is behind them) from the cursor {@value #CURSOR} in the
 * {@link CursorStore}. Each
 * {@code TicketReplied} on a ticket with a mail conversation ({@link MailThreads}) is sent, retried
 * with doubling waits on transient failures (connection errors, 4xx) and given up on a permanent
 * refusal (5xx) or after {@code maxAttempts}; the outcome ({@code MailSent} / {@code MailFailed})
 * is journaled on the ticket's timeline through {@link Timeline}, and only then does the cursor
 * pass the reply. The cursor and the conversations are saved together, atomically, so a restart
 * (also kill -9) goes on from a consistent point: a reply is never lost, and is sent twice only
 * when the process dies between the server's acceptance and the save, with the same Message-ID
 * ({@link ReplyMail}). Replies are sent one at a time, in journal order: a reply being retried
 * holds back the ones after it (the SMTP server is one for all).
 *
 * <p>On its first start (no saved state) the outbox reads the journal from the beginning to learn
 * the conversations but sends nothing journaled before that start. Its follower's hold-back is the
 * saved cursor: snapshots compact nothing the outbox still needs.
 *
 * <p>Threading: everything runs on this verticle's context; the engine thread only hands batches
 * to the {@link JournalFollower}.
 */
public final class MailOutbox extends VerticleBase {
    private static final Logger LOG = Logger.getLogger(MailOutbox.class.getName());
    static final String ACTOR = "mailer";
    /** The outbox's state document: {@code {"cursor", "sendFrom", "threads"}}. */
    public static final String CURSOR = "mail-outbox/state.json";
    private static final int CHUNK = 256;
    private static final long SAVE_MILLIS = 200;
    private static final long PAUSE_MILLIS = 1_000;

    /** Journals a {@code MailSent}/{@code MailFailed}: true once journaled, false when the ticket is gone. */
    public interface Timeline {
        Future<Boolean> record(DomainEvent.TicketEvent outcome);
    }

    private final OutboundMail settings;
    private final JournalFollower journal;
    private final CursorStore cursors;
    private final Timeline timeline;
    private final MailMetrics metrics;
    private final MailThreads threads = new MailThreads();
    private volatile long savedCursor;
    private long cursor;
    private long sendFrom;
    private boolean loaded;
    private boolean busy;
    private boolean saving;
    private boolean stopped;
    private long saveTimer = -1;
    private MailClient client;
    private Future<Void> lastSave = Future.succeededFuture();

    /**
     * {@code journal}: the outbox's view of the journal (registered with the engine's
     * {@link io.switchboard.follow.FollowerRegistry}); {@code cursors}: where its state is kept.
     */
    public MailOutbox(OutboundMail settings, JournalFollower journal, CursorStore cursors, Timeline timeline,
            MailMetrics metrics) {
        this.settings = settings;
        this.journal = journal;
        this.cursors = cursors;
        this.timeline = timeline;
        this.metrics = metrics;
    }

    /** Deploy after the engine: the journal must be open. */
    @Override
    public Future<?> start() {
        client = MailClient.create(vertx, config(settings));
        journal.start(vertx.getOrCreateContext(), this::pump); // its head is the journal's from here on
        long head = journal.head();
        return cursors.read(CURSOR).onSuccess(document -> {
            if (document == null) {
                cursor = 0;
                sendFrom = head;
            } else {
                JsonObject stored = new JsonObject(document);
                cursor = stored.getLong("cursor");
                sendFrom = stored.getLong("sendFrom");
                threads.decode(stored.getJsonObject("threads"));
            }
            savedCursor = cursor;
            journal.saved(cursors.durable() ? cursor : Long.MAX_VALUE);
            loaded = true;
            metrics.lag(() -> Math.max(0, journal.head() - savedCursor));
            saveTimer = vertx.setPeriodic(SAVE_MILLIS, t -> save());
            LOG.info("e-mail replies go out through " + settings.host() + ":" + settings.port() + " from "
                    + settings.fromAddress() + "; its cursor is kept in " + cursors.describe());
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
        return lastSave.eventually(this::save).eventually(() -> client.close());
    }

    private void pump() {
        if (busy || !loaded || stopped) {
            return;
        }
        busy = true;
        next().compose(this::handle).onComplete(done -> {
            busy = false;
            if (done.failed()) {
                if (!stopped) {
                    LOG.warning("e-mail outbox: " + done.cause() + "; trying again in " + PAUSE_MILLIS + " ms");
                    vertx.setTimer(PAUSE_MILLIS, t -> pump());
                }
            } else if (done.result()) {
                journal.release(cursor);
                pump();
            }
        });
    }

    /** The events after the cursor (the first at cursor + 1; the in-memory journal may skip ahead). */
    private Future<List<DomainEvent>> next() {
        return journal.read(cursor, CHUNK).map(chunk -> {
            cursor = chunk.first() - 1;
            return chunk.events();
        }).recover(failure -> {
            if (cursor < sendFrom && failure instanceof io.switchboard.store.JournalCorruptException) {
                // first start on a compacted journal: the conversations before the snapshot are not
                // known, and nothing before sendFrom would be sent anyway
                LOG.warning("e-mail outbox: the journal before position " + sendFrom + " was compacted; replies on"
                        + " tickets whose mail came in before are not sent by e-mail");
                cursor = sendFrom;
                return next();
            }
            return Future.failedFuture(failure);
        });
    }

    /** Handles {@code events} (the first at cursor + 1); true when there were any. */
    private Future<Boolean> handle(List<DomainEvent> events) {
        return events.isEmpty() ? Future.succeededFuture(false) : handleFrom(events, 0).map(true);
    }

    private Future<Void> handleFrom(List<DomainEvent> events, int index) {
        for (int i = index; i < events.size(); i++) {
            if (stopped) {
                return Future.failedFuture("stopped");
            }
            DomainEvent event = events.get(i);
            long position = cursor + 1;
            MailThreads.Thread thread = event instanceof DomainEvent.TicketReplied reply
                    ? threads.of(reply.ticketId()) : null;
            if (thread != null && position > sendFrom) {
                int following = i + 1;
                return send((DomainEvent.TicketReplied) event, thread, position).compose(v -> {
                    cursor = position;
                    return save();
                }).compose(v -> handleFrom(events, following));
            }
            threads.track(event);
            cursor = position;
        }
        return Future.succeededFuture();
    }

    private Future<Void> send(DomainEvent.TicketReplied reply, MailThreads.Thread thread, long position) {
        String messageId = ReplyMail.messageId(settings, reply.ticketId(), position);
        MailMessage message = ReplyMail.compose(settings, reply.ticketId(), thread, messageId, reply.message());
        Promise<DomainEvent.TicketEvent> outcome = Promise.promise();
        attempt(message, reply.ticketId(), messageId, thread.customer(), 1, outcome);
        return outcome.future().compose(this::record);
    }

    private void attempt(MailMessage message, String ticketId, String messageId, String to, int attempt,
            Promise<DomainEvent.TicketEvent> outcome) {
        client.sendMail(message).onComplete(sent -> {
            if (sent.succeeded()) {
                metrics.attempt(MailMetrics.Outcome.SENT);
                outcome.complete(new DomainEvent.MailSent(System.currentTimeMillis(), ticketId, messageId, to, attempt,
                        ACTOR, "agent_reply"));
                return;
            }
            Throwable cause = sent.cause();
            boolean permanent = cause instanceof SMTPException smtp && smtp.isPermanent();
            if (permanent || attempt >= settings.maxAttempts()) {
                metrics.attempt(MailMetrics.Outcome.FAILED);
                LOG.warning("e-mail reply " + messageId + " given up after " + attempt + " attempt(s): " + cause);
                outcome.complete(new DomainEvent.MailFailed(System.currentTimeMillis(), ticketId, messageId, to,
                        attempt, describe(cause), ACTOR, permanent ? "smtp_refused" : "retries_exhausted"));
                return;
            }
            metrics.attempt(MailMetrics.Outcome.RETRYING);
            if (stopped) {
                outcome.fail(cause);
                return;
            }
            vertx.setTimer(settings.retryDelayMillis(attempt),
                    t -> attempt(message, ticketId, messageId, to, attempt + 1, outcome));
        });
    }

    /** Journals the outcome, trying again while the engine cannot take it (the reply is already out). */
    private Future<Void> record(DomainEvent.TicketEvent outcome) {
        return timeline.record(outcome).<Void>mapEmpty().recover(failure -> {
            if (stopped) {
                return Future.failedFuture(failure);
            }
            LOG.warning("e-mail outbox: cannot journal " + outcome + ": " + failure);
            Promise<Void> later = Promise.promise();
            vertx.setTimer(PAUSE_MILLIS, t -> record(outcome).onComplete(later));
            return later.future();
        });
    }

    /** Saves the cursor and the conversations when the cursor moved (one save at a time). */
    private Future<Void> save() {
        if (saving || cursor == savedCursor || !loaded) {
            return lastSave;
        }
        saving = true;
        long position = cursor;
        String state = new JsonObject().put("cursor", position).put("sendFrom", sendFrom)
                .put("threads", threads.encode()).encode();
        lastSave = cursors.write(CURSOR, state).onComplete(done -> {
            saving = false;
            if (done.succeeded()) {
                savedCursor = position;
                journal.saved(cursors.durable() ? position : Long.MAX_VALUE);
            } else {
                LOG.warning("e-mail outbox: cannot save the cursor: " + done.cause());
            }
        });
        return lastSave;
    }

    private static String describe(Throwable cause) {
        String text = cause instanceof SMTPException smtp ? smtp.getReplyCode() + " " + smtp.getReplyMessage()
                : String.valueOf(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
        return text.length() > 500 ? text.substring(0, 500) : text;
    }

    private static MailConfig config(OutboundMail settings) {
        MailConfig config = new MailConfig().setHostname(settings.host()).setPort(settings.port())
                .setStarttls(StartTLSOptions.valueOf(settings.starttls().name())).setConnectTimeout(10_000)
                .setLogin(settings.username() == null ? LoginOption.DISABLED : LoginOption.REQUIRED);
        if (settings.username() != null) {
            config.setUsername(settings.username()).setPassword(settings.password());
        }
        return config;
    }
}

package io.switchboard.api.http;

import io.switchboard.api.TicketJson;
import io.switchboard.channels.email.AttachmentStore;
import io.switchboard.channels.email.EmailSettings;
import io.switchboard.channels.email.InboundMail;
import io.switchboard.channels.email.MailParser;
import io.switchboard.channels.email.SenderLimiter;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Customer;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.TicketDraft;
import io.switchboard.engine.Command;
import io.switchboard.engine.MailOutcome;
import io.switchboard.port.EnginePort;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/intake/email}: a raw RFC 5322 message ({@code message/rfc822}), as a mail
 * server's pipe or an inbound-parse relay delivers it. The MIME parsing runs on a worker thread
 * ({@code executeBlocking}); everything else chains futures on the event loop.
 *
 * <p>Answers: 201 a ticket was opened, 200 the mail joined a ticket (or was a retried delivery),
 * 202 it was taken and deliberately dropped: an auto-reply or bounce (never a ticket, never an
 * answer, so no mail loop), a sender the lists refuse, or a sender past its hourly allowance (a
 * flood from one address never floods the queue). Dropping with 2xx keeps the relay from
 * retrying or bouncing to the (often forged) sender. A body that is not a message is a 422
 * {@code malformed-mail}.
 */
final class MailIntakeRoute implements Handler<RoutingContext> {
    static final String MEDIA_TYPE = "message/rfc822";
    private static final Pattern SUBJECT_TOKEN = Pattern.compile("\\[#(tkt_\\d{1,18})\\]");
    private static final Pattern NOT_ID = Pattern.compile("[^A-Za-z0-9_.@:-]");
    private static final int MAX_SUBJECT = 500;

    private final Vertx vertx;
    private final EnginePort engine;
    private final IntakeGate intake;
    private final EmailSettings settings;
    private final MailParser parser;
    private final SenderLimiter limiter;
    private final AttachmentStore attachments;

    MailIntakeRoute(Vertx vertx, EnginePort engine, IntakeGate intake, EmailSettings settings) {
        this.vertx = vertx;
        this.engine = engine;
        this.intake = intake;
        this.settings = settings;
        this.parser = new MailParser(settings.maxMessageBytes());
        this.attachments = new AttachmentStore(settings.attachments());
        this.limiter = vertx.sharedData().<String, SenderLimiter>getLocalMap("switchboard.mail")
                .computeIfAbsent("senders", k -> new SenderLimiter(settings.perSenderPerHour()));
    }

    @Override
    public void handle(RoutingContext rc) {
        String type = rc.request().getHeader("Content-Type");
        String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals(MEDIA_TYPE)) {
            Problem.of(415, "unsupported-media-type", "Unsupported media type",
                    "send the raw message as " + MEDIA_TYPE).send(rc.response());
            return;
        }
        Buffer body = rc.body().buffer();
        if (body == null || body.length() == 0) {
            malformed(rc, "the body is empty; send the raw RFC 5322 message");
            return;
        }
        if (body.length() > settings.maxMessageBytes()) {
            Problem.of(413, "payload-too-large", "Payload too large", "the message exceeds email.maxMessageBytes ("
                    + settings.maxMessageBytes() + " bytes)").send(rc.response());
            return;
        }
        byte[] raw = body.getBytes();
        String actor = Access.principal(rc).actor();
        vertx.executeBlocking(() -> {
            InboundMail mail = parser.parse(raw, attachments.keepUpTo());
            return new Parsed(mail, attachments.select(mail));
        }, false).onComplete(parsed -> {
            if (parsed.failed()) {
                malformed(rc, parsed.cause() instanceof MailParser.MalformedMail ? parsed.cause().getMessage()
                        : "the message cannot be parsed");
            } else {
                take(rc, parsed.result().mail(), parsed.result().kept(), actor);
            }
        });
    }

    /** A parsed mail and the attachments whose content is to be kept. */
    private record Parsed(InboundMail mail, List<AttachmentStore.Kept> kept) {}

    private void take(RoutingContext rc, InboundMail mail, List<AttachmentStore.Kept> kept, String actor) {
        if (mail.sender() == null || mail.sender().indexOf('@') < 1) {
            malformed(rc, "the message has no From address");
        } else if (mail.automatic() != null) {
            dropped(rc, "ignored", mail.automatic());
        } else if (!settings.admits(mail.sender())) {
            dropped(rc, "dropped", "sender_denied");
        } else if (!limiter.tryAcquire(mail.sender())) {
            dropped(rc, "dropped", "sender_rate_limited");
        } else {
            send(rc, mail, kept, actor);
        }
    }

    private void send(RoutingContext rc, InboundMail mail, List<AttachmentStore.Kept> kept, String actor) {
        String subject = mail.subject().length() > MAX_SUBJECT ? mail.subject().substring(0, MAX_SUBJECT) : mail.subject();
        String text = mail.text().length() > BodyReader.MAX_TRANSCRIPT
                ? mail.text().substring(0, BodyReader.MAX_TRANSCRIPT) + BodyReader.TRUNCATED
                        + (mail.text().length() - BodyReader.MAX_TRANSCRIPT) + " characters]"
                : mail.text();
        TicketDraft draft = new TicketDraft(Channel.EMAIL, Priority.NORMAL, new Customer(customerId(mail.sender()),
                CustomerTier.STANDARD, mail.senderName()), settings.ticketType(), subject.isEmpty() ? null : subject,
                text.isEmpty() ? null : text, List.of(), null, Set.of("email"), Map.of(), null);
        IntakeGate.Gated gated = intake.apply(new Command.CreateTicket(draft, null, null, actor));
        if (gated.problem() != null) {
            gated.problem().send(rc.response());
            return;
        }
        Matcher token = SUBJECT_TOKEN.matcher(subject);
        Command.IntakeMail command = new Command.IntakeMail(gated.command(), mail.messageId(), mail.threadIds(),
                token.find() ? token.group(1) : null, mail.attachments(), actor,
                kept.stream().map(AttachmentStore.Kept::attachment).toList());
        engine.trySend(command).onComplete(done -> {
            if (done.failed()) {
                Answers.unavailable(rc, done.cause());
            } else if (!done.result().ok()) {
                Problem.from(done.result().rejection()).send(rc.response());
            } else {
                MailOutcome outcome = (MailOutcome) done.result().value();
                stored(outcome.ticket().id(), kept).onComplete(written -> {
                    if (written.failed()) {
                        notStored(rc, written.cause());
                        return;
                    }
                    rc.response().putHeader("Location", "/v1/tickets/" + outcome.ticket().id());
                    Answers.json(rc, outcome.outcome().equals("created") ? 201 : 200, new JsonObject()
                            .put("outcome", outcome.outcome())
                            .put("ticket", new JsonObject(TicketJson.encode(outcome.ticket()))));
                });
            }
        });
    }

    /**
     * Writes the kept attachments after the mail is journaled and before it is acknowledged (also
     * for a retried delivery: the files of a delivery that failed are written by the retry).
     */
    private io.vertx.core.Future<Void> stored(String ticketId, List<AttachmentStore.Kept> kept) {
        if (kept.isEmpty()) {
            return io.vertx.core.Future.succeededFuture();
        }
        return vertx.executeBlocking(() -> {
            attachments.write(ticketId, kept);
            return null;
        }, false);
    }

    private static void notStored(RoutingContext rc, Throwable cause) {
        java.util.logging.Logger.getLogger(MailIntakeRoute.class.getName()).log(java.util.logging.Level.WARNING,
                "mail attachments could not be written: {0}", cause.toString());
        rc.response().putHeader("Retry-After", "60");
        Problem.of(503, "attachments-not-stored", "Attachments not stored", "the mail was taken but its attachments"
                + " could not be written; deliver it again (it is recognised by its Message-ID)").send(rc.response());
    }

    /** The customer id of a sender: its address, with characters an id cannot hold replaced by {@code _}. */
    static String customerId(String address) {
        String id = NOT_ID.matcher(address).replaceAll("_");
        return id.length() > 128 ? id.substring(0, 128) : id;
    }

    private static void dropped(RoutingContext rc, String outcome, String reason) {
        Answers.json(rc, 202, new JsonObject().put("outcome", outcome).put("reason", reason));
    }

    private static void malformed(RoutingContext rc, String detail) {
        Problem.of(422, "malformed-mail", "Malformed mail", detail).send(rc.response());
    }
}

package io.switchboard.api.http;

import io.switchboard.channels.wechat.WeChatCrypto;
import io.switchboard.channels.wechat.WeChatSettings;
import io.switchboard.channels.wechat.WeChatSignature;
import io.switchboard.channels.wechat.WeChatXml;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Customer;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.TicketDraft;
import io.switchboard.engine.Command;
import io.switchboard.port.EnginePort;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The WeChat Official Account callback, {@code /v1/intake/wechat/{account}}, authenticated by the
 * platform's signature instead of an API key (WeChat cannot send one), so mounted before the
 * authentication handler. GET is the URL verification (echo {@code echostr}); POST a message
 * push, plaintext or safe mode ({@code encrypt_type=aes}). A bad signature, a message that does
 * not decrypt, malformed XML or XML with a DOCTYPE (XXE, billion laughs) is refused with a
 * problem and has no effect. A message is answered {@code success} once journaled, or after 4 s
 * regardless (WeChat gives up after 5 s and redelivers; a redelivered MsgId changes nothing).
 */
final class WeChatRoute {
    static final String PATH = "/v1/intake/wechat/:account";
    private static final long ANSWER_WITHIN_MILLIS = 4_000;
    private static final Pattern NOT_ID = Pattern.compile("[^A-Za-z0-9_.@:-]");
    private static final Set<String> IGNORED_EVENTS = Set.of("subscribe", "unsubscribe", "view", "scan", "location",
            "template_send_job_finish");

    private final Vertx vertx;
    private final EnginePort engine;
    private final IntakeGate intake;
    private final WeChatSettings settings;

    WeChatRoute(Vertx vertx, EnginePort engine, IntakeGate intake, WeChatSettings settings) {
        this.vertx = vertx;
        this.engine = engine;
        this.intake = intake;
        this.settings = settings;
    }

    void mount(Router router) {
        router.get(PATH).handler(this::verifyUrl);
        router.post(PATH).handler(this::push);
    }

    private WeChatSettings.Account account(RoutingContext rc) {
        WeChatSettings.Account account = settings.accounts().get(rc.pathParam("account"));
        if (account == null) {
            Problem.of(404, "not-found", "Not found", "no WeChat account '" + rc.pathParam("account")
                    + "' is configured (wechat.accounts)").send(rc.response());
        }
        return account;
    }

    private static boolean signed(RoutingContext rc, WeChatSettings.Account account) {
        if (WeChatSignature.verify(rc.queryParams().get("signature"), account.token(),
                rc.queryParams().get("timestamp"), rc.queryParams().get("nonce"))) {
            return true;
        }
        badSignature(rc, "signature does not match the account's token");
        return false;
    }

    private void verifyUrl(RoutingContext rc) {
        WeChatSettings.Account account = account(rc);
        if (account != null && signed(rc, account)) {
            String echo = rc.queryParams().get("echostr");
            rc.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(echo == null ? "" : echo);
        }
    }

    private void push(RoutingContext rc) {
        WeChatSettings.Account account = account(rc);
        if (account == null) {
            return;
        }
        Buffer body = rc.body().buffer();
        byte[] raw = body == null ? new byte[0] : body.getBytes();
        boolean safe = "aes".equalsIgnoreCase(rc.queryParams().get("encrypt_type"));
        if (!safe && !signed(rc, account)) {
            return;
        }
        vertx.executeBlocking(() -> open(rc, account, raw, safe), false).onComplete(done -> {
            if (done.failed()) {
                Throwable cause = done.cause();
                if (cause instanceof SignatureFailed) {
                    badSignature(rc, cause.getMessage());
                } else {
                    Problem.of(400, "malformed-xml", "Malformed XML", cause instanceof WeChatXml.BadXml
                            || cause instanceof WeChatCrypto.BadCiphertext ? cause.getMessage()
                            : "the message cannot be read").send(rc.response());
                }
            } else {
                take(rc, done.result());
            }
        });
    }

    /** The push's fields, decrypted in safe mode (after checking {@code msg_signature}). Blocking. */
    private static Map<String, String> open(RoutingContext rc, WeChatSettings.Account account, byte[] raw,
            boolean safe) {
        Map<String, String> outer = WeChatXml.parse(raw);
        if (!safe) {
            return outer;
        }
        WeChatCrypto crypto = account.crypto();
        String encrypted = outer.get("Encrypt");
        if (crypto == null || encrypted == null) {
            throw new WeChatXml.BadXml("safe mode needs wechat.accounts.<name>.encodingAesKey and an <Encrypt>");
        }
        if (!WeChatSignature.verify(rc.queryParams().get("msg_signature"), account.token(),
                rc.queryParams().get("timestamp"), rc.queryParams().get("nonce"), encrypted)) {
            throw new SignatureFailed();
        }
        return WeChatXml.parse(crypto.decrypt(encrypted).getBytes(StandardCharsets.UTF_8));
    }

    private static final class SignatureFailed extends RuntimeException {
        SignatureFailed() {
            super("msg_signature does not match the account's token and the message", null, false, false);
        }
    }

    private void take(RoutingContext rc, Map<String, String> m) {
        String openId = m.get("FromUserName");
        String type = m.getOrDefault("MsgType", "").toLowerCase(Locale.ROOT);
        if (openId == null || openId.isBlank() || type.isEmpty()) {
            Problem.of(400, "malformed-xml", "Malformed XML", "a push needs FromUserName and MsgType")
                    .send(rc.response());
            return;
        }
        String event = m.getOrDefault("Event", "").toLowerCase(Locale.ROOT);
        if (type.equals("event") && IGNORED_EVENTS.contains(event)) {
            success(rc);
            return;
        }
        String text = text(type, event, m);
        String msgId = m.get("MsgId") != null ? m.get("MsgId") : openId + ":" + m.get("CreateTime");
        String customer = NOT_ID.matcher(openId).replaceAll("_");
        TicketDraft draft = new TicketDraft(Channel.WECHAT, Priority.NORMAL, new Customer(customer.length() > 128
                ? customer.substring(0, 128) : customer, CustomerTier.STANDARD, null), settings.ticketType(), null,
                text.length() > BodyReader.MAX_TRANSCRIPT ? text.substring(0, BodyReader.MAX_TRANSCRIPT) : text,
                List.of(), null, Set.of("wechat"), Map.of(), null);
        String actor = "wechat:" + rc.pathParam("account");
        IntakeGate.Gated gated = intake.apply(new Command.CreateTicket(draft, null, null, actor));
        if (gated.problem() != null) {
            gated.problem().send(rc.response());
            return;
        }
        Promise<Void> answered = Promise.promise();
        long timer = vertx.setTimer(ANSWER_WITHIN_MILLIS, t -> {
            if (answered.tryComplete()) {
                success(rc);
            }
        });
        engine.send(new Command.IntakeWeChat(gated.command(), rc.pathParam("account"), openId, msgId, type, actor,
                        createTimeMillis(m.get("CreateTime"))))
                .onComplete(done -> {
                    if (!answered.tryComplete()) {
                        return;
                    }
                    vertx.cancelTimer(timer);
                    if (done.failed()) {
                        // not journaled: an error makes WeChat deliver it again
                        Answers.unavailable(rc, done.cause());
                    } else {
                        success(rc);
                    }
                });
    }

    /** What the customer sent, as a line of text on the ticket. */
    private static String text(String type, String event, Map<String, String> m) {
        return switch (type) {
            case "text" -> m.getOrDefault("Content", "");
            case "image" -> "[image] " + m.getOrDefault("PicUrl", "");
            case "voice" -> m.get("Recognition") != null && !m.get("Recognition").isBlank() ? m.get("Recognition")
                    : "[voice message]";
            case "video", "shortvideo" -> "[video]";
            case "location" -> "[location] " + m.getOrDefault("Label", "") + " (" + m.getOrDefault("Location_X", "")
                    + ", " + m.getOrDefault("Location_Y", "") + ")";
            case "link" -> "[link] " + m.getOrDefault("Title", "") + " " + m.getOrDefault("Url", "");
            case "event" -> "[menu " + event + "] " + m.getOrDefault("EventKey", "");
            default -> "[" + type + "]";
        };
    }

    private static void success(RoutingContext rc) {
        rc.response().putHeader("Content-Type", "text/plain; charset=utf-8").end("success");
    }

    private static void badSignature(RoutingContext rc, String detail) {
        Problem.of(403, "bad-signature", "Bad signature", detail).send(rc.response());
    }

    /** CreateTime (epoch seconds, as WeChat sends it) in millis; 0 when absent or not a plausible time. */
    static long createTimeMillis(String createTime) {
        if (createTime == null || !createTime.strip().matches("\\d{1,12}")) {
            return 0;
        }
        long seconds = Long.parseLong(createTime.strip());
        return seconds <= 0 ? 0 : seconds * 1000;
    }
}

package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.channels.wechat.WeChatSignature;
import io.switchboard.channels.wechat.WeChatStandIn;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Agent replies on WeChat tickets over a real server: the reply goes to the customer through the
 * customer-service message API (a local stand-in speaking its documented requests and answers),
 * and the outcome lands on the ticket's timeline.
 */
@ExtendWith(VertxExtension.class)
class WeChatReplyServerTest {
    private static final String TOKEN = "pamtest";
    private WeChatStandIn standIn;
    private TestServer server;
    private AgentClient alice;

    @BeforeEach
    void start(Vertx vertx) {
        standIn = TestServer.await(WeChatStandIn.start(vertx));
        server = TestServer.start(vertx, config(3));
        alice = server.connect("alice");
        alice.goAvailable();
    }

    private String config(int maxAttempts) {
        return String.join("\n",
                "skills: [general]",
                "teams: [support]",
                "queues:",
                "  - name: general",
                "agents:",
                "  - {id: alice, team: support, tier: L2, skills: {general: 3}, languages: [zh], capacity: {wechat: 5, chat: 5}}",
                "wechat:",
                "  apiBaseUrl: " + standIn.baseUrl(),
                "  initialBackoff: 50ms",
                "  maxBackoff: 100ms",
                "  maxAttempts: " + maxAttempts,
                "  accounts:",
                "    shop: {appId: " + WeChatStandIn.APP_ID + ", token: " + TOKEN + ", appSecret: "
                        + WeChatStandIn.SECRET + "}",
                "");
    }

    @AfterEach
    void stop() {
        alice.close();
        TestServer.await(standIn.close());
    }

    /** A customer's text message opens a ticket; alice accepts it; returns its id. */
    private String assignedTicket(String openId) {
        push(openId, openId.hashCode(), System.currentTimeMillis() / 1000);
        JsonObject offer = alice.await("offer");
        alice.replyTo(alice.send(new JsonObject().put("type", "accept").put("offerId", offer.getString("offerId"))));
        return offer.getJsonObject("ticket") != null ? offer.getJsonObject("ticket").getString("id")
                : offer.getString("ticketId");
    }

    /** The customer {@code openId} writes (CreateTime {@code createTime}, epoch seconds). */
    private void push(String openId, long msgId, long createTime) {
        String xml = "<xml><ToUserName><![CDATA[gh_shop]]></ToUserName><FromUserName><![CDATA[" + openId
                + "]]></FromUserName><CreateTime>" + createTime + "</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                + "<Content><![CDATA[我的退款还没到账]]></Content><MsgId>" + msgId + "</MsgId></xml>";
        String query = "?signature=" + WeChatSignature.sign(TOKEN, "1700000000", "n1")
                + "&timestamp=1700000000&nonce=n1";
        TestServer.Reply pushed = server.send("POST", "/v1/intake/wechat/shop" + query, xml, "Content-Type",
                "text/xml", TestServer.NO_AUTH, "");
        assertThat(pushed.body()).isEqualTo("success");
    }

    /** Waits (up to 10 s) for a timeline entry of this type; returns it. */
    private JsonObject awaitEntry(String ticketId, String type) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            List<JsonObject> found = server.get("/v1/tickets/" + ticketId + "/timeline").json().getJsonArray("timeline")
                    .stream().map(JsonObject.class::cast).filter(e -> type.equals(e.getString("type"))).toList();
            if (!found.isEmpty()) {
                return found.get(0);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + type + " on " + ticketId);
    }

    @Test
    void reply_onAWeChatTicket_reachesTheCustomerAndIsOnTheTimeline() throws InterruptedException {
        String id = assignedTicket("oCustomer-1");

        TestServer.Reply reply = server.post("/v1/tickets/" + id + "/reply",
                new JsonObject().put("message", "退款已受理，预计 3 个工作日到账"));

        assertThat(reply.status()).isEqualTo(200);
        JsonObject sent = awaitEntry(id, "wechat_reply_sent");
        assertThat(sent.getString("actor")).isEqualTo("wechat:shop");
        assertThat(sent.getJsonObject("details").getString("openId")).isEqualTo("oCustomer-1");
        assertThat(sent.getJsonObject("details").getInteger("attempts")).isEqualTo(1);
        assertThat(standIn.sent()).singleElement().satisfies(s -> {
            assertThat(s.body().getString("touser")).isEqualTo("oCustomer-1");
            assertThat(s.body().getString("msgtype")).isEqualTo("text");
            assertThat(s.body().getJsonObject("text").getString("content")).isEqualTo("退款已受理，预计 3 个工作日到账");
        });
    }

    @Test
    void reply_platformAnswers45015_isAFailureOnTheTimelineWithoutRetry() throws InterruptedException {
        String id = assignedTicket("oCustomer-2");
        standIn.script("oCustomer-2", "send-45015");

        server.post("/v1/tickets/" + id + "/reply", new JsonObject().put("message", "您好"));

        JsonObject failed = awaitEntry(id, "wechat_reply_failed");
        assertThat(failed.getString("reason")).isEqualTo("refused");
        assertThat(failed.getJsonObject("details").getInteger("errcode")).isEqualTo(45015);
        assertThat(failed.getJsonObject("details").getInteger("attempts")).isEqualTo(1);
        assertThat(standIn.sent()).hasSize(1);
    }

    @Test
    void reply_platformBusyThenOk_isRetriedAndDelivered() throws InterruptedException {
        String id = assignedTicket("oCustomer-3");
        standIn.script("oCustomer-3", "send-busy", "http:503");

        server.post("/v1/tickets/" + id + "/reply", new JsonObject().put("message", "您好"));

        JsonObject sent = awaitEntry(id, "wechat_reply_sent");
        assertThat(sent.getJsonObject("details").getInteger("attempts")).isEqualTo(3);
        assertThat(standIn.sent()).hasSize(3);
    }

    @Test
    void reply_onATicketFromAnotherChannel_sendsNothingToWeChat() throws InterruptedException {
        String wechat = assignedTicket("oCustomer-4");
        String id = server.createTicket(TestServer.ticket("chat", "general", "c-web")).getString("id");
        JsonObject offer = alice.await("offer");
        alice.replyTo(alice.send(new JsonObject().put("type", "accept").put("offerId", offer.getString("offerId"))));

        server.post("/v1/tickets/" + id + "/reply", new JsonObject().put("message", "hello"));
        server.post("/v1/tickets/" + wechat + "/reply", new JsonObject().put("message", "您好"));

        awaitEntry(wechat, "wechat_reply_sent");
        assertThat(standIn.sent()).singleElement()
                .satisfies(s -> assertThat(s.body().getString("touser")).isEqualTo("oCustomer-4"));
    }

    /**
     * The replier's cursor outlives a restart (file journal, same data dir): a reply still being
     * retried when the server stops goes out after it starts again. Without a saved cursor the
     * second start would begin at the journal's head and never send it.
     */
    @Test
    void reply_pendingAcrossARestart_isDeliveredFromTheSavedCursor(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws InterruptedException {
        alice.close();
        Vertx first = Vertx.vertx();
        server = TestServer.start(first, config(100), io.switchboard.app.DurabilitySettings.file(dir));
        alice = server.connect("alice");
        alice.goAvailable();
        String id = assignedTicket("oCustomer-9");
        String[] busy = new String[30];
        java.util.Arrays.fill(busy, "send-busy");
        standIn.script("oCustomer-9", busy);
        server.post("/v1/tickets/" + id + "/reply", new JsonObject().put("message", "重启之后也会送达"));
        for (int i = 0; i < 200 && standIn.sent().size() < 2; i++) {
            Thread.sleep(50);
        }
        assertThat(standIn.sent()).as("retrying when the server stops").hasSizeGreaterThanOrEqualTo(2);
        alice.close();
        TestServer.await(first.close());
        assertThat(dir.resolve("wechat/reply-cursor")).exists();

        Vertx second = Vertx.vertx();
        try {
            server = TestServer.start(second, config(100), io.switchboard.app.DurabilitySettings.file(dir));
            alice = server.connect("alice");
            JsonObject sent = awaitEntry(id, "wechat_reply_sent");
            assertThat(sent.getJsonObject("details").getString("openId")).isEqualTo("oCustomer-9");
            assertThat(standIn.sent()).last().satisfies(s -> assertThat(s.body().getJsonObject("text")
                    .getString("content")).isEqualTo("重启之后也会送达"));
        } finally {
            alice.close();
            TestServer.await(second.close());
        }
    }

    @Test
    void reply_sixthSinceTheCustomersMessage_409QuotaSpentUntilTheCustomerWritesAgain() throws InterruptedException {
        String id = assignedTicket("oCustomer-quota");
        for (int i = 1; i <= 5; i++) {
            assertThat(server.post("/v1/tickets/" + id + "/reply", new JsonObject().put("message", "第 " + i + " 条"))
                    .status()).isEqualTo(200);
        }

        TestServer.Reply sixth = server.post("/v1/tickets/" + id + "/reply", new JsonObject().put("message", "第 6 条"));

        assertThat(sixth.status()).isEqualTo(409);
        assertThat(sixth.json().getString("type")).endsWith("/wechat-reply-quota-spent");
        push("oCustomer-quota", 77, System.currentTimeMillis() / 1000);
        assertThat(server.post("/v1/tickets/" + id + "/reply", new JsonObject().put("message", "第 6 条")).status())
                .isEqualTo(200);
        for (int i = 0; i < 200 && standIn.sent().size() < 6; i++) {
            Thread.sleep(50);
        }
        assertThat(standIn.sent()).hasSize(6);
        String metrics = server.get("/metrics").body();
        assertThat(metrics).contains("switchboard_wechat_replies_total{outcome=\"sent\"} 6.0")
                .contains("switchboard_wechat_replier_lag_events").contains("switchboard_wechat_replier_lag_seconds");
    }

    @Test
    void reply_48HoursAfterCreateTimeThoughReceivedJustNow_409WindowClosed() {
        String openId = "oCustomer-late";
        push(openId, 78, System.currentTimeMillis() / 1000 - 49 * 3600);
        JsonObject offer = alice.await("offer");
        alice.replyTo(alice.send(new JsonObject().put("type", "accept").put("offerId", offer.getString("offerId"))));
        String id = offer.getJsonObject("ticket").getString("id");

        TestServer.Reply reply = server.post("/v1/tickets/" + id + "/reply", new JsonObject().put("message", "您好"));

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.json().getString("type")).endsWith("/wechat-reply-window-closed");
        assertThat(standIn.sent()).isEmpty();
    }
}

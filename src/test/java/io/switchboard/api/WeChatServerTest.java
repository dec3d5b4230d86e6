package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.channels.wechat.WeChatCrypto;
import io.switchboard.channels.wechat.WeChatSignature;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The WeChat callback over a real server, driven as the platform drives it: signed GET for URL
 * verification, signed XML pushes in plaintext and safe mode (keys of Tencent's published
 * example), redeliveries, and what an attacker could post instead.
 */
@ExtendWith(VertxExtension.class)
class WeChatServerTest {
    static final String TOKEN = "pamtest";
    static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String APP_ID = "wxb11529c136998cb6";
    static final String CONFIG = String.join("\n",
            "skills: [general]",
            "teams: [support]",
            "queues:",
            "  - name: general",
            "agents:",
            "  - {id: alice, team: support, tier: L2, skills: {general: 3}, languages: [zh], capacity: {wechat: 5}}",
            "intake:",
            "  types:",
            "    refund:",
            "      fields:",
            "        orderNumber: {kind: order_number, required: true}",
            "wechat:",
            "  ticketType: refund",
            "  accounts:",
            "    shop: {appId: " + APP_ID + ", token: " + TOKEN + ", encodingAesKey: " + KEY + "}",
            "");
    private TestServer server;

    @BeforeEach
    void start(Vertx vertx) {
        server = TestServer.start(vertx, CONFIG);
    }

    static String text(String openId, String msgId, String content) {
        return "<xml><ToUserName><![CDATA[gh_shop]]></ToUserName><FromUserName><![CDATA[" + openId
                + "]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                + "<Content><![CDATA[" + content + "]]></Content><MsgId>" + msgId + "</MsgId></xml>";
    }

    private static String signedQuery(String timestamp, String nonce) {
        return "?signature=" + WeChatSignature.sign(TOKEN, timestamp, nonce) + "&timestamp=" + timestamp
                + "&nonce=" + nonce;
    }

    private TestServer.Reply push(String xml) {
        return server.send("POST", "/v1/intake/wechat/shop" + signedQuery("1700000000", "n1"), xml,
                "Content-Type", "text/xml", TestServer.NO_AUTH, "");
    }

    private JsonArray tickets(String customer) {
        return server.get("/v1/tickets?customer=" + customer).json().getJsonArray("tickets");
    }

    @Test
    void verifyUrl_signedByTheToken_echoesEchostrElse403() {
        TestServer.Reply ok = server.send("GET", "/v1/intake/wechat/shop" + signedQuery("1409304348", "xxxxxx")
                + "&echostr=hello123", null, TestServer.NO_AUTH, "");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("hello123");
        TestServer.Reply forged = server.send("GET", "/v1/intake/wechat/shop?signature=0000&timestamp=1&nonce=2"
                + "&echostr=hello123", null, TestServer.NO_AUTH, "");
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.body()).doesNotContain("hello123");
    }

    @Test
    void push_textMessage_opensOneTicketPerOpenIdAndRedeliveryChangesNothing() {
        TestServer.Reply first = push(text("oUser1", "1001", "订单号 A-1001 还没退款"));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("success");
        JsonObject ticket = tickets("oUser1").getJsonObject(0);
        assertThat(ticket.getString("channel")).isEqualTo("wechat");
        assertThat(ticket.getString("description")).isEqualTo("订单号 A-1001 还没退款");
        assertThat(ticket.getJsonObject("fields").getString("orderNumber")).isEqualTo("A-1001");

        assertThat(push(text("oUser1", "1001", "订单号 A-1001 还没退款")).body()).isEqualTo("success");
        assertThat(push(text("oUser1", "1002", "在吗？")).body()).isEqualTo("success");

        assertThat(tickets("oUser1")).hasSize(1);
        JsonArray timeline = server.get("/v1/tickets/" + ticket.getString("id") + "/timeline").json()
                .getJsonArray("timeline");
        List<String> types = timeline.stream().map(e -> ((JsonObject) e).getString("type")).toList();
        assertThat(types.stream().filter("wechat_received"::equals).count()).isEqualTo(2);
        assertThat(types).contains("customer_messaged");
    }

    @Test
    void push_afterTheTicketClosed_opensANewOne() {
        push(text("oUser2", "2001", "订单号 A-2001"));
        String id = tickets("oUser2").getJsonObject(0).getString("id");
        AgentClient alice = server.connect("alice");
        alice.await("welcome");
        alice.goAvailable();
        JsonObject offer = alice.await("offer");
        alice.replyTo(alice.send(new JsonObject().put("type", "accept").put("offerId", offer.getString("offerId"))));
        server.post("/v1/tickets/" + id + "/resolve", new JsonObject().put("reason", "refunded"));
        assertThat(server.post("/v1/tickets/" + id + "/close", new JsonObject()).status()).isEqualTo(200);

        push(text("oUser2", "2002", "又有问题了 订单号 A-2002"));

        assertThat(tickets("oUser2").stream().map(t -> ((JsonObject) t).getString("status")).toList())
                .hasSize(2).contains("closed");
    }

    @Test
    void push_safeMode_decryptedWhenMsgSignatureMatchesElseRefusedWithoutEffect() {
        WeChatCrypto crypto = new WeChatCrypto(KEY, APP_ID);
        String encrypted = crypto.encrypt("0123456789abcdef".getBytes(StandardCharsets.US_ASCII),
                text("oSafe", "3001", "订单号 A-3001"));
        String body = "<xml><ToUserName><![CDATA[gh_shop]]></ToUserName><Encrypt><![CDATA[" + encrypted
                + "]]></Encrypt></xml>";
        String query = signedQuery("1700000001", "n2") + "&encrypt_type=aes&msg_signature=";

        TestServer.Reply forged = server.send("POST", "/v1/intake/wechat/shop" + query + "0".repeat(40), body,
                "Content-Type", "text/xml", TestServer.NO_AUTH, "");
        assertThat(forged.status()).isEqualTo(403);
        assertThat(tickets("oSafe")).isEmpty();

        String signature = WeChatSignature.sign(TOKEN, "1700000001", "n2", encrypted);
        TestServer.Reply ok = server.send("POST", "/v1/intake/wechat/shop" + query + signature, body,
                "Content-Type", "text/xml", TestServer.NO_AUTH, "");
        assertThat(ok.body()).isEqualTo("success");
        assertThat(tickets("oSafe").getJsonObject(0).getJsonObject("fields").getString("orderNumber"))
                .isEqualTo("A-3001");
    }

    @Test
    void push_voiceWithRecognitionAndSubscribeEvent_recognitionBecomesTextAndSubscribeOpensNothing() {
        push("<xml><ToUserName>gh</ToUserName><FromUserName>oVoice</FromUserName><CreateTime>1</CreateTime>"
                + "<MsgType>voice</MsgType><MediaId>m</MediaId><Format>amr</Format>"
                + "<Recognition><![CDATA[我要退款]]></Recognition><MsgId>4001</MsgId></xml>");
        push("<xml><ToUserName>gh</ToUserName><FromUserName>oSub</FromUserName><CreateTime>2</CreateTime>"
                + "<MsgType>event</MsgType><Event>subscribe</Event></xml>");
        assertThat(tickets("oVoice").getJsonObject(0).getString("description")).isEqualTo("我要退款");
        assertThat(tickets("oVoice").getJsonObject(0).getBoolean("needsInfo")).isTrue();
        assertThat(tickets("oSub")).isEmpty();
    }

    @Test
    void push_badSignatureXxeBillionLaughsOrMalformed_refusedWithoutEffect() {
        TestServer.Reply unsigned = server.send("POST", "/v1/intake/wechat/shop?signature=bad&timestamp=1&nonce=2",
                text("oBad", "5001", "hi"), "Content-Type", "text/xml", TestServer.NO_AUTH, "");
        assertThat(unsigned.status()).isEqualTo(403);
        TestServer.Reply xxe = push("<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<xml><FromUserName>oBad</FromUserName><MsgType>text</MsgType><Content>&x;</Content></xml>");
        assertThat(xxe.status()).isEqualTo(400);
        assertThat(xxe.body()).doesNotContain("root:");
        TestServer.Reply laughs = push("<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY a \"aaaa\">"
                + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
                + "<xml><FromUserName>oBad</FromUserName><MsgType>text</MsgType><Content>&c;</Content></xml>");
        assertThat(laughs.status()).isEqualTo(400);
        assertThat(push("<xml><FromUserName>oBad</xml>").status()).isEqualTo(400);
        assertThat(tickets("oBad")).isEmpty();
        assertThat(server.send("POST", "/v1/intake/wechat/nosuch" + signedQuery("1", "2"), text("oBad", "1", "x"),
                "Content-Type", "text/xml", TestServer.NO_AUTH, "").status()).isEqualTo(404);
    }

    @Test
    void push_followUpWithTheMissingOrderNumber_fillsItAndNeedsInfoClears() {
        push(text("oUser9", "9001", "我要退款，钱还没到"));
        JsonObject before = tickets("oUser9").getJsonObject(0);
        assertThat(before.getJsonArray("missingFields").getList()).containsExactly("orderNumber");

        assertThat(push(text("oUser9", "9002", "订单号是 Ａ－２００２")).body()).isEqualTo("success");

        JsonObject after = server.get("/v1/tickets/" + before.getString("id")).json();
        assertThat(after.getBoolean("needsInfo")).isFalse();
        assertThat(after.getJsonArray("missingFields")).isEmpty();
        assertThat(after.getJsonObject("fields").getString("orderNumber")).isEqualTo("A-2002");
        JsonArray timeline = server.get("/v1/tickets/" + before.getString("id") + "/timeline").json()
                .getJsonArray("timeline");
        JsonObject supplied = timeline.stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("type").equals("fields_supplied")).findFirst().orElseThrow();
        assertThat(supplied.getJsonObject("details").getJsonArray("missing")).isEmpty();
        assertThat(supplied.getJsonObject("details").getJsonArray("sources").getJsonObject(0).getString("text"))
                .isEqualTo("Ａ－２００２");
    }
}

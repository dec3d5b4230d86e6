package io.switchboard.channels.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.JarServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WeChat replier across {@code kill -9}: the packaged jar sends agent replies to
 * {@link WeChatStandIn} (run in this test process, on a real port); while one send hangs at the
 * platform, the jar is killed and started again on the same data dir. Every acknowledged reply
 * reaches the platform and has its {@code wechat_reply_sent} on the timeline; only the reply that
 * was in flight at the kill may arrive twice (delivery is at least once).
 */
class WeChatReplierProcessIT {
    private static final String TOKEN = "pamtest";
    private static final int CUSTOMERS = 4;
    private static final int REPLIES_EACH = 5;

    @TempDir
    Path dir;

    private static String config(String apiBaseUrl) {
        return String.join("\n",
                "skills: [general]",
                "teams: [support]",
                "queues:",
                "  - name: general",
                "agents:",
                "  - {id: alice, team: support, tier: L2, skills: {general: 3}, languages: [zh], capacity: {wechat: 50},"
                        + " autoAccept: true}",
                "security:",
                "  rateLimit: {perSecond: 100000, burst: 100000}",
                "wechat:",
                "  apiBaseUrl: " + apiBaseUrl,
                "  requestTimeout: 30s",
                "  initialBackoff: 100ms",
                "  maxBackoff: 200ms",
                "  accounts:",
                "    shop: {appId: " + WeChatStandIn.APP_ID + ", token: " + TOKEN + ", appSecret: "
                        + WeChatStandIn.SECRET + "}",
                "");
    }

    private static String push(JarServer server, String openId, int msgId) throws Exception {
        String xml = "<xml><ToUserName><![CDATA[gh_shop]]></ToUserName><FromUserName><![CDATA[" + openId
                + "]]></FromUserName><CreateTime>" + System.currentTimeMillis() / 1000
                + "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[退款还没到]]></Content><MsgId>"
                + msgId + "</MsgId></xml>";
        String query = "?signature=" + WeChatSignature.sign(TOKEN, "1700000000", "n1") + "&timestamp=1700000000&nonce=n1";
        HttpResponse<String> answered = server.send("POST", "/v1/intake/wechat/shop" + query, "text/xml", xml);
        assertThat(answered.body()).isEqualTo("success");
        HttpResponse<String> tickets = server.send("GET", "/v1/tickets?customer=" + openId, null, null);
        return new JsonObject(tickets.body()).getJsonArray("tickets").getJsonObject(0).getString("id");
    }

    @Test
    void kill9WhileASendHangs_restart_everyAcknowledgedReplyDeliveredAndOnTheTimeline() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            WeChatStandIn standIn = WeChatStandIn.start(vertx).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            Files.writeString(dir.resolve("config.yaml"), config(standIn.baseUrl()));
            Map<String, String> env = new HashMap<>();
            env.put("SWITCHBOARD_HTTP_PORT", "0");
            env.put("SWITCHBOARD_DATA_DIR", dir.resolve("data").toString());
            env.put("SWITCHBOARD_CONFIG", dir.resolve("config.yaml").toString());
            List<String> acknowledged = new ArrayList<>();
            List<String> tickets = new ArrayList<>();
            String adminKey;
            int inFlightAtKill;
            try (JarServer first = JarServer.start(env, dir, "first", null)) {
                adminKey = first.adminKey();
                WebSocket alice = first.availableAgent("alice");
                for (int c = 0; c < CUSTOMERS; c++) {
                    tickets.add(push(first, "oCustomer-" + c, 1000 + c));
                }
                awaitAssigned(first, tickets);
                for (int r = 0; r < CUSTOMERS * REPLIES_EACH; r++) {
                    String text = "回复 reply-" + r;
                    HttpResponse<String> replied = first.send("POST", "/v1/tickets/" + tickets.get(r % CUSTOMERS)
                            + "/reply", "application/json", new JsonObject().put("message", text).encode());
                    assertThat(replied.statusCode()).as(replied.body()).isEqualTo(200);
                    acknowledged.add(text);
                    if (r == 3) {
                        await(() -> standIn.sent().size() >= 2, "two replies sent");
                        standIn.hold(true);
                    }
                }
                await(() -> standIn.waiting() == 1, "a send hanging at the platform");
                inFlightAtKill = standIn.sent().size();
                first.kill9();
                alice.abort();
            }
            standIn.hold(false);
            try (JarServer second = JarServer.start(env, dir, "second", adminKey)) {
                await(() -> texts(standIn).keySet().containsAll(acknowledged), "every acknowledged reply sent");
                Map<String, Long> copies = texts(standIn);
                assertThat(copies.values().stream().mapToLong(n -> n - 1).sum())
                        .as("only the reply in flight at the kill is sent twice: %s", copies).isLessThanOrEqualTo(1);
                for (String id : tickets) {
                    await(() -> sentOnTimeline(second, id) == REPLIES_EACH, id + ": an outcome per reply");
                }
                System.out.printf("WeChatReplierProcessIT: %d replies acknowledged, %d sends before kill -9 (one"
                        + " hanging), %d sends in all%n", acknowledged.size(), inFlightAtKill, standIn.sent().size());
            }
            standIn.close();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static Map<String, Long> texts(WeChatStandIn standIn) {
        return standIn.sent().stream().map(s -> s.body().getJsonObject("text").getString("content"))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static long sentOnTimeline(JarServer server, String ticketId) {
        try {
            return new JsonObject(server.send("GET", "/v1/tickets/" + ticketId + "/timeline", null, null).body())
                    .getJsonArray("timeline").stream().map(JsonObject.class::cast)
                    .filter(e -> e.getString("type").equals("wechat_reply_sent")).count();
        } catch (Exception e) {
            return -1;
        }
    }

    private static void awaitAssigned(JarServer server, List<String> tickets) throws Exception {
        for (String id : tickets) {
            await(() -> {
                try {
                    return new JsonObject(server.send("GET", "/v1/tickets/" + id, null, null).body()).getString("status")
                            .equals("assigned");
                } catch (Exception e) {
                    return false;
                }
            }, id + " assigned to alice");
        }
    }

    private static void await(java.util.function.BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 60 s for: " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}

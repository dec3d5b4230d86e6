package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.app.DurabilitySettings;
import io.switchboard.channels.wechat.WeChatSignature;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal the real build of cda92fa wrote with {@code WechatReceived} at version 1 (no
 * {@code sentAt}; src/test/resources/golden/wechat-v1/README.md) opens in today's build: the same
 * tickets and timelines the old server answered, and its MsgIds still de-duplicate WeChat's
 * redeliveries.
 */
class GoldenWechatJournalTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/wechat-v1");

    @TempDir
    Path dir;
    private Vertx vertx;
    private TestServer server;

    @BeforeEach
    void open() throws IOException {
        Path journal = Files.createDirectories(dir.resolve("data/journal"));
        try (Stream<Path> files = Files.list(GOLDEN.resolve("journal"))) {
            for (Path file : files.toList()) {
                Files.copy(file, journal.resolve(file.getFileName()));
            }
        }
        vertx = Vertx.vertx();
        server = TestServer.start(vertx, Files.readString(GOLDEN.resolve("golden.yaml")),
                DurabilitySettings.file(dir.resolve("data")));
    }

    @AfterEach
    void close() {
        TestServer.await(vertx.close());
    }

    @Test
    void open_wechatV1Journal_ticketsAndTimelinesAsTheOldBuildShowedThem() {
        JsonArray goldenPage = read("tickets-page-1.json").getJsonArray("tickets");
        JsonArray page = server.get("/v1/tickets?limit=10").json().getJsonArray("tickets");
        assertThat(ids(page)).isEqualTo(ids(goldenPage)).containsExactly("tkt_1", "tkt_2");
        for (String id : List.of("tkt_1", "tkt_2")) {
            assertShows(id, read(id + ".json"), server.get("/v1/tickets/" + id).json());
            JsonArray was = read(id + ".timeline.json").getJsonArray("timeline");
            JsonArray is = server.get("/v1/tickets/" + id + "/timeline").json().getJsonArray("timeline");
            assertThat(is.size()).as(id + " timeline").isGreaterThanOrEqualTo(was.size());
            for (int i = 0; i < was.size(); i++) {
                assertShows(id + " timeline entry " + i, was.getJsonObject(i), is.getJsonObject(i));
            }
        }
    }

    @Test
    void push_msgIdTheOldBuildJournaled_redeliveryChangesNothing() {
        int before = server.get("/v1/tickets/tkt_1/timeline").json().getJsonArray("timeline").size();

        TestServer.Reply again = push("oGold-1", "7000000000000000001", "订单号 A-1001 想退款");
        TestServer.Reply fresh = push("oGold-1", "7000000000000000004", "还在等");

        assertThat(again.status()).isEqualTo(200);
        assertThat(fresh.status()).isEqualTo(200);
        JsonArray timeline = server.get("/v1/tickets/tkt_1/timeline").json().getJsonArray("timeline");
        assertThat(timeline.stream().map(e -> ((JsonObject) e).getString("type"))
                .filter("wechat_received"::equals).count()).as("the redelivery is not a new message").isEqualTo(3);
        assertThat(timeline.size()).isGreaterThan(before);
        assertThat(ids(server.get("/v1/tickets?limit=10").json().getJsonArray("tickets")))
                .as("the new message lands on the open ticket").containsExactly("tkt_1", "tkt_2");
    }

    private TestServer.Reply push(String openId, String msgId, String content) {
        String xml = "<xml><ToUserName><![CDATA[gh_shop]]></ToUserName><FromUserName><![CDATA[" + openId
                + "]]></FromUserName><CreateTime>" + System.currentTimeMillis() / 1000 + "</CreateTime>"
                + "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[" + content + "]]></Content><MsgId>" + msgId
                + "</MsgId></xml>";
        String query = "?signature=" + WeChatSignature.sign("pamtest", "1700000000", "n1")
                + "&timestamp=1700000000&nonce=n1";
        return server.send("POST", "/v1/intake/wechat/shop" + query, xml, "Content-Type", "text/xml",
                TestServer.NO_AUTH, "");
    }

    /** Everything the old build showed is shown the same today (today may show more members). */
    private static void assertShows(String where, Object was, Object is) {
        if (was instanceof JsonObject old) {
            assertThat(is).as(where).isInstanceOf(JsonObject.class);
            for (String member : old.fieldNames()) {
                assertThat(((JsonObject) is).containsKey(member)).as(where + "." + member).isTrue();
                assertShows(where + "." + member, old.getValue(member), ((JsonObject) is).getValue(member));
            }
        } else if (was instanceof JsonArray old) {
            assertThat(is).as(where).isInstanceOf(JsonArray.class);
            assertThat(((JsonArray) is).size()).as(where + " size").isEqualTo(old.size());
            for (int i = 0; i < old.size(); i++) {
                assertShows(where + "[" + i + "]", old.getValue(i), ((JsonArray) is).getValue(i));
            }
        } else if (!(where.endsWith(".updatedAt"))) {
            assertThat(is).as(where).isEqualTo(was);
        }
    }

    private static List<String> ids(JsonArray tickets) {
        return tickets.stream().map(t -> ((JsonObject) t).getString("id")).toList();
    }

    private static JsonObject read(String name) {
        try {
            return new JsonObject(Files.readString(GOLDEN.resolve("expected").resolve(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.switchboard.channels.wechat;

import static io.switchboard.api.TestServer.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.channels.wechat.WeChatApi.Result;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The customer-service message client against a stand-in speaking the platform's documented API. */
@ExtendWith(VertxExtension.class)
class WeChatApiTest {
    private WeChatStandIn standIn;
    private WebClient client;
    private Context context;
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);

    @BeforeEach
    void start(Vertx vertx) {
        standIn = await(WeChatStandIn.start(vertx));
        client = WebClient.create(vertx);
        context = vertx.getOrCreateContext();
    }

    @AfterEach
    void stop() {
        client.close();
        await(standIn.close());
    }

    private WeChatApi api(String secret) {
        return new WeChatApi(client, standIn.baseUrl() + "/", WeChatStandIn.APP_ID, secret, clock::get);
    }

    private <T> T onContext(Supplier<Future<T>> call) {
        Promise<T> done = Promise.promise();
        context.runOnContext(v -> call.get().onComplete(done));
        return await(done.future());
    }

    private Result send(WeChatApi api, String openId, String text) {
        return onContext(() -> api.sendText(openId, text));
    }

    @Test
    void sendText_withAFreshToken_postsTheDocumentedTextMessage() {
        WeChatApi api = api(WeChatStandIn.SECRET);

        Result result = send(api, "oOpenId-1", "您好，退款已受理");

        assertThat(result).isEqualTo(new Result(Result.Kind.SENT, 0, "ok"));
        assertThat(standIn.sent()).hasSize(1);
        JsonObject body = standIn.sent().get(0).body();
        JsonObject documented = new JsonObject(WeChatStandIn.fixture("send-request-text"));
        assertThat(body.fieldNames()).isEqualTo(documented.fieldNames());
        assertThat(body.getString("touser")).isEqualTo("oOpenId-1");
        assertThat(body.getString("msgtype")).isEqualTo("text");
        assertThat(body.getJsonObject("text").getString("content")).isEqualTo("您好，退款已受理");
        assertThat(standIn.sent().get(0).accessToken()).isEqualTo("ACCESS_TOKEN-1");
    }

    @Test
    void sendText_twiceWithinTheTokensLife_fetchesTheTokenOnce() {
        WeChatApi api = api(WeChatStandIn.SECRET);

        send(api, "oOpenId-1", "a");
        clock.addAndGet((7200 - 301) * 1000L);
        send(api, "oOpenId-1", "b");

        assertThat(standIn.tokensIssued()).isEqualTo(1);
        assertThat(api.tokenFetches()).isEqualTo(1);
    }

    @Test
    void sendText_within5MinutesOfExpiry_fetchesANewTokenFirst() {
        WeChatApi api = api(WeChatStandIn.SECRET);

        send(api, "oOpenId-1", "a");
        clock.addAndGet((7200 - 300) * 1000L);
        Result second = send(api, "oOpenId-1", "b");

        assertThat(second.kind()).isEqualTo(Result.Kind.SENT);
        assertThat(standIn.tokensIssued()).isEqualTo(2);
        assertThat(standIn.sent().get(1).accessToken()).isEqualTo("ACCESS_TOKEN-2");
    }

    @Test
    void sendText_tokenSupersededElsewhere40001_fetchesOnceMoreAndSends() {
        WeChatApi api = api(WeChatStandIn.SECRET);
        send(api, "oOpenId-1", "a");
        standIn.supersedeToken();

        Result result = send(api, "oOpenId-1", "b");

        assertThat(result.kind()).isEqualTo(Result.Kind.SENT);
        assertThat(standIn.tokensIssued()).isEqualTo(2);
        assertThat(standIn.sent()).extracting(WeChatStandIn.Sent::accessToken)
                .containsExactly("ACCESS_TOKEN-1", "ACCESS_TOKEN-1", "ACCESS_TOKEN-2");
    }

    @Test
    void sendText_40001EvenWithANewToken_isRefusedAfterOneRefresh() {
        WeChatApi api = api(WeChatStandIn.SECRET);
        standIn.script("oOpenId-1", "send-40001", "send-40001", "send-ok");

        Result result = send(api, "oOpenId-1", "a");

        assertThat(result).isEqualTo(new Result(Result.Kind.REFUSED, 40001,
                "invalid credential, access_token is invalid or not latest"));
        assertThat(standIn.sent()).hasSize(2);
        assertThat(standIn.tokensIssued()).isEqualTo(2);
    }

    @Test
    void sendText_outsideThe48HourWindow45015_isRefusedAndNotRetried() {
        WeChatApi api = api(WeChatStandIn.SECRET);
        standIn.script("oOpenId-1", "send-45015");

        Result result = send(api, "oOpenId-1", "a");

        assertThat(result.kind()).isEqualTo(Result.Kind.REFUSED);
        assertThat(result.errcode()).isEqualTo(45015);
        assertThat(result.errmsg()).contains("out of time limit");
        assertThat(standIn.sent()).hasSize(1);
    }

    @Test
    void sendText_systemBusyOr5xx_isRetryable() {
        WeChatApi api = api(WeChatStandIn.SECRET);
        standIn.script("oOpenId-1", "send-busy", "http:503");

        Result busy = send(api, "oOpenId-1", "a");
        Result unavailable = send(api, "oOpenId-1", "a");

        assertThat(busy).isEqualTo(new Result(Result.Kind.RETRY, -1, "system error"));
        assertThat(unavailable.kind()).isEqualTo(Result.Kind.RETRY);
        assertThat(unavailable.errmsg()).isEqualTo("HTTP 503");
    }

    @Test
    void sendText_platformUnreachable_isRetryable() {
        WeChatApi api = api(WeChatStandIn.SECRET);
        await(standIn.close());

        Result result = send(api, "oOpenId-1", "a");

        assertThat(result.kind()).isEqualTo(Result.Kind.RETRY);
        assertThat(result.errmsg()).startsWith("connection");
    }

    @Test
    void sendText_wrongSecret_isRefusedWithoutSending() {
        WeChatApi api = api("not-the-secret");

        Result result = send(api, "oOpenId-1", "a");

        assertThat(result).isEqualTo(new Result(Result.Kind.REFUSED, 40125, "invalid appsecret"));
        assertThat(standIn.sent()).isEmpty();
    }
}

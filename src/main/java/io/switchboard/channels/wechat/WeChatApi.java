package io.switchboard.channels.wechat;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * One Official Account's side of WeChat's customer-service message API: {@code GET /cgi-bin/token}
 * (grant_type=client_credential, appid, secret) for the access token, and
 * {@code POST /cgi-bin/message/custom/send?access_token=…} with a text message
 * ({@code {"touser":…,"msgtype":"text","text":{"content":…}}}), both under a configurable base URL
 * (https://api.weixin.qq.com in production, a stand-in in tests).
 *
 * <p>The token is cached and fetched again {@link #REFRESH_MARGIN_SECONDS} before its
 * {@code expires_in} (or at half its life, if shorter). A fetch supersedes the previous token on
 * the platform, so only one fetch is ever in flight per account and every caller shares it. When
 * the platform answers 40001 / 42001 / 40014 (token invalid, expired, or superseded by a fetch
 * elsewhere), the token is fetched again and the message sent once more; a second refusal is
 * final. Must be used from one Vert.x context (the replier's).
 *
 * <p>What a send becomes ({@link Result.Kind}): {@code SENT} on errcode 0; {@code RETRY} on
 * errcode -1 (system busy), an HTTP 5xx, an unreadable answer or a connection failure; {@code
 * REFUSED} otherwise (45015 outside the 48-hour window or unfollowed, 45047 quota used up, 40003
 * bad OpenID, token errors such as 40125 wrong secret): retrying would not help.
 */
public final class WeChatApi {
    static final long REFRESH_MARGIN_SECONDS = 300;
    private static final Set<Integer> TOKEN_REJECTED = Set.of(40001, 42001, 40014);

    /** The outcome of one send: {@code errcode} and {@code errmsg} as the platform gave them (or ours). */
    public record Result(Kind kind, int errcode, String errmsg) {
        public enum Kind { SENT, RETRY, REFUSED }

        static Result retry(String why) {
            return new Result(Kind.RETRY, -1, why);
        }
    }

    private final WebClient client;
    private final String baseUrl;
    private final String appId;
    private final String secret;
    private final LongSupplier clock;
    private String token;
    private long refreshAt;
    private Future<String> fetching;
    private long tokenFetches;
    private Result lastTokenError;

    /** {@code baseUrl} without a trailing slash; {@code clock} in epoch milliseconds. */
    public WeChatApi(WebClient client, String baseUrl, String appId, String secret, LongSupplier clock) {
        this.client = client;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.appId = appId;
        this.secret = secret;
        this.clock = clock;
    }

    /** Sends {@code content} as a text message to {@code openId}; the future never fails. */
    public Future<Result> sendText(String openId, String content) {
        JsonObject body = new JsonObject().put("touser", openId).put("msgtype", "text")
                .put("text", new JsonObject().put("content", content));
        return send(body, true).recover(failure -> Future.succeededFuture(Result.retry(
                "connection: " + failure.getMessage())));
    }

    /** How many times a token was fetched (for tests and the log). */
    public long tokenFetches() {
        return tokenFetches;
    }

    private Future<Result> send(JsonObject body, boolean mayRefresh) {
        return token().compose(current -> {
            if (current == null) {
                return Future.succeededFuture(lastTokenError);
            }
            return client.postAbs(baseUrl + "/cgi-bin/message/custom/send").addQueryParam("access_token", current)
                    .putHeader("Content-Type", "application/json; charset=utf-8")
                    .sendBuffer(Buffer.buffer(body.encode()))
                    .compose(response -> {
                        Result result = resultOf(response);
                        if (mayRefresh && TOKEN_REJECTED.contains(result.errcode())) {
                            forget(current);
                            return send(body, false);
                        }
                        return Future.succeededFuture(result);
                    });
        });
    }

    /** The cached token, or one fetch shared by all callers; null (with lastTokenError set) if refused. */
    private Future<String> token() {
        if (token != null && clock.getAsLong() < refreshAt) {
            return Future.succeededFuture(token);
        }
        if (fetching == null) {
            tokenFetches++;
            fetching = client.getAbs(baseUrl + "/cgi-bin/token").addQueryParam("grant_type", "client_credential")
                    .addQueryParam("appid", appId).addQueryParam("secret", secret).send()
                    .map(this::tokenOf)
                    .eventually(() -> {
                        fetching = null;
                        return Future.succeededFuture();
                    });
        }
        return fetching;
    }

    private String tokenOf(HttpResponse<Buffer> response) {
        JsonObject json = json(response);
        if (json != null && json.getValue("access_token") instanceof String fresh && !fresh.isEmpty()) {
            long life = json.getValue("expires_in") instanceof Number n ? n.longValue() : 7200;
            long early = Math.min(REFRESH_MARGIN_SECONDS, life / 2);
            token = fresh;
            refreshAt = clock.getAsLong() + (life - early) * 1000;
            return fresh;
        }
        Result error = resultOf(response);
        // A token refusal (wrong secret 40125, unknown appid 40013, IP not whitelisted 40164) is
        // final; a busy or broken platform is retried later like any transient failure.
        lastTokenError = error.kind() == Result.Kind.SENT ? Result.retry("token answer without access_token")
                : error;
        return null;
    }

    private void forget(String stale) {
        if (stale.equals(token)) {
            token = null;
        }
    }

    private static Result resultOf(HttpResponse<Buffer> response) {
        if (response.statusCode() >= 500) {
            return Result.retry("HTTP " + response.statusCode());
        }
        JsonObject json = json(response);
        if (json == null || !(json.getValue("errcode") instanceof Number code)) {
            return Result.retry("unreadable answer, HTTP " + response.statusCode());
        }
        int errcode = code.intValue();
        String errmsg = json.getValue("errmsg") instanceof String m ? m : "";
        if (errcode == 0) {
            return new Result(Result.Kind.SENT, 0, errmsg);
        }
        return new Result(errcode == -1 ? Result.Kind.RETRY : Result.Kind.REFUSED, errcode, errmsg);
    }

    private static JsonObject json(HttpResponse<Buffer> response) {
        try {
            Buffer body = response.body();
            return body == null ? null : new JsonObject(body);
        } catch (DecodeException | ClassCastException e) {
            return null;
        }
    }
}

package io.switchboard.hooks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.TimeUnit;

/**
 * One subscription's HTTP side: a pooled Vert.x {@link HttpClientAgent} (the client the Web Client
 * is built on) with at most {@code connectionsPerEndpoint} keep-alive HTTP/1.1 connections, and
 * one signed POST per {@link #post} call. It answers the status, the body read and dropped.
 *
 * <p>Why not the Web Client's {@code HttpRequest}: per message it built a request context, ran
 * its interceptor chain, copied the request's headers twice (into the options, then into the
 * request) and parsed the absolute URL again; that machinery was the largest share of a delivery's
 * CPU (BENCHMARKS.md, issue 14). Here the URL is parsed once into {@link RequestOptions} that every
 * request reuses (read only), the headers go straight onto the request with pre-hashed names, and
 * the timeout is the connections' idle timeout (Netty's idle handler, one per connection) rather
 * than a timer scheduled and cancelled per request.
 *
 * <p>Kept from the Web Client setup: redirects are never followed (a 3xx is an answer like any
 * other non-2xx: retried), the same {@code User-Agent}, the connect timeout. A timeout: the
 * connection could not be made, or stayed silent (nothing sent, nothing received), for
 * {@code timeout}; it is then closed and the attempt fails.
 *
 * <p>Threading: {@link #post} on the dispatcher's context (its connections live on that loop).
 */
final class WebhookHttp {
    static final CharSequence USER_AGENT = HttpHeaders.createOptimized("Switchboard-Webhooks/1");
    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
    private static final CharSequence WEBHOOK_ID = HttpHeaders.createOptimized("webhook-id");
    private static final CharSequence WEBHOOK_TIMESTAMP = HttpHeaders.createOptimized("webhook-timestamp");
    private static final CharSequence WEBHOOK_SIGNATURE = HttpHeaders.createOptimized("webhook-signature");

    private final HttpClientAgent client;
    /** The last URL posted to and its parsed form (a subscription's URL rarely changes). */
    private String url;
    private RequestOptions target;

    /** {@code connections}: the pool's bound; {@code timeoutMillis}: connect and idle timeout. */
    WebhookHttp(Vertx vertx, int connections, long timeoutMillis) {
        int timeout = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeoutMillis));
        this.client = vertx.httpClientBuilder()
                .with(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(timeout)
                        .setIdleTimeout(timeout).setIdleTimeoutUnit(TimeUnit.MILLISECONDS))
                .with(new PoolOptions().setHttp1MaxSize(Math.max(1, connections)))
                .build();
    }

    /** POSTs {@code body} (JSON) with the Standard Webhooks headers; completes with the answer's status. */
    Future<Integer> post(String url, String webhookId, long timestampSeconds, String signature, byte[] body) {
        RequestOptions options;
        try {
            options = options(url);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return client.request(options).compose(request -> send(request, webhookId, timestampSeconds, signature, body));
    }

    private static Future<Integer> send(HttpClientRequest request, String webhookId, long timestampSeconds,
            String signature, byte[] body) {
        request.putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                .putHeader(HttpHeaders.USER_AGENT, USER_AGENT)
                .putHeader(WEBHOOK_ID, webhookId)
                .putHeader(WEBHOOK_TIMESTAMP, Long.toString(timestampSeconds))
                .putHeader(WEBHOOK_SIGNATURE, signature);
        // the answer's body is not needed: without a handler its chunks are dropped; end() waits
        // for its last byte, so the connection is free again when the status is handed on
        return request.send(Buffer.buffer(body)).compose(response -> response.end().map(v -> response.statusCode()));
    }

    private RequestOptions options(String url) {
        if (!url.equals(this.url)) {
            target = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url).setFollowRedirects(false);
            this.url = url;
        }
        return target;
    }

    /** Closes the pool's connections (before the dispatcher's loop ends). */
    Future<Void> close() {
        return client.close();
    }
}

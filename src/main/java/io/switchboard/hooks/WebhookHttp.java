package io.switchboard.hooks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.TrustOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One subscription's HTTP side: one keep-alive HTTP/1.1 connection per lane (a lane sends one
 * message at a time, so a connection carries one request at a time), made through a Vert.x
 * {@link HttpClientAgent} (the client the Web Client is built on), and one signed POST per
 * {@link #post} call. It answers the status, the body read and dropped.
 *
 * <p>Why not the Web Client's {@code HttpRequest}, nor the agent's pool: per message the Web
 * Client built a request context, ran its interceptor chain, copied the request's headers twice
 * and parsed the absolute URL again, and the pool resolved the endpoint and leased and recycled a
 * connection through its combiner; together they were most of a delivery's CPU (BENCHMARKS.md,
 * issue 14). Here the URL is parsed once into {@link RequestOptions} that every request reuses
 * (read only), a lane's connection is kept until it closes (then the next message makes a new
 * one), the headers go straight onto the request with pre-hashed names, and the timeout is the
 * connections' idle timeout (Netty's idle handler, one per connection) rather than a timer
 * scheduled and cancelled per request. At most {@code lanes} connections: the bound the pool had.
 *
 * <p>Kept from the Web Client setup: redirects are never followed (a 3xx is an answer like any
 * other non-2xx: retried), the same {@code User-Agent}, the connect timeout. A timeout: the
 * connection could not be made, or stayed silent (nothing sent, nothing received), for
 * {@code timeout}; it is then closed and the attempt fails. A URL on another origin (scheme, host,
 * port) closes the connections made for the old one.
 *
 * <p>Threading: confined to the dispatcher's context (its connections live on that loop).
 */
final class WebhookHttp {
    static final CharSequence USER_AGENT = HttpHeaders.createOptimized("Switchboard-Webhooks/1");
    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
    private static final CharSequence WEBHOOK_ID = HttpHeaders.createOptimized("webhook-id");
    private static final CharSequence WEBHOOK_TIMESTAMP = HttpHeaders.createOptimized("webhook-timestamp");
    private static final CharSequence WEBHOOK_SIGNATURE = HttpHeaders.createOptimized("webhook-signature");

    private final HttpClientAgent client;
    /** Each lane's connection, being made or made; null: none (not yet, or it closed or failed). */
    private final List<Future<HttpClientConnection>> connections;
    /** The last URL posted to, its parsed form and its origin (a subscription's URL rarely changes). */
    private String url;
    private RequestOptions target;
    private String origin;
    private boolean closed;
    /** The last {@code webhook-timestamp} value and its text: the messages of one second share it. */
    private long stampSeconds = Long.MIN_VALUE;
    private String stampText;

    /** {@code lanes}: connections at most, one per lane; {@code timeoutMillis}: connect and idle timeout. */
    WebhookHttp(Vertx vertx, int lanes, long timeoutMillis) {
        this(vertx, lanes, timeoutMillis, null);
    }

    /**
     * As above; {@code trust}: whom HTTPS endpoints may chain to ({@link WebhookTrust#options}),
     * null: the JVM's default authorities. Host names are verified (the certificate must name the
     * URL's host); a handshake that fails fails the attempt (retried like any other). SNI as
     * Vert.x does by default (not forced: an IP-literal URL must not send one).
     */
    WebhookHttp(Vertx vertx, int lanes, long timeoutMillis, TrustOptions trust) {
        int timeout = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeoutMillis));
        HttpClientOptions options = new HttpClientOptions().setKeepAlive(true).setConnectTimeout(timeout)
                .setIdleTimeout(timeout).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setVerifyHost(true).setSslHandshakeTimeout(timeout)
                .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
        if (trust != null) {
            options.setTrustOptions(trust);
        }
        this.client = vertx.httpClientBuilder()
                .with(options)
                .with(new PoolOptions().setHttp1MaxSize(Math.max(1, lanes)))
                .build();
        this.connections = new ArrayList<>(Collections.nCopies(Math.max(1, lanes), null));
    }

    /**
     * POSTs {@code body} (JSON) with the Standard Webhooks headers on {@code lane}'s connection
     * (0 ≤ lane &lt; lanes; one request at a time per lane); completes with the answer's status.
     */
    Future<Integer> post(int lane, String url, String webhookId, long timestampSeconds, String signature, byte[] body) {
        return post(lane, url, webhookId, timestampSeconds, signature, payload(body));
    }

    /**
     * As above with the body as a buffer from {@link #payload}: written as it is (Vert.x writes a
     * slice of it), so one buffer serves every attempt of a message and every subscription.
     */
    Future<Integer> post(int lane, String url, String webhookId, long timestampSeconds, String signature, Buffer body) {
        if (closed) {
            return Future.failedFuture(new IllegalStateException("closed"));
        }
        RequestOptions options;
        try {
            options = options(url);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        Future<HttpClientConnection> connection = connection(lane, options);
        // the usual case, a lane's connection already made: no stage of futures to reach it
        Future<HttpClientRequest> request = connection.succeeded() ? connection.result().request(options)
                : connection.compose(c -> c.request(options));
        return request.compose(r -> send(r, webhookId, timestampSeconds, signature, body))
                .compose(response -> {
                    Integer status = status(response.statusCode());
                    // the answer's body is not needed: without a handler its chunks are dropped; end()
                    // waits for its last byte, so the connection is free again when the status is handed on
                    Future<Void> end = response.end();
                    if (reusable(response)) {
                        return end.map(status);
                    }
                    return end.map(v -> {
                        // the endpoint closes it after this answer: the lane's next message must not
                        // find it before its close is seen (that message would fail and wait a backoff)
                        forget(lane, connection);
                        return status;
                    });
                });
    }

    /** {@code body} as a buffer {@link #post} can send any number of times (wraps it: no copy). */
    static Buffer payload(byte[] body) {
        return io.vertx.core.internal.buffer.BufferInternal.buffer(io.netty.buffer.Unpooled.wrappedBuffer(body));
    }

    /** The boxed statuses 100-599, made once: 200 is past {@code Integer}'s cache, and there is one per delivery. */
    private static final Integer[] STATUSES = new Integer[600];

    static {
        for (int i = 100; i < STATUSES.length; i++) {
            STATUSES[i] = i;
        }
    }

    private static Integer status(int status) {
        return status >= 100 && status < STATUSES.length ? STATUSES[status] : Integer.valueOf(status);
    }

    /** Whether the connection stays open after {@code response} (HTTP/1.1 keep-alive, not {@code Connection: close}). */
    private static boolean reusable(HttpClientResponse response) {
        String connection = response.getHeader(HttpHeaders.CONNECTION);
        if (response.version() == HttpVersion.HTTP_1_0) {
            return connection != null && connection.equalsIgnoreCase("keep-alive");
        }
        return connection == null || !connection.equalsIgnoreCase("close");
    }

    private Future<HttpClientConnection> connection(int lane, RequestOptions options) {
        Future<HttpClientConnection> current = connections.get(lane);
        if (current != null && !current.failed()) {
            return current;
        }
        Future<HttpClientConnection> made = client.connect(options);
        connections.set(lane, made);
        made.onComplete(done -> {
            if (done.failed()) {
                forget(lane, made); // the attempt that asked fails; the next one connects again
            } else if (closed || connections.get(lane) != made) {
                done.result().close(); // closed, or the URL moved on while it was being made
            } else {
                done.result().closeHandler(v -> forget(lane, made));
            }
        });
        return made;
    }

    private void forget(int lane, Future<HttpClientConnection> connection) {
        if (connections.get(lane) == connection) {
            connections.set(lane, null);
            connection.onSuccess(HttpClientConnection::close); // no-op when it closed already
        }
    }

    private Future<HttpClientResponse> send(HttpClientRequest request, String webhookId, long timestampSeconds,
            String signature, Buffer body) {
        request.putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                .putHeader(HttpHeaders.USER_AGENT, USER_AGENT)
                .putHeader(WEBHOOK_ID, webhookId)
                .putHeader(WEBHOOK_TIMESTAMP, timestamp(timestampSeconds))
                .putHeader(WEBHOOK_SIGNATURE, signature);
        return request.send(body);
    }

    private String timestamp(long seconds) {
        if (seconds != stampSeconds) {
            stampText = Long.toString(seconds);
            stampSeconds = seconds;
        }
        return stampText;
    }

    private RequestOptions options(String url) {
        if (!url.equals(this.url)) {
            RequestOptions parsed = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                    .setFollowRedirects(false);
            String newOrigin = parsed.isSsl() + "://" + parsed.getHost() + ":" + parsed.getPort();
            if (!newOrigin.equals(origin)) {
                closeConnections();
            }
            target = parsed;
            origin = newOrigin;
            this.url = url;
        }
        return target;
    }

    private void closeConnections() {
        for (int lane = 0; lane < connections.size(); lane++) {
            Future<HttpClientConnection> connection = connections.get(lane);
            connections.set(lane, null);
            if (connection != null) {
                connection.onSuccess(HttpClientConnection::close);
            }
        }
    }

    /** Closes the connections and the client (before the dispatcher's loop ends). */
    Future<Void> close() {
        closed = true;
        closeConnections();
        return client.close();
    }
}

package io.switchboard.load;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A webhook endpoint inside the generator: a Vert.x HTTP server on its own Vert.x (one event loop,
 * so it never competes with the generator's clients for a loop) on a random loopback port.
 * A healthy sink answers 200 to every request and books it in a {@link DeliveryBook}, checking the
 * Standard Webhooks signature of every {@code verifyEvery}-th delivery (the check costs an HMAC;
 * a sample shows the messages are signed without the receiver becoming the bottleneck). A failing
 * sink answers 500 to everything and only counts.
 */
final class WebhookSink implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    private final boolean healthy;
    private final int verifyEvery;
    private final HttpServer server;
    private final DeliveryBook book = new DeliveryBook();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong verified = new AtomicLong();
    private final AtomicLong badSignatures = new AtomicLong();
    private volatile String secret;

    private WebhookSink(boolean healthy, int verifyEvery) {
        this.healthy = healthy;
        this.verifyEvery = Math.max(1, verifyEvery);
        this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setTcpNoDelay(true));
    }

    /** Starts a sink answering 200 (healthy) or 500 (failing) and waits until it listens. */
    static WebhookSink start(boolean healthy, int verifyEvery) {
        WebhookSink sink = new WebhookSink(healthy, verifyEvery);
        sink.server.requestHandler(request -> request.body().onSuccess(body -> {
            long arrived = System.currentTimeMillis();
            long n = sink.requests.incrementAndGet();
            if (!sink.healthy) {
                request.response().setStatusCode(500).end();
                return;
            }
            String id = request.getHeader("webhook-id");
            if (n % sink.verifyEvery == 0) {
                boolean ok = WebhookSignature.valid(sink.secret, id, request.getHeader("webhook-timestamp"), body.getBytes(),
                        request.getHeader("webhook-signature"));
                (ok ? sink.verified : sink.badSignatures).incrementAndGet();
            }
            sink.book.delivered(id, body.toString(), arrived);
            request.response().setStatusCode(200).end();
        }));
        sink.server.listen(0).toCompletionStage().toCompletableFuture().join();
        return sink;
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/hooks";
    }

    /** The subscription's secret, known once it is registered (signatures are checked from then on). */
    void secret(String whsec) {
        secret = whsec;
    }

    DeliveryBook book() {
        return book;
    }

    long requests() {
        return requests.get();
    }

    long verified() {
        return verified.get();
    }

    long badSignatures() {
        return badSignatures.get();
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}

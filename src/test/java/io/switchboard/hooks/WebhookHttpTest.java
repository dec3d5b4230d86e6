package io.switchboard.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A subscription's HTTP side against real HTTP servers on loopback: what goes on the wire, that a
 * redirect is an answer (never followed), that a silent endpoint fails the attempt once the
 * timeout passes (and the next one goes through), and that each lane keeps one connection.
 */
class WebhookHttpTest {
    private static final byte[] BODY = "{\"type\":\"ticket.created\",\"data\":{\"ticketId\":\"T-1\"}}"
            .getBytes(StandardCharsets.UTF_8);

    private final Vertx vertx = Vertx.vertx();
    /** The client's context: the dispatcher's in production; one event loop here. */
    private final Context context = vertx.getOrCreateContext();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void post_headersAndBody_reachTheEndpointAsSent_statusAnswered() throws Exception {
        List<HttpServerRequest> requests = new CopyOnWriteArrayList<>();
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer server = listen(request -> request.body().onSuccess(body -> {
            requests.add(request);
            bodies.add(body.toString(StandardCharsets.UTF_8));
            request.response().setStatusCode(204).end("ignored");
        }));
        WebhookHttp http = onContext(() -> Future.succeededFuture(new WebhookHttp(vertx, 2, 5_000)));

        int status = onContext(() -> http.post(0, url(server, "/hooks/in?x=1"), "msg_crm_7", 1_700_000_000L, "v1,abc", BODY));

        assertThat(status).isEqualTo(204);
        HttpServerRequest request = requests.get(0);
        assertThat(request.method().name()).isEqualTo("POST");
        assertThat(request.uri()).isEqualTo("/hooks/in?x=1");
        assertThat(request.getHeader("content-type")).isEqualTo("application/json");
        assertThat(request.getHeader("user-agent")).isEqualTo("Switchboard-Webhooks/1");
        assertThat(request.getHeader("webhook-id")).isEqualTo("msg_crm_7");
        assertThat(request.getHeader("webhook-timestamp")).isEqualTo("1700000000");
        assertThat(request.getHeader("webhook-signature")).isEqualTo("v1,abc");
        assertThat(bodies.get(0)).isEqualTo(new String(BODY, StandardCharsets.UTF_8));
    }

    @Test
    void post_endpointRedirects_notFollowed_theRedirectIsTheAnswer() throws Exception {
        AtomicInteger elsewhere = new AtomicInteger();
        HttpServer other = listen(request -> {
            elsewhere.incrementAndGet();
            request.response().setStatusCode(200).end();
        });
        HttpServer redirecting = listen(request -> request.response()
                .setStatusCode(Integer.parseInt(request.path().substring(1)))
                .putHeader("location", url(other, "/stolen")).end());
        WebhookHttp http = onContext(() -> Future.succeededFuture(new WebhookHttp(vertx, 1, 5_000)));

        for (int redirect : List.of(301, 302, 303, 307, 308)) {
            int status = onContext(() -> http.post(0, url(redirecting, "/" + redirect), "msg_crm_1", 1L, "v1,x", BODY));
            assertThat(status).isEqualTo(redirect);
        }
        assertThat(elsewhere.get()).as("no redirect's target was called").isZero();
    }

    @Test
    void post_endpointNeverAnswers_attemptFailsAfterTheTimeout_nextAttemptGoesThrough() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = listen(request -> {
            if (calls.incrementAndGet() > 1) {
                request.response().setStatusCode(200).end();
            } // the first request is read and never answered
        });
        WebhookHttp http = onContext(() -> Future.succeededFuture(new WebhookHttp(vertx, 1, 300)));

        Throwable failure = onContextFailure(() -> http.post(0, url(server, "/hook"), "msg_crm_1", 1L, "v1,x", BODY));
        int status = onContext(() -> http.post(0, url(server, "/hook"), "msg_crm_1", 2L, "v1,x", BODY));

        assertThat(failure).as("the silent attempt failed").isNotNull();
        assertThat(status).isEqualTo(200);
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void post_lanesInParallel_oneKeptConnectionEach() throws Exception {
        List<Object> connections = new CopyOnWriteArrayList<>();
        HttpServer server = listen(request -> {
            connections.add(request.connection());
            vertx.setTimer(2, t -> request.response().setStatusCode(200).end());
        });
        WebhookHttp http = onContext(() -> Future.succeededFuture(new WebhookHttp(vertx, 3, 5_000)));

        List<Integer> statuses = onContext(() -> {
            List<Future<List<Integer>>> lanes = new ArrayList<>();
            for (int lane = 0; lane < 3; lane++) {
                lanes.add(sequence(http, server, lane, 10, new ArrayList<>()));
            }
            return Future.all(lanes).map(all -> all.<List<Integer>>list().stream().flatMap(List::stream).toList());
        });

        assertThat(statuses).hasSize(30).containsOnly(200);
        assertThat(Set.copyOf(connections)).as("each lane kept its connection").hasSize(3);
    }

    @Test
    void post_endpointClosesAfterEachAnswer_nextMessageOnTheLaneGetsANewConnection() throws Exception {
        Set<Object> connections = ConcurrentHashMap.newKeySet();
        HttpServer server = listen(request -> {
            connections.add(request.connection());
            request.response().putHeader("connection", "close").setStatusCode(200).end();
        });
        WebhookHttp http = onContext(() -> Future.succeededFuture(new WebhookHttp(vertx, 1, 5_000)));

        List<Integer> statuses = onContext(() -> sequence(http, server, 0, 5, new ArrayList<>()));

        assertThat(statuses).containsExactly(200, 200, 200, 200, 200);
        assertThat(connections).hasSize(5);
    }

    @Test
    void post_wireBytes_exactlyTheRequestLineHeadersAndBody() throws Exception {
        List<String> requests = new CopyOnWriteArrayList<>();
        io.vertx.core.net.NetServer server = await(vertx.createNetServer().connectHandler(socket -> {
            StringBuilder in = new StringBuilder();
            socket.handler(data -> {
                in.append(data.toString(StandardCharsets.ISO_8859_1));
                int headEnd = in.indexOf("\r\n\r\n");
                if (headEnd >= 0 && in.length() >= headEnd + 4 + BODY.length) {
                    requests.add(in.substring(0, headEnd + 4 + BODY.length));
                    in.setLength(0);
                    socket.write(io.vertx.core.buffer.Buffer.buffer("HTTP/1.1 204 No Content\r\n\r\n"));
                }
            });
        }).listen(0, "127.0.0.1"));
        String url = "http://127.0.0.1:" + server.actualPort() + "/hook?a=b";
        WebhookHttp http = onContext(() -> Future.succeededFuture(new WebhookHttp(vertx, 1, 5_000)));

        int first = onContext(() -> http.post(0, url, "msg_crm_9", 1_700_000_000L, "v1,sig", BODY));
        int second = onContext(() -> http.post(0, url, "msg_crm_10", 1_700_000_001L, "v1,sig2", BODY));

        assertThat(first).isEqualTo(204);
        assertThat(second).isEqualTo(204);
        String host = "127.0.0.1:" + server.actualPort();
        assertThat(requests).containsExactly(wire(host, "msg_crm_9", "1700000000", "v1,sig"),
                wire(host, "msg_crm_10", "1700000001", "v1,sig2"));
    }

    /** A POST exactly as Vert.x's HTTP client wrote it at 54407fb (the bytes this class must keep). */
    private static String wire(String host, String id, String timestamp, String signature) {
        return "POST /hook?a=b HTTP/1.1\r\ncontent-type: application/json\r\nuser-agent: Switchboard-Webhooks/1"
                + "\r\nwebhook-id: " + id + "\r\nwebhook-timestamp: " + timestamp + "\r\nwebhook-signature: " + signature
                + "\r\ncontent-length: " + BODY.length + "\r\nhost: " + host + "\r\n\r\n"
                + new String(BODY, StandardCharsets.UTF_8);
    }

    /** {@code count} posts on {@code lane}, one after the other (a lane's contract), their statuses in order. */
    private static Future<List<Integer>> sequence(WebhookHttp http, HttpServer server, int lane, int count,
            List<Integer> statuses) {
        if (statuses.size() == count) {
            return Future.succeededFuture(statuses);
        }
        return http.post(lane, url(server, "/hook"), "msg_crm_" + lane + "_" + statuses.size(), 1L, "v1,x", BODY)
                .compose(status -> {
                    statuses.add(status);
                    return sequence(http, server, lane, count, statuses);
                });
    }

    private HttpServer listen(io.vertx.core.Handler<HttpServerRequest> handler) {
        return await(vertx.createHttpServer().requestHandler(handler).listen(0, "127.0.0.1"));
    }

    private static String url(HttpServer server, String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    private <T> T onContext(Supplier<Future<T>> action) {
        Promise<T> done = Promise.promise();
        context.runOnContext(v -> action.get().onComplete(done));
        return await(done.future());
    }

    private Throwable onContextFailure(Supplier<Future<?>> action) {
        Promise<Throwable> done = Promise.promise();
        context.runOnContext(v -> action.get().onComplete(result -> done.complete(result.failed() ? result.cause() : null)));
        return await(done.future());
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

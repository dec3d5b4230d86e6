package io.switchboard.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real Vert.x server on a random port, with the sweep in front of handlers that answer or not. */
class RequestDeadlinesTest {
    private Vertx vertx;
    private HttpServer server;
    private final AtomicInteger failures = new AtomicInteger();
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.route().handler(new RequestDeadlines(200, 503));
        router.get("/fast").handler(rc -> rc.response().end("fast"));
        router.get("/late").handler(rc -> vertx.setTimer(600, id -> {
            if (!rc.response().ended()) {
                rc.response().end("late");
            }
        }));
        router.get("/never").handler(rc -> { });
        router.route().failureHandler(rc -> {
            failures.incrementAndGet();
            rc.response().setStatusCode(rc.statusCode()).end("failed " + rc.statusCode());
        });
        server = vertx.createHttpServer().requestHandler(router).listen(0).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.actualPort() + path))
                .timeout(java.time.Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void handle_neverAnswered_failsWithTheStatus() throws Exception {
        HttpResponse<String> response = get("/never");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("failed 503");
    }

    @Test
    void handle_answeredLate_theTimeoutAnswersAndTheLateAnswerIsDropped() throws Exception {
        HttpResponse<String> response = get("/late");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(get("/fast").body()).isEqualTo("fast");
    }

    @Test
    void handle_answeredInTime_neverFailedAfterwards() throws Exception {
        for (int i = 0; i < 50; i++) {
            assertThat(get("/fast").body()).isEqualTo("fast");
        }
        // Long past every deadline (sweeps have run): no answered request was failed.
        HttpResponse<String> overdue = get("/never");
        assertThat(overdue.statusCode()).isEqualTo(503);
        assertThat(failures.get()).isEqualTo(1);
    }

    @Test
    void create_nonPositiveTimeout_refused() {
        assertThatThrownBy(() -> new RequestDeadlines(0, 503)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sweepMillis_shortAndLongTimeouts_aTenthWithinBounds() {
        assertThat(new RequestDeadlines(200, 503).sweepMillis()).isEqualTo(20);
        assertThat(new RequestDeadlines(30_000, 503).sweepMillis()).isEqualTo(100);
        assertThat(new RequestDeadlines(50, 503).sweepMillis()).isEqualTo(10);
    }
}

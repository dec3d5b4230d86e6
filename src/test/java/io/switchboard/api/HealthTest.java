package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.metrics.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Liveness and readiness over a real server; readiness follows its named checks. */
@ExtendWith(VertxExtension.class)
class HealthTest {

    @Test
    void ready_allChecksPass_200WithEachCheckUp(Vertx vertx) {
        TestServer server = TestServer.start(vertx, TestServer.CONFIG, Metrics.create(true));
        TestServer.Reply reply = server.get("/health/ready");
        // the history store's part never makes the server unready; it is up once its thread reached the store
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"up".equals(reply.json().getJsonObject("checks").getString("history")) && System.nanoTime() < deadline) {
            assertThat(reply.status()).as("ready while the history store is still opening").isEqualTo(200);
            reply = server.get("/health/ready");
        }
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json()).isEqualTo(new JsonObject().put("status", "up").put("checks", new JsonObject()
                .put("config", "up").put("journal", "up").put("engine", "up").put("history", "up")));
        assertThat(server.get("/health/live").status()).isEqualTo(200);
    }

    @Test
    void ready_aRegisteredCheckFails_503NamingItAndBackTo200WhenItRecovers(Vertx vertx) {
        TestServer server = TestServer.start(vertx, TestServer.CONFIG, Metrics.create(true));
        AtomicBoolean searchIndexUp = new AtomicBoolean(false);
        server.switchboard().readiness().register("search-index", searchIndexUp::get);

        TestServer.Reply down = server.get("/health/ready");
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.json().getString("status")).isEqualTo("down");
        assertThat(down.json().getJsonObject("checks").getString("search-index")).isEqualTo("down");
        assertThat(down.json().getJsonObject("checks").getString("engine")).isEqualTo("up");
        assertThat(server.get("/health/live").status()).isEqualTo(200);

        searchIndexUp.set(true);
        assertThat(server.get("/health/ready").status()).isEqualTo(200);
    }

    @Test
    void ready_checkThrows_countsAsDown(Vertx vertx) {
        TestServer server = TestServer.start(vertx, TestServer.CONFIG, Metrics.create(true));
        server.switchboard().readiness().register("redis", () -> {
            throw new IllegalStateException("boom");
        });
        assertThat(server.get("/health/ready").status()).isEqualTo(503);
    }

    @Test
    void metrics_turnedOff_404ProblemAndHealthStillAnswers(Vertx vertx) {
        TestServer server = TestServer.start(vertx, TestServer.CONFIG, Metrics.disabled());
        TestServer.Reply reply = server.get("/metrics");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(server.get("/health/ready").status()).isEqualTo(200);
        server.createTicket(TestServer.ticket("chat", "billing", "c1"));
    }
}

package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.app.DurabilitySettings;
import io.switchboard.metrics.Metrics;
import io.switchboard.store.RedisProcess;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert path end to end, with nothing stood in: a real Switchboard journaling to a real Redis,
 * a real Prometheus (Debian's {@code prometheus}) scraping it and evaluating the shipped
 * {@code prometheus/alerts.yml}, and a real Alertmanager (Debian's {@code prometheus-alertmanager})
 * delivering to a webhook receiver this test serves. Redis is stopped for real; the journal alert
 * must reach the receiver. {@code .ci/run} installs both packages when they are missing.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
final class AlertDeliveryTest {
    @TempDir
    Path dir;

    private Vertx vertx;
    private RedisProcess redis;
    private MonitoringProcess prometheus;
    private MonitoringProcess alertmanager;

    @BeforeEach
    void startRedis() {
        redis = RedisProcess.start(dir.resolve("redis"));
    }

    @AfterEach
    void stopAll() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (alertmanager != null) {
            alertmanager.close();
        }
        if (vertx != null) {
            vertx.close().await();
        }
        redis.close();
    }

    @Test
    void alerting_redisStopped_journalAlertReachesTheWebhookReceiver() throws Exception {
        Metrics metrics = Metrics.create(true);
        vertx = metrics.newVertx(new VertxOptions());
        TestServer server = TestServer.start(vertx, TestServer.CONFIG, DurabilitySettings.redis(redis.url()), metrics);

        BlockingQueue<JsonObject> notifications = new LinkedBlockingQueue<>();
        HttpServer receiver = TestServer.await(vertx.createHttpServer()
                .requestHandler(request -> request.body().onSuccess(body -> {
                    notifications.add(body.toJsonObject());
                    request.response().setStatusCode(200).end();
                }))
                .listen(0, "127.0.0.1"));

        alertmanager = MonitoringProcess.alertmanager(dir.resolve("alertmanager"),
                "http://127.0.0.1:" + receiver.actualPort() + "/alerts");
        prometheus = MonitoringProcess.prometheus(dir.resolve("prometheus"), Path.of("prometheus/alerts.yml"),
                "127.0.0.1:" + server.port(), "127.0.0.1:" + alertmanager.port());

        awaitQuery(prometheus, "up{job=\"switchboard\"} == 1", Duration.ofSeconds(60));
        assertThat(server.createTicket(TestServer.ticket("chat", "question", "c-before")).getString("id")).isNotBlank();
        // Two scrapes of the healthy journal, so the failure counter has a baseline to increase from.
        awaitQuery(prometheus, "count_over_time(switchboard_journal_append_failures_total[1m]) >= 2",
                Duration.ofSeconds(60));

        redis.stop();
        JsonObject firing = awaitAlert(server, notifications, "SwitchboardJournalFailing", Duration.ofSeconds(120));
        // the receiver saw it: the server kept serving /metrics while its journal was down
        assertThat(server.get("/metrics").status()).isEqualTo(200);

        assertThat(firing.getString("status")).isEqualTo("firing");
        JsonObject labels = firing.getJsonObject("labels");
        assertThat(labels.getString("severity")).isEqualTo("critical");
        assertThat(firing.getJsonObject("annotations").getString("summary")).isEqualTo("Journal appends are failing");
        assertThat(firing.getString("generatorURL")).contains("switchboard_journal_append_failures_total");
    }

    /** Keeps sending tickets (each refused while Redis is down) until Alertmanager posts the alert. */
    private JsonObject awaitAlert(TestServer server, BlockingQueue<JsonObject> notifications, String name,
            Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int attempt = 0;
        StringBuilder seen = new StringBuilder();
        while (System.nanoTime() < deadline) {
            TestServer.Reply reply = server.post("/v1/tickets", TestServer.ticket("chat", "question", "c-" + attempt++));
            assertThat(reply.status()).as("intake while the journal cannot write").isEqualTo(503);
            JsonObject notification = notifications.poll(500, TimeUnit.MILLISECONDS);
            if (notification == null) {
                continue;
            }
            JsonArray alerts = notification.getJsonArray("alerts");
            for (int i = 0; i < alerts.size(); i++) {
                JsonObject alert = alerts.getJsonObject(i);
                String alertName = alert.getJsonObject("labels").getString("alertname");
                seen.append(alertName).append(' ');
                if (name.equals(alertName)) {
                    return alert;
                }
            }
        }
        throw new AssertionError(name + " was not delivered within " + timeout + "; delivered: [" + seen + "]\n"
                + "prometheus:\n" + prometheus.log() + "\nalertmanager:\n" + alertmanager.log());
    }

    private static void awaitQuery(MonitoringProcess prometheus, String query, Duration timeout)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheus.port()
                    + "/api/v1/query?query=" + java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(5)).build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                last = response.body();
                if (response.statusCode() == 200
                        && !new JsonObject(last).getJsonObject("data").getJsonArray("result").isEmpty()) {
                    return;
                }
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Prometheus never answered " + query + " within " + timeout + ": " + last
                + "\n" + prometheus.log());
    }
}

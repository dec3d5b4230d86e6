package io.switchboard.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.api.PrometheusText;
import io.switchboard.api.TestServer;
import io.switchboard.app.DurabilitySettings;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code switchboard_journal_follower_lag_events}: a follower that cannot go on (a webhook
 * endpoint answering 503) shows its lag while the others show none, and drops back to 0 once it
 * delivered.
 */
class FollowerLagServerTest {
    @TempDir
    Path dir;
    private final Vertx vertx = Vertx.vertx();
    private final WebhookReceiver receiver = receiver();

    private static WebhookReceiver receiver() {
        try {
            return new WebhookReceiver();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void close() {
        TestServer.await(vertx.close());
        receiver.close();
    }

    @Test
    void followerLag_webhookEndpointFailing_onlyTheWebhooksLagThenNoneOnceDelivered() {
        receiver.answer.set(503);
        TestServer server = TestServer.start(vertx, WebhookServerTest.config(receiver.url(), "1h", ""),
                DurabilitySettings.file(dir));
        for (int i = 0; i < 3; i++) {
            assertThat(server.post("/v1/tickets", TestServer.ticket("chat", "question", "cust-" + i)).status())
                    .isEqualTo(201);
        }

        PrometheusText lagging = scrapeUntil(server, m -> lag(m, "webhooks") >= 3 && lag(m, "history") == 0);
        assertThat(lag(lagging, "wechat")).as("no WeChat account to send with: holds nothing back").isZero();

        receiver.answer.set(200);
        scrapeUntil(server, m -> lag(m, "webhooks") == 0);
    }

    private static double lag(PrometheusText metrics, String follower) {
        return metrics.sum("switchboard_journal_follower_lag_events", "follower", follower);
    }

    private static PrometheusText scrapeUntil(TestServer server, Predicate<PrometheusText> done) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        PrometheusText last = PrometheusText.parse(server.get("/metrics").body());
        while (!done.test(last)) {
            assertThat(System.nanoTime()).as("gave up waiting; last %s", last).isLessThan(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            last = PrometheusText.parse(server.get("/metrics").body());
        }
        return last;
    }
}

package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.follow.CursorStore;
import io.switchboard.follow.JournalFollower;
import io.switchboard.hooks.WebhookAdmin;
import io.switchboard.hooks.WebhookDispatcher;
import io.switchboard.hooks.WebhookRejection;
import io.switchboard.hooks.WebhookSettings;
import io.switchboard.metrics.WebhookMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code /v1/webhooks} operations of a node (high availability): with no running dispatcher
 * every operation is refused with 503 {@code not-leader} and changes nothing; while a real
 * dispatcher runs they are its answers; after the term ends, refused again.
 */
class LeaderWebhookAdminTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private static final List<Function<WebhookAdmin, Future<?>>> EVERY_OPERATION = List.of(
            admin -> admin.list("ops"),
            admin -> admin.get("crm", "ops"),
            admin -> admin.create(new JsonObject().put("url", "https://crm.example/hook"), "ops"),
            admin -> admin.update("crm", new JsonObject(), "ops"),
            admin -> admin.delete("crm", "ops"),
            admin -> admin.rotate("crm", true, "ops"),
            admin -> admin.deliveries("crm", "ops", Long.MAX_VALUE, 10),
            admin -> admin.deadLetters("crm", "ops"),
            admin -> admin.replay("crm", "msg_crm_1", "ops"));

    @Test
    void standby_everyOperation_refusedNotLeader() {
        LeaderWebhookAdmin admin = new LeaderWebhookAdmin();

        for (Function<WebhookAdmin, Future<?>> operation : EVERY_OPERATION) {
            Throwable refused = failure(operation.apply(admin));
            assertThat(refused).isInstanceOf(WebhookRejection.class);
            assertThat(((WebhookRejection) refused).status()).isEqualTo(503);
            assertThat(((WebhookRejection) refused).slug()).isEqualTo("not-leader");
        }
    }

    @Test
    void term_dispatcherServesItsSubscriptions_thenRefusedAgainWhenTheTermEnds() throws Exception {
        LeaderWebhookAdmin admin = new LeaderWebhookAdmin();
        JournalFollower journal = new JournalFollower("webhooks", (after, max) -> Future.succeededFuture(List.of()),
                () -> 0, true);
        WebhookDispatcher dispatcher = new WebhookDispatcher(new WebhookSettings(true, Duration.ofSeconds(5),
                Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofSeconds(5), 2, List.of()), journal,
                CursorStore.none(), null, WebhookMetrics.NOOP);
        String deployment = await(vertx.deployVerticle(dispatcher));

        admin.serve(dispatcher);
        // private networks allowed (the settings' first flag): the URL is checked, nothing is sent to it
        JsonObject created = await(admin.create(new JsonObject().put("url", "http://127.0.0.1:9/hook")
                .put("types", new io.vertx.core.json.JsonArray().add("ticket.created")), "ops"));
        assertThat(await(admin.list("ops"))).extracting(s -> s.getString("id")).containsExactly(created.getString("id"));

        admin.serve(null);
        await(vertx.undeploy(deployment));
        Throwable refused = failure(admin.list("ops"));
        assertThat(((WebhookRejection) refused).slug()).isEqualTo("not-leader");
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Throwable failure(Future<?> future) {
        try {
            future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a refusal");
    }
}

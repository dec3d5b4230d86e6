package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.follow.CursorStore;
import io.switchboard.follow.JournalFollower;
import io.switchboard.hooks.WebhookDispatcher;
import io.switchboard.hooks.WebhookRejection;
import io.switchboard.hooks.WebhookSettings;
import io.switchboard.metrics.WebhookMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node's side effects on real Vert.x with a real webhook dispatcher: each term deploys its
 * verticles in order and serves the dispatcher's admin operations; a stop undeploys them newest
 * first (each stops, so saves its cursor, before the one deployed before it) and the admin
 * operations are refused again; a stop that comes while a start is still deploying leaves nothing
 * of that start running.
 */
class SideEffectsTest {
    private final Vertx vertx = Vertx.vertx();
    private final List<String> steps = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    /** Records its start and stop; its start completes when {@code started} does. */
    private final class Step extends VerticleBase {
        private final String name;
        private final Future<Void> started;

        Step(String name, Future<Void> started) {
            this.name = name;
            this.started = started;
        }

        @Override
        public Future<?> start() {
            steps.add("start " + name);
            return started;
        }

        @Override
        public Future<?> stop() {
            steps.add("stop " + name);
            return Future.succeededFuture();
        }
    }

    private WebhookDispatcher dispatcher() {
        JournalFollower journal = new JournalFollower("webhooks", (after, max) -> Future.succeededFuture(List.of()),
                () -> 0, true);
        return new WebhookDispatcher(new WebhookSettings(true, Duration.ofSeconds(5), Duration.ofHours(1),
                Duration.ofSeconds(1), Duration.ofSeconds(5), 2, List.of()), journal, CursorStore.none(), null,
                WebhookMetrics.NOOP);
    }

    @Test
    void term_startsInOrderServesWebhooks_stopUndeploysNewestFirstAndRefusesAgain() throws Exception {
        Context node = vertx.getOrCreateContext();
        SideEffects effects = new SideEffects(vertx, List.of(), () -> {
            WebhookDispatcher hooks = dispatcher();
            return new SideEffects.Term(List.of(new Step("mail", Future.succeededFuture()), hooks,
                    new Step("wechat", Future.succeededFuture())), hooks);
        });

        for (int term = 1; term <= 2; term++) {
            steps.clear();
            await(on(node, effects::start));
            assertThat(steps).as("term %d deployed in order", term).containsExactly("start mail", "start wechat");
            assertThat(await(effects.webhooks().list("ops"))).as("the term's dispatcher answers").isEmpty();
            assertThat(vertx.deploymentIDs()).hasSize(3);

            await(on(node, effects::stop));
            assertThat(steps).as("term %d undeployed newest first", term)
                    .containsExactly("start mail", "start wechat", "stop wechat", "stop mail");
            assertThat(vertx.deploymentIDs()).isEmpty();
            Throwable refused = failure(effects.webhooks().list("ops"));
            assertThat(((WebhookRejection) refused).slug()).isEqualTo("not-leader");
        }
    }

    @Test
    void stop_whileStartIsDeploying_nothingOfThatStartKeepsRunningAndTheStartFails() throws Exception {
        Context node = vertx.getOrCreateContext();
        Promise<Void> firstStarting = Promise.promise();
        SideEffects effects = new SideEffects(vertx, List.of(), () -> {
            WebhookDispatcher hooks = dispatcher();
            return new SideEffects.Term(List.of(new Step("mail", firstStarting.future()), hooks,
                    new Step("wechat", Future.succeededFuture())), hooks);
        });

        CompletableFuture<Future<Void>> starting = new CompletableFuture<>();
        node.runOnContext(v -> starting.complete(effects.start()));
        Future<Void> start = starting.get(10, TimeUnit.SECONDS);
        await(on(node, effects::stop)); // a step-down while "mail" is still starting
        node.runOnContext(v -> firstStarting.complete());

        assertThat(failure(start)).hasMessageContaining("stopped while starting");
        assertThat(steps).as("the deployment under way is undone, the rest never start")
                .containsExactly("start mail", "stop mail");
        assertThat(vertx.deploymentIDs()).isEmpty();
        assertThat(((WebhookRejection) failure(effects.webhooks().list("ops"))).slug()).isEqualTo("not-leader");
    }

    private static <T> Future<T> on(Context context, Supplier<Future<T>> action) {
        Promise<T> done = Promise.promise();
        context.runOnContext(v -> action.get().onComplete(done));
        return done.future();
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
        throw new AssertionError("expected a failure");
    }
}

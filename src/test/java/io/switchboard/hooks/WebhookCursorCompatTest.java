package io.switchboard.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.follow.FileCursorStore;
import io.switchboard.follow.JournalFollower;
import io.switchboard.metrics.WebhookMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhook cursors written by the build before the shared cursor store (test resources
 * {@code cursors-cda92fa/}, produced by that build's {@code WebhookFiles}) are read by today's
 * workers from a data dir as they are: position, disabled state and ticket contexts.
 */
class WebhookCursorCompatTest {
    private final Vertx vertx = Vertx.vertx();
    @TempDir
    Path data;

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void open_cursorFilesOfTheEarlierBuild_goesOnFromTheirPositionDisabledStateAndContexts() throws Exception {
        Files.createDirectories(data.resolve("webhooks"));
        for (String name : List.of("bot-a.cursor.json", "bot-a.tickets.json", "gone-b.cursor.json")) {
            try (var in = getClass().getResourceAsStream("/cursors-cda92fa/webhooks/" + name)) {
                Files.write(data.resolve("webhooks").resolve(name), in.readAllBytes());
            }
        }
        WebhookFiles files = new WebhookFiles(data.resolve("webhooks"), new FileCursorStore(vertx, data));
        SubscriptionWorker.EventSource nothing = new SubscriptionWorker.EventSource() {
            @Override
            public Future<JournalFollower.Chunk> read(long after, int max) {
                return Future.succeededFuture(new JournalFollower.Chunk(after + 1, List.of()));
            }

            @Override
            public long head() {
                return 41; // nothing after the cursors: the workers only load
            }
        };
        SubscriptionWorker botA = open(subscription("bot-a"), files, nothing);
        SubscriptionWorker goneB = open(subscription("gone-b"), files, nothing);

        assertThat(botA.readPosition()).isEqualTo(41);
        assertThat(botA.holdBack()).isEqualTo(41);
        assertThat(botA.subscription().enabled()).isTrue();
        assertThat(goneB.readPosition()).isEqualTo(7);
        assertThat(goneB.subscription().disabledReason()).as("a 410 saved by the earlier build").isEqualTo("gone");

        Map<String, TicketContext> contexts = new HashMap<>();
        Map<String, Long> retired = new HashMap<>();
        JsonObject tickets = await(files.tickets("bot-a"));
        WebhookFiles.decode(tickets, contexts, retired);
        assertThat(contexts.get("T-1").fields()).containsEntry("orderNumber", "A-1001");
        assertThat(contexts.get("T-1").conversation()).containsEntry("conversationId", "s-1");
        assertThat(retired).containsEntry("T-1", 40L);
    }

    private SubscriptionWorker open(Subscription s, WebhookFiles files, SubscriptionWorker.EventSource source) {
        return await(vertx.getOrCreateContext().<SubscriptionWorker>executeBlocking(() -> null)
                .compose(v -> SubscriptionWorker.open(vertx, s, WebhookSettings.DEFAULTS, source, files,
                        WebhookMetrics.NOOP, new UrlGuard(vertx, true), new WebhookHttp(vertx, 4, 10_000))));
    }

    private static Subscription subscription(String id) {
        return new Subscription(id, "http://127.0.0.1:9/hook", Set.of("ticket.created"), Set.of(), Set.of(), Set.of(),
                null, List.of(WebhookServerTest.SECRET), "config", null, 0);
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}

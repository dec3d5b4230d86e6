package io.switchboard.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Customer;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.TicketDraft;
import io.switchboard.follow.CursorStore;
import io.switchboard.follow.JournalFollower;
import io.switchboard.metrics.WebhookMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher runs on an event-loop thread of its own ({@code switchboard-webhooks}), not one
 * of Vert.x's shared loops where routing runs: a real delivery to a real receiver goes out from
 * it, and undeploying ends the thread.
 */
class WebhookThreadTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void deliveries_runOnTheWebhooksOwnThread_andUndeployEndsIt() throws Exception {
        CompletableFuture<String> received = new CompletableFuture<>();
        HttpServer receiver = await(vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            received.complete(request.getHeader("webhook-id") + " " + body.toJsonObject().getString("type"));
            request.response().setStatusCode(204).end();
        })).listen(0, "127.0.0.1"));
        Subscription s = new Subscription("crm", "http://127.0.0.1:" + receiver.actualPort() + "/hook",
                Set.of("ticket.created"), Set.of(), Set.of(), Set.of(), null, List.of(WebhookServerTest.SECRET), "config",
                null, 0);
        WebhookSettings settings = new WebhookSettings(true, Duration.ofSeconds(5), Duration.ofHours(1),
                Duration.ofSeconds(1), Duration.ofSeconds(5), 2, List.of(s));
        JournalFollower journal = new JournalFollower("webhooks", (after, max) -> Future.succeededFuture(List.of()),
                () -> 0, true);
        WebhookDispatcher dispatcher = new WebhookDispatcher(settings, journal, CursorStore.none(), null,
                WebhookMetrics.NOOP);
        String deployment = await(vertx.deployVerticle(dispatcher));

        assertThat(await(dispatcher.onContext(() -> Future.succeededFuture(Thread.currentThread().getName()))))
                .isEqualTo("switchboard-webhooks");
        journal.offer(1, List.of(created("T-1")));
        assertThat(received.get(20, TimeUnit.SECONDS)).isEqualTo("msg_crm_1 ticket.created");

        await(vertx.undeploy(deployment));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (webhooksThreadAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(webhooksThreadAlive()).as("the loop is shut down with the verticle").isFalse();
    }

    @Test
    void nodeLoop_outlivesTheDispatchersOfSeveralTerms_oneThread_endsOnlyWhenClosed() throws Exception {
        WebhookSettings settings = new WebhookSettings(true, Duration.ofSeconds(5), Duration.ofHours(1),
                Duration.ofSeconds(1), Duration.ofSeconds(5), 2, List.of());
        WebhookLoop loop = new WebhookLoop(vertx);
        java.util.Set<Thread> threads = new java.util.HashSet<>();
        for (int term = 0; term < 2; term++) {
            JournalFollower journal = new JournalFollower("webhooks", (after, max) -> Future.succeededFuture(List.of()),
                    () -> 0, true);
            WebhookDispatcher dispatcher = new WebhookDispatcher(settings, journal, CursorStore.none(), null,
                    WebhookMetrics.NOOP, loop);
            String deployment = await(vertx.deployVerticle(dispatcher));
            threads.add(await(dispatcher.onContext(() -> Future.succeededFuture(Thread.currentThread()))));
            await(vertx.undeploy(deployment));
            assertThat(webhooksThreadAlive()).as("term %d ended: the node's loop goes on", term).isTrue();
        }
        assertThat(threads).as("every term on the one thread").hasSize(1)
                .allMatch(t -> t.getName().equals("switchboard-webhooks"));

        await(loop.close());
        Thread thread = threads.iterator().next();
        thread.join(10_000); // the termination is signalled as the thread's last act
        assertThat(thread.isAlive()).as("closed: the thread has ended").isFalse();
        assertThat(loop.close()).as("closing again is the same close").isSameAs(loop.close());
    }

    private static boolean webhooksThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().equals("switchboard-webhooks"));
    }

    private static DomainEvent.TicketCreated created(String id) {
        TicketDraft draft = new TicketDraft(Channel.CHAT, Priority.NORMAL, new Customer("cust-1", CustomerTier.STANDARD,
                "Li"), "refund", "Refund", null, List.of(), null, Set.of(), Map.of(), null);
        return new DomainEvent.TicketCreated(System.currentTimeMillis(), id, 1, draft, "general", "key:bot", "intake",
                null, "fp", null);
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}

package io.switchboard.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.api.TestServer;
import io.switchboard.app.DurabilitySettings;
import io.switchboard.app.HaSettings;
import io.switchboard.store.RedisProcess;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks in a highly available group (two nodes in one JVM on one real Redis): only the node
 * that leads delivers. Each node's copy of the subscription {@code crm} points at its own real
 * receiver, so a delivery names the node that made it: the standby's receiver hears nothing while
 * the other leads, a node that stepped down stops delivering, and the successor goes on from the
 * shared cursor, which the node stepping down saved on its way out (every ticket's
 * {@code ticket.created} delivered exactly once; the messages after the failover once, by the new
 * active only).
 */
class HaWebhookServerTest {
    @TempDir
    Path dir;
    private RedisProcess redis;
    private final Vertx vertxA = Vertx.vertx();
    private final Vertx vertxB = Vertx.vertx();
    private WebhookReceiver receiverA;
    private WebhookReceiver receiverB;

    @BeforeEach
    void start() throws Exception {
        redis = RedisProcess.start(dir.resolve("redis"));
        receiverA = new WebhookReceiver();
        receiverB = new WebhookReceiver();
    }

    /** Bounded: a close that hangs fails {@link #close_nodeThatTookOver_completes}, not every test here. */
    @AfterEach
    void stop() throws Exception {
        closeWithin(vertxA, 20);
        closeWithin(vertxB, 20);
        receiverA.close();
        receiverB.close();
        redis.stop();
    }

    private static boolean closeWithin(Vertx vertx, int seconds) throws Exception {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            System.err.println("HaWebhookServerTest: a Vert.x instance did not close within " + seconds + " s");
            return false;
        }
    }

    /**
     * Closing both nodes after a failover completes (it hung in about 1 run in 3 when the webhooks'
     * event loop ended with each leadership term while the shared Redis client kept pooled
     * connections on it; the loop is now the node's, ended after the journal closed).
     */
    @Test
    void close_nodeThatTookOver_completes() throws Exception {
        standby_neverDelivers_andTheSuccessorGoesOnFromTheSharedCursor();
        assertThat(closeWithin(vertxA, 20)).as("node a closes").isTrue();
        assertThat(closeWithin(vertxB, 20)).as("node b closes").isTrue();
    }

    @Test
    void standby_neverDelivers_andTheSuccessorGoesOnFromTheSharedCursor() throws Exception {
        DurabilitySettings durability = DurabilitySettings.redis(redis.url());
        TestServer a = TestServer.startNode(vertxA, WebhookServerTest.config(receiverA.url(), "1h", ""), durability,
                HaSettings.node("a", 2_000));
        await(() -> a.get("/health/ready").status() == 200, "node a leads");
        TestServer b = TestServer.startNode(vertxB, WebhookServerTest.config(receiverB.url(), "1h", ""), durability,
                HaSettings.node("b", 2_000));
        Map<TestServer, WebhookReceiver> receivers = Map.of(a, receiverA, b, receiverB);

        List<String> before = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            before.add(a.createTicket(TestServer.ticket("chat", "question", "before-" + i)).getString("id"));
        }
        receiverA.await(r -> createdTickets(r).containsAll(before), 30, "node a delivers the first tickets");
        assertThat(b.get("/v1/webhooks").status()).as("the standby runs no webhooks").isEqualTo(503);
        assertThat(b.get("/v1/webhooks").json().getString("type")).endsWith("/not-leader");

        redis.command("INCR switchboard:fence"); // a successor's token: node a's next append is refused
        assertThat(a.post("/v1/tickets", TestServer.ticket("chat", "question", "refused")).status()).isEqualTo(503);
        await(() -> a.get("/health/ready").status() == 503, "node a steps down");
        redis.command("DEL switchboard:lease");
        await(() -> a.get("/health/ready").status() == 200 || b.get("/health/ready").status() == 200,
                "a node takes over");
        TestServer active = a.get("/health/ready").status() == 200 ? a : b;
        TestServer standby = active == a ? b : a;
        int standbyHeardBefore = receivers.get(standby).all().size();

        List<String> after = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            after.add(active.createTicket(TestServer.ticket("chat", "question", "after-" + i)).getString("id"));
        }
        receivers.get(active).await(r -> createdTickets(r).containsAll(after), 30,
                "the new active delivers the later tickets");
        assertThat(active.get("/v1/webhooks").status()).isEqualTo(200);

        List<WebhookReceiver.Received> all = new ArrayList<>(receiverA.delivered());
        all.addAll(receiverB.delivered());
        assertThat(createdTickets(all)).as("nothing lost across the failover").containsAll(before).containsAll(after);
        assertThat(receivers.get(standby).all().stream().filter(r -> after.contains(r.data().getString("ticketId"))))
                .as("the standby delivered none of the tickets created while it was standby").isEmpty();
        assertThat(receivers.get(standby).all().size() - standbyHeardBefore).as("the standby heard nothing more")
                .isZero();
        assertThat(all.stream().filter(r -> r.type().equals("ticket.created")
                && before.contains(r.data().getString("ticketId")))).as("the node that stepped down saved its cursor"
                + " on the way out: the successor delivers none of the earlier tickets again").hasSize(before.size());
        Map<String, Integer> laterIds = new HashMap<>();
        all.stream().filter(r -> after.contains(r.data().getString("ticketId")))
                .forEach(r -> laterIds.merge(r.id(), 1, Integer::sum));
        assertThat(laterIds.values()).as("after the failover each message is delivered once").containsOnly(1);
    }

    private static Set<String> createdTickets(List<WebhookReceiver.Received> received) {
        Set<String> ids = new HashSet<>();
        received.stream().filter(r -> r.answered() == 200 && r.type().equals("ticket.created"))
                .forEach(r -> ids.add(r.data().getString("ticketId")));
        return ids;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}

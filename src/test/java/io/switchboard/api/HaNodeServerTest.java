package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.app.DurabilitySettings;
import io.switchboard.app.HaSettings;
import io.switchboard.store.RedisProcess;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes of a highly available group in one JVM (each its own Vert.x) on one real Redis: the
 * lease holder serves, the standby refuses with 503 {@code not-leader}; a successor's fencing
 * token makes the active's next append fail, and it steps down (503, sockets closed with 4503,
 * unready), after which a node (the standby, or the old active again) takes over with everything
 * acknowledged before and nothing refused.
 */
class HaNodeServerTest {
    @TempDir
    Path dir;
    private RedisProcess redis;
    private final Vertx vertxA = Vertx.vertx();
    private final Vertx vertxB = Vertx.vertx();

    @BeforeEach
    void startRedis() {
        redis = RedisProcess.start(dir.resolve("redis"));
    }

    @AfterEach
    void stopAll() throws Exception {
        vertxA.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        vertxB.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        redis.stop();
    }

    @Test
    void fencedOutActive_stepsDown_andTheStandbyTakesOverWithWhatWasAcknowledged() throws Exception {
        DurabilitySettings durability = DurabilitySettings.redis(redis.url());
        TestServer a = TestServer.startNode(vertxA, TestServer.CONFIG, durability, HaSettings.node("a", 2_000));
        await(() -> a.get("/health/ready").status() == 200, "node a leads");
        TestServer b = TestServer.startNode(vertxB, TestServer.CONFIG, durability, HaSettings.node("b", 2_000));

        assertThat(b.get("/health/ready").status()).isEqualTo(503);
        assertThat(b.get("/health/ready").json().getJsonObject("checks").getString("leader")).isEqualTo("down");
        TestServer.Reply refused = b.post("/v1/tickets", TestServer.ticket("chat", "question", "c-0"));
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.json().getString("type")).endsWith("/not-leader");
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThatThrownBy(() -> b.connect("alice")).rootCause().isInstanceOf(UpgradeRejectedException.class)
                .satisfies(e -> assertThat(((UpgradeRejectedException) e).getStatus()).isEqualTo(503));

        a.putAgent("alice", "support", new JsonObject().put("general", 3), new JsonObject().put("chat", 2));
        String before = a.createTicket(TestServer.ticket("chat", "question", "c-1")).getString("id");
        AgentClient alice = a.connect("alice");
        alice.await("welcome");

        redis.command("INCR switchboard:fence"); // a successor's acquisition: node a's token is stale now
        TestServer.Reply fenced = a.post("/v1/tickets", TestServer.ticket("chat", "question", "c-2"));

        assertThat(fenced.status()).as(fenced.body()).isEqualTo(503);
        assertThat(fenced.json().getString("type")).endsWith("/not-leader");
        assertThat(alice.awaitClose()).as("sockets told to reconnect elsewhere").isEqualTo((short) 4503);
        await(() -> a.get("/health/ready").status() == 503, "node a steps down");
        assertThat(a.post("/v1/tickets", TestServer.ticket("chat", "question", "c-3")).status()).isEqualTo(503);

        redis.command("DEL switchboard:lease"); // the lease expires: a node takes it (either may win)
        await(() -> a.get("/health/ready").status() == 200 || b.get("/health/ready").status() == 200,
                "a node takes over");
        TestServer active = a.get("/health/ready").status() == 200 ? a : b;
        TestServer standby = active == a ? b : a;
        assertThat(active.get("/v1/tickets/" + before).status()).as("acknowledged before the step-down")
                .isEqualTo(200);
        assertThat(active.get("/v1/tickets?customer=c-2").json().getJsonArray("tickets")).as("refused: not journaled")
                .isEmpty();
        assertThat(active.get("/v1/tickets?customer=c-1").json().getJsonArray("tickets")).hasSize(1);
        assertThat(active.post("/v1/tickets", TestServer.ticket("chat", "question", "c-4")).status()).isEqualTo(201);
        assertThat(standby.get("/health/ready").status()).as("only one node leads").isEqualTo(503);
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

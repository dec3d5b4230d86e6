package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.app.DurabilitySettings;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A single node's graceful stop ({@code Switchboard.stop}, what SIGTERM runs) on a real server with
 * the file journal: from its start every new command is refused with 503 {@code shutting-down}
 * (nothing changed), agent sockets are closed with 1001 (going away, reconnect), new sockets are
 * refused, and what was acknowledged before is there after a restart on the same data dir.
 */
class GracefulStopServerTest {
    @TempDir
    Path dir;
    private Vertx first = Vertx.vertx();
    private Vertx second;

    @AfterEach
    void close() throws Exception {
        first.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        if (second != null) {
            second.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void stop_singleNode_intakeRefusedAsShuttingDown_socketsClosedWith1001_acknowledgedWorkSurvives() {
        DurabilitySettings durability = DurabilitySettings.file(dir.resolve("data"));
        TestServer server = TestServer.start(first, TestServer.CONFIG, durability);
        server.putAgent("alice", "support", new JsonObject().put("general", 3), new JsonObject().put("chat", 2));
        String acknowledged = server.createTicket(TestServer.ticket("chat", "question", "c-1")).getString("id");
        AgentClient alice = server.connect("alice");
        alice.await("welcome");

        TestServer.await(server.switchboard().stop());

        assertThat(alice.awaitClose()).as("agent socket told the server goes away").isEqualTo((short) 1001);
        TestServer.Reply refused = server.post("/v1/tickets", TestServer.ticket("chat", "question", "c-2"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(503);
        assertThat(refused.json().getString("type")).endsWith("/shutting-down");
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThatThrownBy(() -> server.connect("alice")).rootCause().isInstanceOf(UpgradeRejectedException.class)
                .satisfies(e -> assertThat(((UpgradeRejectedException) e).getStatus()).isEqualTo(503));
        assertThat(server.switchboard().stop()).as("a stop runs once").isSameAs(server.switchboard().stop());

        TestServer.await(first.close());
        second = Vertx.vertx();
        TestServer again = TestServer.start(second, TestServer.CONFIG, durability);
        assertThat(again.get("/v1/tickets/" + acknowledged).status()).as("acknowledged before the stop").isEqualTo(200);
    }
}

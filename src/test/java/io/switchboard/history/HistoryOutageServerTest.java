package io.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.api.AgentClient;
import io.switchboard.api.TestServer;
import io.switchboard.app.DurabilitySettings;
import io.switchboard.app.HistorySettings;
import io.switchboard.metrics.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server whose history store is a real PostgreSQL that goes away: routing and intake go
 * on, readiness stays 200 with {@code history: lagging}, a ticket archived meanwhile answers 503
 * with {@code Retry-After}, and once the store is back it catches up and the ticket reads again.
 */
class HistoryOutageServerTest {
    private static final String CONFIG = TestServer.CONFIG + "retention:\n  archiveAfter: 0s\n";

    @TempDir
    Path dir;

    private static String closedTicket(TestServer server, AgentClient alice, String customer) {
        String id = server.createTicket(TestServer.ticket("chat", "billing", customer)).getString("id");
        JsonObject offer = alice.await("offer");
        alice.replyTo(alice.send(new JsonObject().put("type", "accept").put("offerId", offer.getString("offerId"))));
        server.post("/v1/tickets/" + id + "/resolve", new JsonObject().put("reason", "fixed"));
        assertThat(server.post("/v1/tickets/" + id + "/close", new JsonObject()).status()).isEqualTo(200);
        return id;
    }

    private static TestServer.Reply waitFor(Supplier<TestServer.Reply> call, Predicate<TestServer.Reply> done) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        TestServer.Reply last = call.get();
        while (!done.test(last)) {
            assertThat(System.nanoTime()).as("gave up waiting; last reply %s", last.body()).isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            last = call.get();
        }
        return last;
    }

    @Test
    void postgresDown_routingGoesOnArchivedReadsAnswer503_thenTheStoreCatchesUp() {
        PostgresProcess pg = PostgresProcess.shared();
        Vertx vertx = Vertx.vertx();
        try {
            TestServer server = TestServer.start(vertx, CONFIG, DurabilitySettings.file(dir), Metrics.create(true),
                    new HistorySettings(dir, pg.newDatabase()));
            server.putAgent("alice", "support", new JsonObject().put("billing", 4), new JsonObject().put("chat", 2));
            AgentClient alice = server.connect("alice");
            alice.await("welcome");
            alice.goAvailable();
            String before = closedTicket(server, alice, "c-1");
            JsonObject archived = waitFor(() -> server.get("/v1/tickets/" + before),
                    r -> r.status() == 200 && r.json().getString("status").equals("closed")).json();

            pg.stop();
            try {
                String during = closedTicket(server, alice, "c-2");
                TestServer.Reply unavailable = waitFor(() -> server.get("/v1/tickets/" + during),
                        r -> r.status() == 503);
                assertThat(unavailable.header("Retry-After")).isEqualTo("5");
                assertThat(unavailable.json().getString("type")).endsWith("/history-unavailable");
                TestServer.Reply ready = waitFor(() -> server.get("/health/ready"),
                        r -> "lagging".equals(r.json().getJsonObject("checks").getString("history")));
                assertThat(ready.status()).as("a lagging history store never makes the server unready").isEqualTo(200);
                assertThat(server.createTicket(TestServer.ticket("chat", "question", "c-3")).getString("status"))
                        .as("intake goes on").isNotNull();
                assertThat(server.get("/v1/tickets/" + before).json()).as("read before the outage: cached")
                        .isEqualTo(archived);
            } finally {
                pg.start();
            }
            waitFor(() -> server.get("/health/ready"), r -> "up".equals(r.json().getJsonObject("checks").getString("history")));
            String during = "tkt_2";
            assertThat(waitFor(() -> server.get("/v1/tickets/" + during), r -> r.status() == 200).json()
                    .getString("status")).isEqualTo("closed");
            alice.close();
        } finally {
            TestServer.await(vertx.close());
        }
    }
}

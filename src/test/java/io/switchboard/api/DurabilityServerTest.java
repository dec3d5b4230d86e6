package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.app.DurabilitySettings;
import io.switchboard.store.RedisProcess;
import io.switchboard.store.SmallDisk;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server restarted on its journal (file and Redis), and a Redis outage during traffic.
 * The process-level {@code kill -9} variant is {@code CrashProcessIT}.
 */
class DurabilityServerTest {
    @TempDir
    Path dir;

    @Test
    void restart_fileJournal_ticketsAssignmentsAndTimelinesSurvive() {
        assertRestartKeepsEverything(() -> DurabilitySettings.file(dir));
    }

    @Test
    void restart_fileJournalAfterSnapshots_ticketsAssignmentsAndTimelinesSurvive() {
        // A snapshot compacts only what the history store has committed, so under load the first
        // rolls may compact nothing: keep adding replies (7 events a snapshot) until one is on disk.
        assertRestartKeepsEverything(() -> DurabilitySettings.file(dir).withSnapshots(7, 0), (server, assigned) -> {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!snapshotWritten()) {
                assertThat(System.nanoTime()).as("a snapshot was really written before the restart").isLessThan(deadline);
                server.post("/v1/tickets/" + assigned + "/reply", new JsonObject().put("message", "Still on it"));
                sleep(50);
            }
        });
    }

    private boolean snapshotWritten() {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .anyMatch(name -> (name.startsWith("snapshot-") || name.startsWith("base-")) && name.endsWith(".snap"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void restart_redisJournalAfterSnapshots_ticketsAssignmentsAndTimelinesSurvive() {
        try (RedisProcess redis = RedisProcess.start(dir.resolve("redis"))) {
            assertRestartKeepsEverything(() -> DurabilitySettings.redis(redis.url()).withSnapshots(7, 0));
        }
    }

    @Test
    void redisOutage_duringTraffic_refusesIntakeWith503ThenRecoversByItself() {
        try (RedisProcess redis = RedisProcess.start(dir.resolve("redis"))) {
            Vertx vertx = Vertx.vertx();
            try {
                TestServer server = TestServer.start(vertx, TestServer.CONFIG, DurabilitySettings.redis(redis.url()));
                server.putAgent("alice", "support", new JsonObject().put("general", 3),
                        new JsonObject().put("chat", 50));
                AgentClient alice = server.connect("alice");
                alice.await("welcome");
                alice.goAvailable();
                String before = server.createTicket(TestServer.ticket("chat", "question", "c-1")).getString("id");

                redis.stop();
                List<String> refusedCustomers = new ArrayList<>();
                int[] attempt = {0};
                TestServer.Reply refused = waitFor(() -> {
                    String customer = "c-refused-" + attempt[0]++;
                    TestServer.Reply reply = server.post("/v1/tickets", TestServer.ticket("chat", "question", customer));
                    if (reply.status() == 503 && reply.body().contains("nothing was changed")) {
                        refusedCustomers.add(customer);
                    }
                    return reply;
                }, r -> r.status() == 503 && r.body().contains("nothing was changed"));

                assertThat(refused.contentType()).startsWith("application/problem+json");
                assertThat(refused.raw().headers().firstValue("Retry-After")).isPresent();
                assertThat(server.get("/v1/tickets/" + before).status()).as("reads still work").isEqualTo(200);
                TestServer.Reply notReady = server.get("/health/ready");
                assertThat(notReady.status()).isEqualTo(503);
                assertThat(notReady.json().getJsonObject("checks").getString("journal")).isEqualTo("down");
                String id = alice.send(new JsonObject().put("type", "presence").put("status", "away"));
                assertThat(alice.replyTo(id).getString("code")).as("the socket stays open and says why")
                        .isEqualTo("unavailable");

                redis.start();
                TestServer.Reply accepted = waitFor(() -> server.post("/v1/tickets",
                        TestServer.ticket("chat", "question", "c-3")), r -> r.status() == 201);
                assertThat(alice.await("offer").getJsonObject("ticket").getString("id")).isEqualTo(before);
                assertThat(server.get("/health/ready").status()).as("ready again by itself").isEqualTo(200);
                assertThat(accepted.json().getString("id")).isNotEqualTo(before);
                List<String> customers = new ArrayList<>();
                server.get("/v1/tickets?limit=100").json().getJsonArray("tickets")
                        .forEach(t -> customers.add(((JsonObject) t).getJsonObject("customer").getString("id")));
                assertThat(customers).as("a refused ticket was never created").doesNotContainAnyElementsOf(refusedCustomers);
                assertThat(refusedCustomers).isNotEmpty();
                alice.close();
            } finally {
                TestServer.await(vertx.close());
            }
        }
    }

    @Test
    void restart_openTicketsFromTheJournal_areCountedByTheMetricsLikeNewOnes() {
        DurabilitySettings durability = DurabilitySettings.file(dir);
        Vertx first = Vertx.vertx();
        try {
            TestServer server = TestServer.start(first, TestServer.CONFIG, durability);
            server.putAgent("alice", "support", new JsonObject().put("general", 3), new JsonObject().put("chat", 2));
            server.createTicket(TestServer.ticket("chat", "question", "c-1"));
            server.createTicket(TestServer.ticket("chat", "question", "c-2"));
        } finally {
            TestServer.await(first.close());
        }
        Vertx second = Vertx.vertx();
        try {
            TestServer restarted = TestServer.start(second, TestServer.CONFIG, durability);
            PrometheusText before = PrometheusText.parse(restarted.get("/metrics").body());
            assertThat(before.sum("switchboard_tickets_unresolved")).as("restored open tickets").isEqualTo(2);
            AgentClient alice = restarted.connect("alice");
            alice.await("welcome");
            alice.goAvailable();
            JsonObject offer = alice.await("offer");
            alice.replyTo(alice.send(new JsonObject().put("type", "accept").put("offerId", offer.getString("offerId"))));
            PrometheusText after = PrometheusText.parse(restarted.get("/metrics").body());
            assertThat(after.sum("switchboard_ticket_wait_seconds_count", "queue", "general")
                    - before.sumOrZero("switchboard_ticket_wait_seconds_count", "queue", "general"))
                    .as("a restored ticket's assignment is in the wait histogram under its queue").isEqualTo(1);
            alice.close();
        } finally {
            TestServer.await(second.close());
        }
    }

    /**
     * A real full disk: a 1 MiB tmpfs (needs root, as on the CI machines; skipped elsewhere) is
     * filled while the server runs on it, then space is freed.
     */
    @Test
    void diskFull_duringTraffic_refusesIntakeThenRecoversWhenSpaceReturns() throws Exception {
        // the journal's disk fills; the history store lives elsewhere (its own full disk: DuckDbFullDiskTest)
        diskFull(false);
    }

    /**
     * The embedded history store on the same 1 MiB disk as the journal: the server refuses intake
     * while the disk is full and recovers once space returns. Kept disabled until 2026-12-07: DuckDB
     * 1.4.4 crashed the whole JVM once here (SIGSEGV in duckdb::Prefix::NewInternal, in the ART
     * index, during the projection's commit retry after the disk filled). With DuckDB JDBC 1.5.6.0
     * it passed 12 runs of 12 in a row.
     */
    @Test
    void diskFull_historyStoreOnTheSameFullDisk_serverSurvivesAndRecovers() throws Exception {
        diskFull(true);
    }

    private void diskFull(boolean historyOnTheFullDisk) throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("small-disk"), "1m")) {
            diskFull(disk.path(), historyOnTheFullDisk);
        }
    }

    private void diskFull(Path mount, boolean historyOnTheFullDisk) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            DurabilitySettings durability = DurabilitySettings.file(mount.resolve("data"));
            TestServer server = TestServer.start(vertx, TestServer.CONFIG, durability,
                    io.switchboard.metrics.Metrics.create(true), new io.switchboard.app.HistorySettings(
                            historyOnTheFullDisk ? durability.dataDir() : dir.resolve("history"), null));
            String before = server.createTicket(TestServer.ticket("chat", "question", "c-1")).getString("id");
            Path filler = mount.resolve("filler");
            try (var out = Files.newOutputStream(filler)) {
                byte[] block = new byte[4096];
                while (true) {
                    out.write(block);
                    out.flush();
                }
            } catch (java.io.IOException full) {
                // the disk is full now
            }

            List<String> refusedCustomers = new ArrayList<>();
            int[] attempt = {0};
            TestServer.Reply refused = waitFor(() -> {
                String customer = "c-full-" + attempt[0]++;
                TestServer.Reply reply = server.post("/v1/tickets", TestServer.ticket("chat", "question", customer));
                if (reply.status() == 503 && reply.body().contains("nothing was changed")) {
                    refusedCustomers.add(customer);
                }
                return reply;
            }, r -> r.status() == 503 && r.body().contains("nothing was changed"));
            assertThat(refused.raw().headers().firstValue("Retry-After")).isPresent();
            assertThat(server.get("/v1/tickets/" + before).status()).isEqualTo(200);

            Files.delete(filler);
            TestServer.Reply accepted = waitFor(() -> server.post("/v1/tickets",
                    TestServer.ticket("chat", "question", "c-after")), r -> r.status() == 201);
            assertThat(accepted.json().getString("id")).isNotEqualTo(before);
            List<String> customers = new ArrayList<>();
            server.get("/v1/tickets?limit=100").json().getJsonArray("tickets")
                    .forEach(t -> customers.add(((JsonObject) t).getJsonObject("customer").getString("id")));
            assertThat(customers).doesNotContainAnyElementsOf(refusedCustomers);
        } finally {
            TestServer.await(vertx.close());
        }
    }

    private void assertRestartKeepsEverything(Supplier<DurabilitySettings> durability) {
        assertRestartKeepsEverything(durability, (server, assigned) -> { });
    }

    /**
     * {@code settle} runs on the first server once its tickets are in place (given the assigned
     * ticket's id), before their state is recorded and the server stopped.
     */
    private void assertRestartKeepsEverything(Supplier<DurabilitySettings> durability,
            java.util.function.BiConsumer<TestServer, String> settle) {
        Map<String, JsonObject> before = new LinkedHashMap<>();
        Map<String, JsonArray> timelines = new LinkedHashMap<>();
        Vertx first = Vertx.vertx();
        try {
            TestServer server = TestServer.start(first, TestServer.CONFIG, durability.get());
            server.putAgent("alice", "support", new JsonObject().put("general", 3).put("billing", 3),
                    new JsonObject().put("chat", 2));
            AgentClient alice = server.connect("alice");
            alice.await("welcome");
            alice.goAvailable();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(server.createTicket(TestServer.ticket("chat", i % 2 == 0 ? "billing" : "question", "c-" + i))
                        .getString("id"));
            }
            JsonObject offer = alice.await("offer");
            alice.replyTo(alice.send(new JsonObject().put("type", "accept").put("offerId", offer.getString("offerId"))));
            server.post("/v1/tickets/" + offer.getJsonObject("ticket").getString("id") + "/reply",
                    new JsonObject().put("message", "On it"));
            settle.accept(server, offer.getJsonObject("ticket").getString("id"));
            for (String id : ids) {
                before.put(id, server.get("/v1/tickets/" + id).json());
                timelines.put(id, server.get("/v1/tickets/" + id + "/timeline").json().getJsonArray("timeline"));
            }
            alice.close();
        } finally {
            TestServer.await(first.close());
        }
        assertThat(before.values()).extracting(t -> t.getString("status")).contains("assigned", "offered", "queued");
        String oldestWaiting = before.entrySet().stream().filter(e -> !e.getValue().getString("status").equals("assigned"))
                .map(Map.Entry::getKey).findFirst().orElseThrow();

        Vertx second = Vertx.vertx();
        try {
            TestServer restarted = TestServer.start(second, TestServer.CONFIG, durability.get());
            for (var entry : before.entrySet()) {
                JsonObject after = restarted.get("/v1/tickets/" + entry.getKey()).json();
                JsonObject was = entry.getValue();
                String expectedStatus = was.getString("status").equals("offered") ? "queued" : was.getString("status");
                assertThat(after.getString("status")).as(entry.getKey()).isEqualTo(expectedStatus);
                assertThat(after.getString("assignee")).as(entry.getKey()).isEqualTo(was.getString("assignee"));
                assertThat(after.getString("createdAt")).isEqualTo(was.getString("createdAt"));
                JsonArray timeline = restarted.get("/v1/tickets/" + entry.getKey() + "/timeline").json()
                        .getJsonArray("timeline");
                JsonArray previous = timelines.get(entry.getKey());
                assertThat(timeline.size()).isGreaterThanOrEqualTo(previous.size());
                for (int i = 0; i < previous.size(); i++) {
                    assertThat(timeline.getJsonObject(i)).as("timeline of %s entry %d", entry.getKey(), i)
                            .isEqualTo(previous.getJsonObject(i));
                }
            }
            JsonObject fresh = restarted.createTicket(TestServer.ticket("chat", "question", "c-new"));
            assertThat(before).doesNotContainKey(fresh.getString("id"));
            AgentClient alice = restarted.connect("alice");
            JsonObject welcome = alice.await("welcome");
            assertThat(welcome.getJsonObject("agent").getString("presence")).isEqualTo("offline");
            alice.goAvailable();
            assertThat(alice.await("offer").getJsonObject("ticket").getString("id"))
                    .as("the re-queued tickets come back in their original order: the oldest waiting one first")
                    .isEqualTo(oldestWaiting);
            alice.close();
        } finally {
            TestServer.await(second.close());
        }
    }

    private static TestServer.Reply waitFor(Supplier<TestServer.Reply> call,
            java.util.function.Predicate<TestServer.Reply> done) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        TestServer.Reply last = null;
        while (System.nanoTime() < deadline) {
            last = call.get();
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new AssertionError("gave up waiting; last reply " + last);
    }
}

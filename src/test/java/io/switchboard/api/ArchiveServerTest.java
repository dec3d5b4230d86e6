package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.Role;
import io.switchboard.app.DurabilitySettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server that archives closed tickets at once ({@code retention.archiveAfter: 0s}): the
 * ticket leaves the engine, and reads answer from the history store with the same JSON and the
 * same access rules, across a restart and after snapshots dropped it from the journal.
 */
class ArchiveServerTest {
    private static final String CONFIG = TestServer.CONFIG + "retention:\n  archiveAfter: 0s\n";

    @TempDir
    Path dir;

    /** Works a ticket to closed through the API; returns {id, the close answer, the timeline at close}. */
    private static Object[] closedTicket(TestServer server, AgentClient alice, String customer) {
        String id = server.createTicket(TestServer.ticket("chat", "billing", customer)).getString("id");
        JsonObject offer = alice.await("offer");
        alice.replyTo(alice.send(new JsonObject().put("type", "accept").put("offerId", offer.getString("offerId"))));
        server.post("/v1/tickets/" + id + "/reply", new JsonObject().put("message", "Refund issued"));
        server.post("/v1/tickets/" + id + "/resolve", new JsonObject().put("reason", "fixed"));
        JsonObject closed = server.post("/v1/tickets/" + id + "/close", new JsonObject()).json();
        assertThat(closed.getString("status")).isEqualTo("closed");
        return new Object[] {id, closed, server.get("/v1/tickets/" + id + "/timeline").json()};
    }

    private static List<String> ids(JsonObject page) {
        return page.getJsonArray("tickets").stream().map(t -> ((JsonObject) t).getString("id")).toList();
    }

    /** Archived once the engine no longer holds it: an admin's change then gets the engine's 404. */
    private static void awaitArchived(TestServer server, String id) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (server.send("PATCH", "/v1/tickets/" + id, new JsonObject().put("priority", "high").encode(),
                "Content-Type", "application/json").status() != 404) {
            assertThat(System.nanoTime()).as("ticket %s archived in time", id).isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void archivedTicket_readsTimelineListAndAccess_answerAsBeforeFromTheHistoryStore() {
        Vertx vertx = Vertx.vertx();
        try {
            TestServer server = TestServer.start(vertx, CONFIG, DurabilitySettings.file(dir));
            server.putAgent("alice", "support", new JsonObject().put("billing", 4), new JsonObject().put("chat", 2));
            AgentClient alice = server.connect("alice");
            alice.await("welcome");
            alice.goAvailable();
            Object[] closed = closedTicket(server, alice, "c-1");
            String id = (String) closed[0];
            String open = server.createTicket(TestServer.ticket("chat", "question", "c-2")).getString("id");

            awaitArchived(server, id);

            assertThat(server.get("/v1/tickets/" + id).json()).isEqualTo(closed[1]);
            assertThat(server.get("/v1/tickets/" + id + "/timeline").json()).isEqualTo(closed[2]);
            JsonArray listed = server.get("/v1/tickets?limit=10").json().getJsonArray("tickets");
            assertThat(listed.stream().map(t -> ((JsonObject) t).getString("id")).toList())
                    .as("both sources, in creation order").containsExactly(id, open);
            assertThat(server.get("/v1/tickets?status=closed").json().getJsonArray("tickets").getJsonObject(0))
                    .isEqualTo(closed[1]);
            assertThat(ids(server.get("/v1/tickets?customer=c-1&channel=chat").json())).containsExactly(id);
            assertThat(ids(server.get("/v1/tickets?customer=c-2").json())).containsExactly(open);
            String createdAt = ((JsonObject) closed[1]).getString("createdAt");
            assertThat(ids(server.get("/v1/tickets?createdTo=" + createdAt).json())).as("createdTo is exclusive")
                    .isEmpty();
            assertThat(ids(server.get("/v1/tickets?createdFrom=" + createdAt + "&customer=c-1").json()))
                    .containsExactly(id);
            TestServer.Reply bad = server.get("/v1/tickets?createdFrom=yesterday&channel=fax");
            assertThat(bad.status()).isEqualTo(422);
            assertThat(bad.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("pointer")))
                    .containsExactlyInAnyOrder("/channel", "/createdFrom");
            String aliceToken = server.bearer("alice", Role.AGENT);
            assertThat(server.send("GET", "/v1/tickets/" + id, null, "Authorization", aliceToken).status())
                    .as("the assignee still reads it").isEqualTo(200);
            assertThat(server.send("GET", "/v1/tickets/" + id, null, "Authorization",
                    server.bearer("bob", Role.AGENT)).status()).as("another agent does not").isEqualTo(403);
            TestServer.Reply change = server.send("POST", "/v1/tickets/" + id + "/reply",
                    new JsonObject().put("message", "again").encode(), "Authorization", aliceToken,
                    "Content-Type", "application/json");
            assertThat(change.status()).isEqualTo(409);
            assertThat(change.json().getString("type")).endsWith("/ticket-archived");
            assertThat(server.get("/v1/tickets/tkt_999").status()).as("never existed").isEqualTo(404);
            alice.close();
        } finally {
            TestServer.await(vertx.close());
        }
    }

    @Test
    void restart_afterSnapshotsDroppedArchivedTickets_everyTicketStillReadable() throws IOException {
        DurabilitySettings durability = DurabilitySettings.file(dir).withSnapshots(10, 0);
        List<Object[]> closed = new ArrayList<>();
        List<String> open = new ArrayList<>();
        Vertx first = Vertx.vertx();
        try {
            TestServer server = TestServer.start(first, CONFIG, durability);
            server.putAgent("alice", "support", new JsonObject().put("billing", 4), new JsonObject().put("chat", 2));
            AgentClient alice = server.connect("alice");
            alice.await("welcome");
            alice.goAvailable();
            for (int i = 0; i < 6; i++) {
                closed.add(closedTicket(server, alice, "c-" + i));
            }
            for (Object[] c : closed) {
                awaitArchived(server, (String) c[0]);
            }
            for (int i = 0; i < 3; i++) {
                open.add(server.createTicket(TestServer.ticket("chat", "question", "o-" + i)).getString("id"));
            }
            alice.close();
        } finally {
            TestServer.await(first.close());
        }

        Vertx second = Vertx.vertx();
        try {
            TestServer restarted = TestServer.start(second, CONFIG, durability);
            for (Object[] c : closed) {
                assertThat(restarted.get("/v1/tickets/" + c[0]).json()).as("archived %s", c[0]).isEqualTo(c[1]);
                assertThat(restarted.get("/v1/tickets/" + c[0] + "/timeline").json()).isEqualTo(c[2]);
            }
            for (String id : open) {
                assertThat(restarted.get("/v1/tickets/" + id).json().getString("status")).isEqualTo("queued");
            }
            String fresh = restarted.createTicket(TestServer.ticket("chat", "question", "new")).getString("id");
            assertThat(fresh).as("ids are never reused").isEqualTo("tkt_10");
        } finally {
            TestServer.await(second.close());
        }
        try (Stream<Path> files = Files.list(dir.resolve("journal"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("the snapshots were merged into a base at least once").anyMatch(n -> n.startsWith("base-"));
        }
    }
}

package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.app.DurabilitySettings;
import io.switchboard.app.EngineVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator removes the {@code technical} queue (and its rule) from the YAML while a ticket
 * waits in it and restarts the server on its file journal: start-up succeeds, the ticket waits in
 * the default queue with a timeline entry saying why, the log names the case, and it is routed.
 */
class ConfigChangeServerTest {
    @TempDir
    Path dir;

    private static String withoutTechnicalQueue() {
        String yaml = TestServer.CONFIG
                .replace("  - name: technical\n    requiredSkills: {technical: 3}\n    strategy: most_skilled\n", "")
                .replace("  - match: {types: [technical]}\n    queue: technical\n", "");
        assertThat(yaml).doesNotContain("queue: technical").doesNotContain("name: technical");
        return yaml;
    }

    @Test
    void restart_queueRemovedWhileTicketWaits_ticketInDefaultQueueWithReasonAndRouted() {
        DurabilitySettings durability = DurabilitySettings.file(dir);
        String id;
        Vertx first = Vertx.vertx();
        try {
            TestServer server = TestServer.start(first, TestServer.CONFIG, durability);
            JsonObject created = server.createTicket(TestServer.ticket("chat", "technical", "c-1"));
            id = created.getString("id");
            assertThat(created.getString("queue")).isEqualTo("technical");
        } finally {
            TestServer.await(first.close());
        }

        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(EngineVerticle.class.getName());
        log.addHandler(capture);
        Vertx second = Vertx.vertx();
        try {
            TestServer restarted = TestServer.start(second, withoutTechnicalQueue(), durability);

            JsonObject ticket = restarted.get("/v1/tickets/" + id).json();
            assertThat(ticket.getString("queue")).isEqualTo("general");
            assertThat(ticket.getString("status")).isEqualTo("queued");
            JsonArray timeline = restarted.get("/v1/tickets/" + id + "/timeline").json().getJsonArray("timeline");
            JsonObject last = timeline.getJsonObject(timeline.size() - 1);
            assertThat(last.getString("type")).isEqualTo("ticket_queued");
            assertThat(last.getString("reason")).isEqualTo("queue_removed");
            assertThat(last.getString("actor")).isEqualTo("router");
            assertThat(last.getJsonObject("details").getString("queue")).isEqualTo("general");
            assertThat(warnings).filteredOn(m -> m.contains("queue 'technical'")).singleElement().asString()
                    .contains(id, "general");

            restarted.putAgent("alice", "support", new JsonObject().put("general", 3), new JsonObject().put("chat", 2));
            AgentClient alice = restarted.connect("alice");
            alice.await("welcome");
            alice.goAvailable();
            assertThat(alice.await("offer").getJsonObject("ticket").getString("id")).isEqualTo(id);
            alice.close();
        } finally {
            log.removeHandler(capture);
            TestServer.await(second.close());
        }
    }
}

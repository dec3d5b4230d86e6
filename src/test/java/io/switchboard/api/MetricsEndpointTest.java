package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.metrics.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scrapes {@code /metrics} of a real server (with Vert.x metrics on) around a scripted flow and
 * checks that each meter moved by what the flow did.
 */
class MetricsEndpointTest {
    static final String CONFIG = TestServer.CONFIG + String.join("\n",
            "sla:",
            "  policies:",
            "    - name: vip",
            "      match: {tiers: [vip]}",
            "      targets: {firstResponse: 1s}",
            "    - name: standard",
            "      match: {}",
            "      targets: {firstResponse: 45s}",
            "");

    private Vertx vertx;
    private TestServer server;

    @BeforeEach
    void start() {
        Metrics metrics = Metrics.create(true);
        vertx = metrics.newVertx(new VertxOptions());
        server = TestServer.start(vertx, CONFIG, metrics);
    }

    @AfterEach
    void stop() {
        TestServer.await(vertx.close());
    }

    @Test
    void metrics_afterScriptedFlow_countersGaugesAndHistogramsMove() {
        server.putAgent("alice", "support", new JsonObject().put("billing", 4), new JsonObject().put("chat", 2));
        server.putAgent("bob", "support", new JsonObject().put("billing", 4), new JsonObject().put("chat", 2));
        AgentClient alice = server.connect("alice");
        alice.await("welcome");
        alice.goAvailable();
        PrometheusText before = scrape();

        String id = server.createTicket(TestServer.ticket("chat", "billing", "c1")).getString("id");
        PrometheusText afterCreate = scrape();
        assertThat(delta(before, afterCreate, "switchboard_tickets_received_total",
                "channel", "chat", "tier", "standard", "outcome", "created")).isEqualTo(1);

        JsonObject offer = alice.await("offer");
        // bob is free before alice rejects: otherwise her exclusion would yield and she would get it back
        AgentClient bob = server.connect("bob");
        bob.await("welcome");
        bob.goAvailable();
        alice.send(new JsonObject().put("type", "reject").put("offerId", offer.getString("offerId")));
        JsonObject second = bob.await("offer");
        bob.send(new JsonObject().put("type", "accept").put("offerId", second.getString("offerId")));
        bob.await("assigned");
        server.post("/v1/tickets/" + id + "/reply", new JsonObject().put("message", "on it"));

        JsonObject body = TestServer.ticket("email", "billing", "c2");
        server.post("/v1/tickets", body, "Idempotency-Key", "k-1");
        server.post("/v1/tickets", body, "Idempotency-Key", "k-1");
        JsonObject vip = TestServer.ticket("web", "technical", "c3");
        vip.getJsonObject("customer").put("tier", "vip");
        server.createTicket(vip);

        PrometheusText after = awaitScrape(p -> p.sumOrZero("switchboard_sla_breaches_total", "queue", "technical",
                "metric", "first_response") >= 1 && p.sumOrZero("switchboard_queue_depth", "queue", "technical") == 1);

        assertThat(delta(before, after, "switchboard_offers_total", "outcome", "rejected")).isEqualTo(1);
        assertThat(delta(before, after, "switchboard_offers_total", "outcome", "accepted")).isEqualTo(1);
        assertThat(delta(before, after, "switchboard_ticket_wait_seconds_count", "queue", "billing", "channel", "chat"))
                .isEqualTo(1);
        // The bucket at the standard policy's first-response target (45 s) exists and holds the ticket.
        assertThat(delta(before, after, "switchboard_ticket_wait_seconds_bucket", "queue", "billing", "channel", "chat",
                "le", "45.0")).isEqualTo(1);
        assertThat(delta(before, after, "switchboard_tickets_received_total", "channel", "email", "outcome", "created"))
                .isEqualTo(1);
        assertThat(delta(before, after, "switchboard_tickets_received_total", "channel", "email", "outcome",
                "duplicate")).isEqualTo(1);
        assertThat(delta(before, after, "switchboard_sla_first_responses_total", "policy", "standard", "result", "met"))
                .isEqualTo(1);
        assertThat(delta(before, after, "switchboard_sla_first_responses_total", "policy", "vip", "result", "missed"))
                .isEqualTo(1);
        assertThat(delta(before, after, "switchboard_dispatch_decision_seconds_count", "command", "create_ticket"))
                .isEqualTo(4);
        assertThat(after.sum("switchboard_queue_agents_available", "queue", "technical")).isZero();
        assertThat(after.sum("switchboard_agents", "presence", "available")).isEqualTo(2);
        assertThat(after.sum("switchboard_agents_connected")).isEqualTo(2);
        assertThat(after.sum("switchboard_agent_utilisation_ratio")).isGreaterThan(0);
        assertThat(after.sum("switchboard_tickets_unresolved")).isEqualTo(3);
        assertThat(after.sum("switchboard_event_loop_lag_seconds_count")).isPositive();
        assertThat(after.sum("jvm_memory_used_bytes")).isPositive();

        // HTTP metrics carry the route template, never the raw path.
        assertThat(delta(before, after, "switchboard_http_server_requests_seconds_count", "route",
                "/v1/tickets/:id/reply", "method", "POST", "status", "2xx")).isEqualTo(1);
        assertThat(delta(before, after, "switchboard_http_server_requests_seconds_count", "route", "/v1/tickets",
                "method", "POST", "status", "2xx")).isEqualTo(4);
        assertThat(after.samples).noneMatch(s -> s.labels().containsKey("path"));
        assertThat(after.samples).noneMatch(s -> s.labels().values().stream().anyMatch(v -> v.contains(id)));
        assertThat(after.sum("switchboard_websocket_connections")).isEqualTo(2);
        assertThat(after.sum("vertx_pool_completed_total", "pool_type", "worker"))
                .as("pool metrics stay on: the journal's blocking writes ran on the worker pool").isPositive();
        alice.close();
        bob.close();
        assertThat(awaitScrape(p -> p.sum("switchboard_websocket_connections") == 0)
                .series("switchboard_http_server_requests_seconds_count", "route", "/v1/agents/:id/ws"))
                .as("WebSocket upgrades are not timed as HTTP requests").isEmpty();
    }

    @Test
    void metrics_resolveReopenResolveClose_backlogAndCountersExact() {
        server.putAgent("alice", "support", new JsonObject().put("billing", 4), new JsonObject().put("chat", 2));
        AgentClient alice = server.connect("alice");
        alice.await("welcome");
        alice.goAvailable();
        PrometheusText before = scrape();
        String id = server.createTicket(TestServer.ticket("chat", "billing", "c1")).getString("id");
        take(alice);
        assertThat(server.post("/v1/tickets/" + id + "/reply", new JsonObject().put("message", "on it")).status())
                .isEqualTo(200);
        action(id, "resolve");
        PrometheusText resolvedOnce = scrape();
        assertThat(resolvedOnce.sum("switchboard_tickets_unresolved")).isZero();
        assertThat(delta(before, resolvedOnce, "switchboard_tickets_resolved_total")).isEqualTo(1);

        action(id, "reopen"); // offered to alice again: she had it before
        assertThat(scrape().sum("switchboard_tickets_unresolved")).isEqualTo(1);
        take(alice);
        assertThat(server.post("/v1/tickets/" + id + "/reply", new JsonObject().put("message", "again")).status())
                .isEqualTo(200);
        action(id, "resolve");
        action(id, "close");

        PrometheusText after = scrape();
        assertThat(after.sum("switchboard_tickets_unresolved")).as("not decremented again at the close").isZero();
        assertThat(delta(before, after, "switchboard_tickets_resolved_total")).isEqualTo(2);
        assertThat(delta(before, after, "switchboard_sla_first_responses_total", "policy", "standard", "result", "met"))
                .as("once per ticket").isEqualTo(1);
        assertThat(delta(before, after, "switchboard_ticket_wait_seconds_count", "queue", "billing", "channel", "chat"))
                .as("at the first assignment only").isEqualTo(1);
        alice.close();
    }

    private static void take(AgentClient agent) {
        JsonObject offer = agent.await("offer");
        agent.send(new JsonObject().put("type", "accept").put("offerId", offer.getString("offerId")));
        agent.await("assigned");
    }

    private void action(String id, String action) {
        TestServer.Reply reply = server.post("/v1/tickets/" + id + "/" + action, new JsonObject().put("reason", "test"));
        assertThat(reply.status()).as(action + ": " + reply).isEqualTo(200);
    }

    @Test
    void metrics_unknownPath_routeLabelIsEmptyNotThePath() {
        server.get("/no/such/tkt_123");
        PrometheusText after = scrape();
        assertThat(after.sum("switchboard_http_server_requests_seconds_count", "route", "", "status", "4xx"))
                .isEqualTo(1);
        assertThat(after.samples).noneMatch(s -> s.labels().values().stream().anyMatch(v -> v.contains("tkt_123")));
    }

    @Test
    void metrics_responseHeaders_arePrometheusText() {
        TestServer.Reply reply = server.get("/metrics");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("text/plain");
        assertThat(PrometheusText.parse(reply.body()).types).containsEntry("switchboard_queue_depth", "gauge");
    }

    private PrometheusText scrape() {
        TestServer.Reply reply = server.get("/metrics");
        assertThat(reply.status()).isEqualTo(200);
        return PrometheusText.parse(reply.body());
    }

    /** Scrapes until {@code done} holds (gauges are sampled once a second), at most 5 s. */
    private PrometheusText awaitScrape(Predicate<PrometheusText> done) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        PrometheusText last = scrape();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("metrics did not reach the expected state in 5 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = scrape();
        }
        return last;
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.sum(name, labels) - before.sumOrZero(name, labels); // a counter appears at its first count
    }
}

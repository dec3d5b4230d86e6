package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.Role;
import io.switchboard.metrics.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The meters operators asked for, scraped from a real server's {@code /metrics}: refusals by status
 * and reason, the build, and snake_case command labels.
 */
class OperatorMetricsTest {
    private static final String CONFIG = TestServer.CONFIG + String.join("\n",
            "agents:",
            "  - {id: alice, team: support, tier: L2, skills: {general: 3}, languages: [en], capacity: {chat: 1}}",
            "  - {id: bob, team: support, tier: L2, skills: {general: 3}, languages: [en], capacity: {chat: 1}}",
            "security:",
            "  rateLimit: {perSecond: 1, burst: 1}",
            "  jwt: {leeway: 0s}",
            "");

    private static Vertx vertx;
    private static TestServer server;

    @BeforeAll
    static void start() {
        Metrics metrics = Metrics.create(true);
        vertx = metrics.newVertx(new VertxOptions());
        server = TestServer.start(vertx, CONFIG, metrics);
    }

    @AfterAll
    static void stop() {
        TestServer.await(vertx.close());
    }

    @Test
    void rejections_everyStatusAndReason_existAtZeroBeforeAnyRefusal() {
        PrometheusText scrape = scrape();

        Metrics.REJECTION_REASONS.forEach((status, reasons) -> {
            for (String reason : reasons) {
                assertThat(scrape.series("switchboard_http_rejections_total", "status", status.toString(),
                        "reason", reason)).as("%s %s", status, reason).hasSize(1);
            }
        });
    }

    @Test
    void rejections_eachKindOfRefusal_countedUnderItsStatusAndReason() {
        PrometheusText before = scrape();

        assertThat(server.send("GET", "/v1/queues", null, TestServer.NO_AUTH, "").status()).isEqualTo(401);
        assertThat(server.send("GET", "/v1/queues", null, "X-Api-Key", "sbk_not-a-configured-key").status())
                .isEqualTo(401);
        assertThat(server.send("GET", "/v1/queues", null, "Authorization", "Bearer " + expiredToken("alice"))
                .status()).isEqualTo(401);
        assertThat(server.send("GET", "/v1/queues", null, "Authorization", "Bearer aaa.bbb.ccc").status())
                .isEqualTo(401);
        assertThat(handshake("/v1/agents/alice/ws?ticket=wst_never-issued", "")).startsWith("HTTP/1.1 401");
        assertThat(server.send("PUT", "/v1/agents/bob", "{}", "Authorization", server.bearer("alice", Role.AGENT))
                .status()).isEqualTo(403);
        assertThat(handshake("/v1/agents/bob/ws", "Authorization: " + server.bearer("alice", Role.AGENT) + "\r\n"))
                .startsWith("HTTP/1.1 403");
        assertThat(handshake("/v1/agents/alice/ws", "Origin: https://evil.example.com\r\n"))
                .startsWith("HTTP/1.1 403");
        String flood = server.bearer("flood", Role.AGENT);
        int limited = 0;
        for (int i = 0; i < 3; i++) {
            limited += server.send("GET", "/v1/queues", null, "Authorization", flood).status() == 429 ? 1 : 0;
        }
        assertThat(limited).as("burst 1, 1/s: at least one of three back-to-back calls is refused").isPositive();

        PrometheusText after = scrape();
        Map<List<String>, Integer> expected = Map.of(
                List.of("401", "missing_credentials"), 1,
                List.of("401", "invalid_api_key"), 1,
                List.of("401", "expired_token"), 1,
                List.of("401", "invalid_token"), 1,
                List.of("401", "invalid_ticket"), 1,
                List.of("403", "forbidden_role"), 1,
                List.of("403", "out_of_scope"), 1,
                List.of("403", "forbidden_origin"), 1,
                List.of("429", "rate_limited"), limited);
        expected.forEach((key, count) -> assertThat(rejections(after, key) - rejections(before, key))
                .as("%s", key).isEqualTo((double) count));
        for (String status : List.of("401", "403", "429")) {
            assertThat(rejections(after, List.of(status, "other")) - rejections(before, List.of(status, "other")))
                    .as("no refusal left unnamed (%s)", status).isZero();
        }
    }

    @Test
    void buildInfo_scraped_oneSeriesOfValueOneNamingVersionCommitAndJava() {
        List<PrometheusText.Sample> info = scrape().series("switchboard_build_info");

        assertThat(info).hasSize(1);
        assertThat(info.get(0).value()).isEqualTo(1.0);
        assertThat(info.get(0).labels()).containsEntry("java", System.getProperty("java.version"))
                .containsEntry("commit", "unknown").containsKey("version");
        assertThat(info.get(0).labels().get("version")).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void dispatchDecision_commandsRun_labelValuesInSnakeCase() {
        AgentClient bob = server.connect("bob");
        bob.await("welcome");
        bob.goAvailable();
        server.createTicket(TestServer.ticket("chat", "general", "c-metrics"));
        bob.await("offer");

        PrometheusText scrape = scrape();

        assertThat(scrape.series("switchboard_dispatch_decision_seconds_count", "command", "create_ticket")).hasSize(1);
        assertThat(scrape.series("switchboard_dispatch_decision_seconds_count", "command", "set_presence")).hasSize(1);
        assertThat(scrape.series("switchboard_dispatch_decision_seconds_count"))
                .extracting(s -> s.labels().get("command")).allMatch(c -> c.matches("[a-z]+(_[a-z]+)*"));
        bob.close();
    }

    private static double rejections(PrometheusText scrape, List<String> statusAndReason) {
        return scrape.sumOrZero("switchboard_http_rejections_total", "status", statusAndReason.get(0), "reason",
                statusAndReason.get(1));
    }

    private static PrometheusText scrape() {
        TestServer.Reply reply = server.get("/metrics");
        assertThat(reply.status()).isEqualTo(200);
        return PrometheusText.parse(reply.body());
    }

    private static String expiredToken(String subject) {
        JWTAuth signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
                .setAlgorithm("HS256").setBuffer(TestServer.JWT_SECRET)));
        long now = System.currentTimeMillis() / 1000;
        return signer.generateToken(new JsonObject().put("sub", subject).put("role", "agent").put("iss", "switchboard")
                .put("aud", "switchboard").put("exp", now - 600), new JWTOptions().setAlgorithm("HS256")
                .setNoTimestamp(true));
    }

    private static String handshake(String path, String headers) {
        try (Socket raw = new Socket("localhost", server.port())) {
            raw.setSoTimeout(5000);
            raw.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost:" + server.port()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n" + headers + "\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] buffer = new byte[8192];
            int n = raw.getInputStream().read(buffer);
            return new String(buffer, 0, Math.max(0, n), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}

package io.switchboard.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.JarServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At least once across {@code kill -9}: the packaged jar delivers to a real receiver while tickets
 * pour in; half-way the receiver fails (503), then the server is killed with SIGKILL and started
 * again on the same data dir with the receiver healthy. Every acknowledged ticket's
 * {@code ticket.created} must arrive, signed, and a message seen twice must be the same message
 * (same {@code webhook-id}, same body). The delivery log read before the kill (a read flushes
 * it) is still listed after the restart.
 */
class WebhookCrashProcessIT {
    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private String adminKey;

    @Test
    void kill9_whileDeliveringAndRetrying_restart_everyAcknowledgedTicketDeliveredWithStableIds() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("SWITCHBOARD_DATA_DIR", dir.resolve("data").toString());
        crashAndRestart(env, env, "file journal");
    }

    /**
     * The same on the Redis journal, restarted as another node would take over: on an empty data
     * directory, so the subscription's cursor can only come from Redis (the hash beside the stream).
     */
    @Test
    void kill9_onTheRedisJournal_restartOnAnotherDataDir_everyAcknowledgedTicketDeliveredFromTheRedisCursor()
            throws Exception {
        try (io.switchboard.store.RedisProcess redis = io.switchboard.store.RedisProcess.start(dir.resolve("redis"))) {
            Map<String, String> first = new HashMap<>();
            first.put("SWITCHBOARD_REDIS_URL", redis.url());
            first.put("SWITCHBOARD_DATA_DIR", dir.resolve("node-a").toString());
            Map<String, String> second = new HashMap<>(first);
            second.put("SWITCHBOARD_DATA_DIR", dir.resolve("node-b").toString());
            crashAndRestart(first, second, "Redis journal");
            assertThat(redis.command("HEXISTS switchboard:cursors webhooks/crm.cursor.json")).isEqualTo(":1");
            assertThat(dir.resolve("node-a/webhooks/crm.cursor.json")).as("not on the node's disk").doesNotExist();
        }
    }

    private void crashAndRestart(Map<String, String> firstEnv, Map<String, String> secondEnv, String label)
            throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Path config = dir.resolve("hooks.yaml");
            try (var demo = WebhookCrashProcessIT.class.getResourceAsStream("/switchboard-demo.yaml")) {
                Files.writeString(config, new String(demo.readAllBytes(), StandardCharsets.UTF_8)
                        + "\nsecurity:\n  rateLimit: {perSecond: 1000000, burst: 1000000}\n"
                        + "webhooks:\n  allowPrivateNetworks: true\n  initialBackoff: 50ms\n  maxBackoff: 200ms\n"
                        + "  subscriptions:\n    - {id: crm, url: '" + receiver.url() + "', secret: "
                        + WebhookServerTest.SECRET + ", types: [ticket.created]}\n");
            }
            Map<String, String> env = new HashMap<>(firstEnv);
            env.put("SWITCHBOARD_HTTP_PORT", "0");
            env.put("SWITCHBOARD_SNAPSHOT_EVENTS", "100"); // snapshots while the endpoint fails
            env.put("SWITCHBOARD_CONFIG", config.toString());
            Map<String, String> restartEnv = new HashMap<>(env);
            restartEnv.putAll(secondEnv);

            JarServer server = start(env, "first");
            String base = server.baseUrl();
            for (int i = 0; i < 150; i++) {
                create(base, "a" + i);
            }
            long t0 = System.nanoTime();
            receiver.await(r -> r.size() >= 50, 20, "deliveries before the failure");
            long t1 = System.nanoTime();
            receiver.answer.set(503);
            for (int i = 0; i < 150; i++) {
                create(base, "b" + i);
            }
            receiver.await(r -> r.stream().filter(x -> x.answered() == 503).count() >= 20, 20, "failed attempts");
            long t2 = System.nanoTime();
            // Reading the log flushes it to disk first: everything listed here must outlive the SIGKILL.
            io.vertx.core.json.JsonArray logged = get(base, "/v1/webhooks/crm/deliveries?limit=1000")
                    .getJsonArray("deliveries");
            assertThat(logged.stream().map(o -> ((JsonObject) o).getString("outcome"))).contains("delivered", "retrying");
            server.kill9(); // SIGKILL while messages are pending and being retried
            receiver.answer.set(200);

            JarServer again = start(restartEnv, "second");
            try {
                String againBase = again.baseUrl();
                io.vertx.core.json.JsonArray kept = get(againBase, "/v1/webhooks/crm/deliveries?limit=1000")
                        .getJsonArray("deliveries");
                long oldest = logged.getJsonObject(logged.size() - 1).getLong("seq");
                List<Object> keptOfThose = kept.stream().filter(o -> ((JsonObject) o).getLong("seq") >= oldest
                        && ((JsonObject) o).getLong("seq") <= logged.getJsonObject(0).getLong("seq")).toList();
                // The delivery log is per node (docs/webhooks.md): only a restart on the same data dir keeps it.
                if (restartEnv.get("SWITCHBOARD_DATA_DIR").equals(env.get("SWITCHBOARD_DATA_DIR"))) {
                    assertThat(keptOfThose).as("the delivery log read before kill -9 is there after the restart")
                            .isEqualTo(logged.stream().toList());
                }
                long t3 = System.nanoTime();
                receiver.await(r -> delivered(r).containsAll(acknowledged), 60, "every acknowledged ticket.created");
                Map<String, String> bodies = new HashMap<>();
                int duplicates = 0;
                for (WebhookReceiver.Received r : receiver.all()) {
                    assertThat(WebhookReceiver.signedWith(WebhookServerTest.SECRET, r)).as(r.id()).isTrue();
                    String earlier = bodies.putIfAbsent(r.id(), r.body());
                    if (earlier != null) {
                        duplicates++;
                        assertThat(r.body()).as("a message seen again is the same message: " + r.id()).isEqualTo(earlier);
                    }
                }
                System.out.printf("WebhookCrashProcessIT (%s): %d tickets acknowledged, all delivered after kill -9; %d"
                        + " requests, %d repeats of an earlier id (retries and redeliveries)%n", label, acknowledged.size(),
                        receiver.all().size(), duplicates);
                System.out.printf("WebhookCrashProcessIT ms: first deliveries %d, failing phase %d, restart %d, catch-up %d%n", (t1 - t0) / 1000000, (t2 - t1) / 1000000,
                        (t3 - t2) / 1000000, (System.nanoTime() - t3) / 1000000);
            } finally {
                again.kill9();
            }
        }
    }

    private static Set<String> delivered(List<WebhookReceiver.Received> all) {
        Set<String> tickets = new java.util.HashSet<>();
        all.stream().filter(r -> r.answered() == 200).forEach(r -> tickets.add(r.data().getString("ticketId")));
        return tickets;
    }

    private void create(String base, String key) throws Exception {
        String body = "{\"channel\":\"chat\",\"type\":\"question\",\"subject\":\"hooks " + key
                + "\",\"customer\":{\"id\":\"c-" + key + "\",\"tier\":\"standard\"}}";
        HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/tickets"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + adminKey).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(201);
        acknowledged.add(new JsonObject(reply.body()).getString("id"));
    }

    private JsonObject get(String base, String path) throws Exception {
        HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + adminKey).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return new JsonObject(reply.body());
    }

    /** Starts the jar; the admin key printed on the first start is kept for later requests. */
    private JarServer start(Map<String, String> env, String name) throws Exception {
        JarServer server = JarServer.start(dir, name, env, List.of("-Xmx512m"));
        if (server.adminKey() != null) {
            adminKey = server.adminKey();
        }
        return server;
    }
}

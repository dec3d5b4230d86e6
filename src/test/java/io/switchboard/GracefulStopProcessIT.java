package io.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A single node's graceful stop (docs/operations.md, "Stopping a single node"): the packaged jar
 * gets SIGTERM mid-load (four integrations creating tickets, agents connected over real
 * WebSockets). It exits with status 0 within {@code shutdown.gracePeriod}; every agent socket is
 * closed with 1001 (going away, reconnect); a request the stopping server still answered with
 * 503 is a {@code shutting-down} problem; and after a restart on the same data dir every ticket it
 * acknowledged is there.
 */
class GracefulStopProcessIT {
    private static final Duration GRACE = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Set<String> refusals = ConcurrentHashMap.newKeySet();
    private String adminKey;

    @Test
    void sigtermMidLoad_exitsZeroWithinTheGracePeriod_socketsGet1001_andEveryAcknowledgedTicketSurvives()
            throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("SWITCHBOARD_HTTP_PORT", "0");
        env.put("SWITCHBOARD_DATA_DIR", dir.resolve("data").toString());
        Path config = dir.resolve("graceful.yaml");
        try (var demo = GracefulStopProcessIT.class.getResourceAsStream("/switchboard-demo.yaml")) {
            Files.writeString(config, new String(demo.readAllBytes(), StandardCharsets.UTF_8)
                    + "\nsecurity:\n  rateLimit: {perSecond: 1000000, burst: 1000000}\n"
                    + "shutdown:\n  gracePeriod: " + GRACE.toSeconds() + "s\n");
        }
        env.put("SWITCHBOARD_CONFIG", config.toString());
        JarServer server = JarServer.start(dir, "first", env);
        adminKey = server.adminKey();
        String base = server.baseUrl();
        List<Agent> agents = new ArrayList<>();
        for (String agent : List.of("alice", "bob")) {
            agents.add(new Agent(base, agent, JarServer.mintToken(env, agent, "agent")));
        }
        for (Agent agent : agents) {
            assertThat(agent.welcomed.get(10, TimeUnit.SECONDS)).as("agent welcomed").isTrue();
        }
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        ExecutorService intake = Executors.newFixedThreadPool(4);
        for (int worker = 0; worker < 4; worker++) {
            int w = worker;
            intake.submit(() -> {
                for (int i = 0; loading.get(); i++) {
                    createTicket(base, "w" + w + "-" + i);
                    sent.incrementAndGet();
                }
                return null;
            });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (acknowledged.size() < 200 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        long signalled = System.nanoTime();
        server.terminate(); // SIGTERM mid-load
        boolean exited = server.awaitExit(GRACE.plusSeconds(5));
        long stopMillis = (System.nanoTime() - signalled) / 1_000_000;
        loading.set(false);
        intake.shutdown();
        intake.awaitTermination(20, TimeUnit.SECONDS);
        if (!exited) {
            server.kill9();
        }
        assertThat(exited).as("the process ended after SIGTERM").isTrue();
        assertThat(server.exitValue()).as("exit status after a graceful stop").isZero();
        assertThat(stopMillis).as("stopped within shutdown.gracePeriod").isLessThan(GRACE.toMillis());
        for (Agent agent : agents) {
            assertThat(agent.closeCode.get(10, TimeUnit.SECONDS)).as("%s's socket close code", agent.id)
                    .isEqualTo(1001);
        }
        assertThat(refusals).as("what the stopping server refused, it refused as shutting-down")
                .allMatch(type -> type.endsWith("/shutting-down"));
        assertThat(acknowledged).as("tickets acknowledged before the stop").hasSizeGreaterThanOrEqualTo(200);

        JarServer again = JarServer.start(dir, "second", env);
        try {
            for (String id : acknowledged) {
                HttpResponse<String> got = http.send(HttpRequest.newBuilder(URI.create(again.baseUrl() + "/v1/tickets/"
                        + id)).timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + adminKey).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(got.statusCode()).as("acknowledged ticket %s after the restart: %s", id, got.body())
                        .isEqualTo(200);
            }
        } finally {
            again.stop();
        }
        System.out.printf("GracefulStopProcessIT: %d of %d tickets acknowledged before SIGTERM, all present after the"
                + " restart; %d refused as shutting-down; the process exited 0 %d ms after the signal%n",
                acknowledged.size(), sent.get(), refusals.size(), stopMillis);
    }

    private void createTicket(String base, String key) {
        String body = "{\"channel\":\"chat\",\"type\":\"question\",\"subject\":\"graceful " + key
                + "\",\"customer\":{\"id\":\"c-" + key + "\",\"tier\":\"standard\"}}";
        try {
            HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/tickets"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + adminKey).header("Idempotency-Key", "graceful-" + key)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (reply.statusCode() == 201) {
                acknowledged.add(new JsonObject(reply.body()).getString("id"));
            } else if (reply.statusCode() == 503) {
                refusals.add(new JsonObject(reply.body()).getString("type"));
            }
        } catch (Exception e) {
            // the listener closed under this request: it was never acknowledged
        }
    }

    /** An agent desktop that goes available and records how its socket was closed. */
    private final class Agent implements WebSocket.Listener {
        private final String id;
        private final CompletableFuture<Boolean> welcomed = new CompletableFuture<>();
        private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        Agent(String base, String id, String token) throws Exception {
            this.id = id;
            WebSocket socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create(base.replace("http", "ws") + "/v1/agents/" + id + "/ws"), this)
                    .get(10, TimeUnit.SECONDS);
            socket.sendText(new JsonObject().put("type", "presence").put("status", "available").put("id", "hello")
                    .encode(), true).join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                if (new JsonObject(partial.toString()).getString("type").equals("welcome")) {
                    welcomed.complete(true);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(-1); // closed without a close frame
        }
    }
}

package io.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.store.RedisProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability promise, end to end: the packaged jar runs as a child process on each backend;
 * integrations create tickets and agents accept and resolve them over real WebSockets while the
 * test records everything the server acknowledged; the server is killed with SIGKILL mid-load and
 * started again on the same journal. Every acknowledged ticket must be there with the status,
 * assignee and timeline it was acknowledged with, and no ticket may be assigned twice.
 */
class CrashProcessIT {
    private static final Pattern LISTENING = Pattern.compile("Switchboard listening on http://([^:]+):(\\d+)");
    private static final Path JAR = Path.of("target/switchboard.jar");
    private static final String[] TYPES = {"refund", "question", "bug", "invoice"};

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** ticket id → what the last acknowledged command said about it. */
    private final Map<String, String> ackedStatus = new ConcurrentHashMap<>();
    private final Map<String, String> ackedAssignee = new ConcurrentHashMap<>();
    private static final Pattern ADMIN_KEY = Pattern.compile("  admin key: (sbk_[A-Za-z0-9_-]+)");
    private String adminKey;
    /** Tickets a resolve was sent for: the server may have journaled it and died before answering. */
    private final java.util.Set<String> resolveSent = ConcurrentHashMap.newKeySet();
    /** Likewise for closes (a closed ticket is archived at once, so it is read back from the history store). */
    private final java.util.Set<String> closeSent = ConcurrentHashMap.newKeySet();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"file", "redis"})
    void kill9MidLoad_restart_everyAcknowledgedTicketSurvivesAndNoneIsAssignedTwice(String backend) throws Exception {
        RedisProcess redis = backend.equals("redis") ? RedisProcess.start(dir.resolve("redis")) : null;
        Map<String, String> env = new HashMap<>();
        env.put("SWITCHBOARD_HTTP_PORT", "0");
        env.put("SWITCHBOARD_DATA_DIR", dir.resolve("data").toString());
        env.put("SWITCHBOARD_SNAPSHOT_EVENTS", "400"); // snapshots happen during the load too
        env.put("SWITCHBOARD_ARCHIVE_AFTER", "0s"); // closed tickets leave the engine at once: archiving mid-load
        // the demo configuration with a rate limit that is not the bottleneck of this one caller
        Path config = dir.resolve("crash.yaml");
        try (var demo = CrashProcessIT.class.getResourceAsStream("/switchboard-demo.yaml")) {
            Files.writeString(config, new String(demo.readAllBytes(), StandardCharsets.UTF_8)
                    + "\nsecurity:\n  rateLimit: {perSecond: 1000000, burst: 1000000}\n");
        }
        env.put("SWITCHBOARD_CONFIG", config.toString());
        if (redis != null) {
            env.put("SWITCHBOARD_REDIS_URL", redis.url());
        }
        try {
            Process server = start(env, "first");
            String base = baseUrl(server);
            List<Agent> agents = new ArrayList<>();
            for (String agent : List.of("alice", "bob", "chen")) {
                agents.add(new Agent(base, agent, mintToken(env, agent)));
            }
            AtomicBoolean loading = new AtomicBoolean(true);
            AtomicInteger created = new AtomicInteger();
            ExecutorService intake = Executors.newFixedThreadPool(4);
            for (int worker = 0; worker < 4; worker++) {
                int w = worker;
                intake.submit(() -> {
                    for (int i = 0; loading.get(); i++) {
                        createTicket(base, "w" + w + "-" + i);
                        created.incrementAndGet();
                    }
                    return null;
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((created.get() < 300 || assignedCount() < 10 || closedCount() < 3) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            server.destroyForcibly(); // SIGKILL, mid-load
            server.waitFor(10, TimeUnit.SECONDS);
            loading.set(false);
            intake.shutdown();
            intake.awaitTermination(20, TimeUnit.SECONDS);
            agents.forEach(Agent::close);
            assertThat(ackedStatus).as("tickets acknowledged before the crash").hasSizeGreaterThan(100);
            assertThat(assignedCount()).as("assignments acknowledged before the crash").isGreaterThanOrEqualTo(10);
            assertThat(ackedStatus.values()).as("closes acknowledged (so archived) before the crash").contains("closed");

            long restartStarted = System.nanoTime();
            Process again = start(env, "second");
            String restarted = baseUrl(again);
            long restartMillis = (System.nanoTime() - restartStarted) / 1_000_000;
            try {
                for (var entry : ackedStatus.entrySet()) {
                    String id = entry.getKey();
                    HttpResponse<String> got = get(restarted + "/v1/tickets/" + id);
                    assertThat(got.statusCode()).as("acknowledged ticket %s after the crash: %s", id, got.body()).isEqualTo(200);
                    JsonObject ticket = new JsonObject(got.body());
                    String status = entry.getValue();
                    if (status.equals("offered")) {
                        assertThat(ticket.getString("status")).as("%s: an open offer is re-queued", id)
                                .isIn("queued", "assigned", "resolved");
                    } else if (status.equals("queued")) {
                        assertThat(ticket.getString("status")).as(id).isIn("queued", "assigned", "resolved");
                    } else if (status.equals("assigned") && resolveSent.contains(id)) {
                        assertThat(ticket.getString("status")).as(id).isIn("assigned", "resolved", "closed");
                        assertThat(ticket.getString("assignee")).as(id).isEqualTo(ackedAssignee.get(id));
                    } else if (status.equals("resolved") && closeSent.contains(id)) {
                        assertThat(ticket.getString("status")).as(id).isIn("resolved", "closed");
                        assertThat(ticket.getString("assignee")).as(id).isEqualTo(ackedAssignee.get(id));
                    } else {
                        assertThat(ticket.getString("status")).as(id).isEqualTo(status);
                        assertThat(ticket.getString("assignee")).as(id).isEqualTo(ackedAssignee.get(id));
                    }
                    assertTimeline(restarted, id);
                }
                System.out.printf("CrashProcessIT %s: %d tickets, %d assignments and %d closes (archived) acknowledged"
                        + " before kill -9, all recovered; restart to serving took %d ms%n", backend, ackedStatus.size(),
                        assignedCount(), ackedStatus.values().stream().filter("closed"::equals).count(), restartMillis);
            } finally {
                again.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } finally {
            if (redis != null) {
                redis.stop();
            }
        }
    }

    /** Created first; what was acknowledged is on the timeline; assignments never overlap. */
    private void assertTimeline(String base, String id) throws Exception {
        JsonArray timeline = new JsonObject(get(base + "/v1/tickets/" + id + "/timeline").body()).getJsonArray("timeline");
        assertThat(timeline.getJsonObject(0).getString("type")).isEqualTo("ticket_created");
        String owner = null;
        boolean sawAckedAssignment = false;
        for (int i = 0; i < timeline.size(); i++) {
            JsonObject entry = timeline.getJsonObject(i);
            String type = entry.getString("type");
            String agent = entry.getJsonObject("details").getString("agentId");
            if (type.equals("ticket_assigned")) {
                assertThat(owner).as("%s assigned to %s while still %s's", id, agent, owner).isNull();
                owner = agent;
                sawAckedAssignment |= agent.equals(ackedAssignee.get(id));
            } else if (type.equals("ticket_released")) {
                owner = null;
            }
        }
        if (ackedAssignee.containsKey(id)) {
            assertThat(sawAckedAssignment).as("%s: the acknowledged assignment is on the timeline", id).isTrue();
        }
    }

    private long closedCount() {
        return ackedStatus.values().stream().filter("closed"::equals).count();
    }

    private long assignedCount() {
        return ackedAssignee.size();
    }

    private void createTicket(String base, String key) {
        String type = TYPES[Math.abs(key.hashCode()) % TYPES.length];
        String body = "{\"channel\":\"" + (key.hashCode() % 3 == 0 ? "email" : "chat") + "\",\"type\":\"" + type
                + "\",\"subject\":\"crash test " + key + "\",\"customer\":{\"id\":\"c-" + key
                + "\",\"tier\":\"standard\"}}";
        try {
            HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/tickets"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + adminKey).header("Idempotency-Key", "crash-" + key).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (reply.statusCode() == 201) {
                JsonObject ticket = new JsonObject(reply.body());
                ackedStatus.putIfAbsent(ticket.getString("id"), ticket.getString("status").equals("offered")
                        ? "offered" : ticket.getString("status"));
            }
        } catch (Exception e) {
            // the server died under this request: it was never acknowledged
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + adminKey).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** An agent desktop that accepts every offer and resolves every other assigned ticket. */
    private final class Agent implements WebSocket.Listener {
        private final String base;
        private final String id;
        private final WebSocket socket;
        private final StringBuilder partial = new StringBuilder();
        private final Map<String, String> pendingAccepts = new ConcurrentHashMap<>();
        private int accepted;

        Agent(String base, String id, String token) throws Exception {
            this.base = base;
            this.id = id;
            this.socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + token).buildAsync(URI.create(base.replace("http", "ws") + "/v1/agents/"
                    + id + "/ws"), this).get(10, TimeUnit.SECONDS);
            send(new JsonObject().put("type", "presence").put("status", "available").put("id", "hello"));
        }

        private synchronized void send(JsonObject message) {
            socket.sendText(message.encode(), true).join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonObject message = new JsonObject(partial.toString());
                partial.setLength(0);
                onMessage(message);
            }
            webSocket.request(1);
            return null;
        }

        private void onMessage(JsonObject message) {
            String type = message.getString("type");
            if (type.equals("offer")) {
                String offerId = message.getString("offerId");
                String ticketId = message.getJsonObject("ticket").getString("id");
                pendingAccepts.put("accept-" + offerId, ticketId);
                CompletableFuture.runAsync(() -> send(new JsonObject().put("type", "accept").put("offerId", offerId)
                        .put("id", "accept-" + offerId)));
            } else if (type.equals("ack") && message.getString("id").startsWith("accept-")) {
                String ticketId = pendingAccepts.remove(message.getString("id"));
                if (ticketId != null) {
                    ackedAssignee.put(ticketId, id);
                    ackedStatus.put(ticketId, "assigned");
                    if (accepted++ % 2 == 0) {
                        CompletableFuture.runAsync(() -> resolve(ticketId));
                    }
                }
            }
        }

        private void resolve(String ticketId) {
            resolveSent.add(ticketId);
            try {
                HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/tickets/"
                                + ticketId + "/resolve")).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + adminKey)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"done\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (reply.statusCode() == 200) {
                    ackedStatus.put(ticketId, "resolved");
                    close(ticketId);
                }
            } catch (Exception e) {
                // not acknowledged
            }
        }

        private void close(String ticketId) throws Exception {
            closeSent.add(ticketId);
            HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/tickets/"
                            + ticketId + "/close")).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + adminKey)
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            if (reply.statusCode() == 200) {
                ackedStatus.put(ticketId, "closed");
            }
        }

        void close() {
            socket.abort();
        }
    }

    private Process start(Map<String, String> env, String name) throws Exception {
        assertThat(JAR).as("run after 'package'").exists();
        ProcessBuilder builder = new ProcessBuilder(List.of(java(), "-Xmx512m", jarTmpDir(), "-jar", JAR.toString()));
        builder.environment().putAll(env);
        builder.redirectError(dir.resolve(name + ".log").toFile());
        return builder.start();
    }

    /** The listening URL; on the first start the generated admin key printed before it is kept. */
    private String baseUrl(Process server) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                for (String next; (next = out.readLine()) != null; ) {
                    Matcher key = ADMIN_KEY.matcher(next);
                    if (key.matches()) {
                        adminKey = key.group(1);
                    }
                    if (LISTENING.matcher(next).matches()) {
                        return next;
                    }
                }
                return null;
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(60, TimeUnit.SECONDS);
        Matcher m = LISTENING.matcher(String.valueOf(line));
        assertThat(m.matches()).as("stdout line: " + line + "; log: " + logs()).isTrue();
        assertThat(adminKey).as("the first start prints the admin key").isNotNull();
        return "http://localhost:" + m.group(2);
    }

    /** A JWT for an agent, minted with the server's own command against its data dir. */
    private String mintToken(Map<String, String> env, String agent) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(java(), "-jar", JAR.toString(), "mint-token", "--sub", agent,
                "--role", "agent"));
        builder.environment().putAll(env);
        Process mint = builder.start();
        String token = new String(mint.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(mint.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(mint.exitValue()).as("mint-token: " + token).isZero();
        return token;
    }

    private String logs() {
        try (var files = Files.list(dir)) {
            StringBuilder all = new StringBuilder();
            for (Path file : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                all.append(Files.readString(file));
            }
            return all.toString();
        } catch (Exception e) {
            return "(no logs)";
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The jar's {@code java.io.tmpdir}, inside this test's temp dir: what a server killed with
     * {@code kill -9} leaves there (DuckDB's 55 MB native library, Vert.x's file cache) goes
     * with the test's dir instead of piling up in /tmp.
     */
    private String jarTmpDir() throws java.io.IOException {
        return "-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("jar-tmp"));
    }
}

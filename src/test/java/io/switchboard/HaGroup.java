package io.switchboard;

import io.switchboard.history.PostgresProcess;
import io.switchboard.history.PostgresTarget;
import io.switchboard.store.RedisProcess;
import io.vertx.core.json.JsonArray;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A highly available group for process tests: one real Redis with AOF ({@link RedisProcess}) and
 * Switchboard jars started with {@code SWITCHBOARD_HA=true} on it ({@link JarServer}), all with one
 * history store in a real PostgreSQL ({@link PostgresProcess}, a database of its own per group), as
 * docs/operations.md asks of a cluster, each with its own data dir and the first node's
 * {@code security.properties} (the shared admin key and JWT secret). {@link #send} plays the load
 * balancer: it tries every node and keeps the first answer that is not a 503.
 */
final class HaGroup implements AutoCloseable {
    static final String[] TYPES = {"refund", "question", "bug", "invoice"};

    private final Path dir;
    final RedisProcess redis;
    /** The group's shared history store: every node projects the journal into it. */
    final PostgresTarget history;
    private final Path config;
    private final Map<String, JarServer> nodes = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /**
     * The desktops' own work (accepts, presence, resolves that retry through a failover), on threads
     * of their own: on the common pool (one thread on two cores) a resolve retrying through a
     * failover would hold back every agent's accepts behind it.
     */
    private final ExecutorService desktopWork = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "ha-desktop");
        thread.setDaemon(true);
        return thread;
    });
    private String adminKey;
    private int started;

    HaGroup(Path dir) throws Exception {
        this.dir = dir;
        this.redis = RedisProcess.start(dir.resolve("redis"));
        this.history = PostgresProcess.shared().newDatabase();
        this.config = dir.resolve("ha.yaml");
        try (var demo = HaGroup.class.getResourceAsStream("/switchboard-demo.yaml")) {
            Files.writeString(config, new String(demo.readAllBytes(), StandardCharsets.UTF_8)
                    + "\nsecurity:\n  rateLimit: {perSecond: 1000000, burst: 1000000}\n");
        }
    }

    Map<String, String> env(String name) {
        Map<String, String> env = new HashMap<>();
        env.put("SWITCHBOARD_HTTP_PORT", "0");
        env.put("SWITCHBOARD_DATA_DIR", dir.resolve(name).toString());
        env.put("SWITCHBOARD_CONFIG", config.toString());
        env.put("SWITCHBOARD_REDIS_URL", redis.url());
        env.put("SWITCHBOARD_HA", "true");
        env.put("SWITCHBOARD_HA_NODE_ID", name);
        env.put("SWITCHBOARD_HISTORY_URL", PostgresProcess.historyUrl(history));
        return env;
    }

    /** Starts node {@code name} (the first one makes the shared secrets) and waits until it listens. */
    JarServer start(String name) throws Exception {
        return start(name, JarServer.JAR);
    }

    /** Starts node {@code name} from {@code jar} (another build's, for an upgrade drill). */
    JarServer start(String name, Path jar) throws Exception {
        Path data = dir.resolve(name);
        if (adminKey != null && !Files.exists(data.resolve("security.properties"))) {
            Files.createDirectories(data);
            Files.copy(dir.resolve(nodes.keySet().iterator().next()).resolve("security.properties"),
                    data.resolve("security.properties"));
        }
        JarServer node = JarServer.start(dir, name + "-" + started++, env(name), List.of("-Xmx384m"), jar);
        if (adminKey == null) {
            adminKey = node.adminKey();
        }
        nodes.put(name, node);
        return node;
    }

    JarServer node(String name) {
        return nodes.get(name);
    }

    /** The name {@code node} was started under. */
    String name(JarServer node) {
        return nodes.entrySet().stream().filter(e -> e.getValue() == node).map(Map.Entry::getKey).findFirst()
                .orElseThrow();
    }

    String adminKey() {
        return adminKey;
    }

    /** The node whose readiness says it leads, or null. */
    String active() {
        for (Map.Entry<String, JarServer> node : nodes.entrySet()) {
            if (node.getValue().alive() && node.getValue().readyStatus() == 200) {
                return node.getKey();
            }
        }
        return null;
    }

    /** Waits until some node leads; its name. */
    String awaitActive(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String active = active();
            if (active != null) {
                return active;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no node became active within " + timeout);
    }

    String mintToken(String sub, String role) throws Exception {
        return JarServer.mintToken(env(nodes.keySet().iterator().next()), sub, role);
    }

    /** {@code method path} with the admin key to every live node in turn; the first answer that is not a 503. */
    HttpResponse<String> send(String method, String path, String body, String idempotencyKey) {
        HttpResponse<String> last = null;
        for (JarServer node : new ArrayList<>(nodes.values())) {
            if (!node.alive()) {
                continue;
            }
            try {
                HttpResponse<String> reply = send(node, method, path, body, idempotencyKey);
                if (reply.statusCode() != 503) {
                    return reply;
                }
                last = reply;
            } catch (Exception e) {
                // a dead or frozen node: the balancer tries the next
            }
        }
        return last;
    }

    HttpResponse<String> send(JarServer node, String method, String path, String body, String idempotencyKey)
            throws Exception {
        return send(node, method, path, body, idempotencyKey, Duration.ofSeconds(3));
    }

    HttpResponse<String> send(JarServer node, String method, String path, String body, String idempotencyKey,
            Duration timeout) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
                .timeout(timeout).header("Authorization", "Bearer " + adminKey)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String ticketBody(String key) {
        String type = TYPES[Math.abs(key.hashCode()) % TYPES.length];
        return "{\"channel\":\"chat\",\"type\":\"" + type + "\",\"subject\":\"ha test " + key
                + "\",\"customer\":{\"id\":\"c-" + key + "\",\"tier\":\"standard\"}}";
    }

    /** Every node SIGCONT'd and stopped, then Redis. */
    @Override
    public void close() throws Exception {
        for (JarServer node : nodes.values()) {
            node.close();
        }
        redis.stop();
        desktopWork.shutdownNow();
    }

    /**
     * An agent desktop on a real WebSocket that follows docs/websocket-protocol.md as a desktop
     * would: it connects to whichever node accepts the upgrade, says {@code presence available} once
     * the {@code welcome} arrives (connecting alone leaves an agent offline), accepts every offer,
     * resolves every ticket it is given, and reconnects whenever its socket ends. It records every
     * acknowledged assignment.
     *
     * <p>After a failover the welcome lists the tickets the agent still owns; the desktop resolves
     * them too: an accept whose {@code ack} was lost with the old active leaves its ticket assigned,
     * and left alone it would hold the agent's capacity for good.
     */
    final class Agent implements WebSocket.Listener {
        private final String id;
        private final String token;
        private final Map<String, String> ackedAssignee;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final StringBuilder partial = new StringBuilder();
        private final Map<String, String> pendingAccepts = new ConcurrentHashMap<>();
        final AtomicInteger closedNotLeader = new AtomicInteger();
        final AtomicInteger accepted = new AtomicInteger();
        private final AtomicInteger welcomes = new AtomicInteger();
        private final Map<Integer, Integer> closes = new ConcurrentHashMap<>();
        private volatile String lastError = "none";
        /** The socket being used: set in {@link #onOpen}, which precedes every other callback of it. */
        private volatile WebSocket socket;

        /** {@code ackedAssignee}: ticket id → the agent an acknowledged accept gave it to (shared by all agents). */
        Agent(String id, String token, Map<String, String> ackedAssignee) {
            this.id = id;
            this.token = token;
            this.ackedAssignee = ackedAssignee;
            daemon(this::connect);
        }

        private void connect() {
            while (running.get()) {
                for (JarServer node : new ArrayList<>(nodes.values())) {
                    if (!running.get() || !node.alive()) {
                        continue;
                    }
                    try {
                        http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                                .connectTimeout(Duration.ofSeconds(2))
                                .buildAsync(URI.create(node.baseUrl().replace("http", "ws") + "/v1/agents/" + id
                                        + "/ws"), this).get(3, TimeUnit.SECONDS);
                        return; // from here on the socket's own callbacks take over, a close included
                    } catch (Exception e) {
                        // a standby (503) or a dead node: try the next
                    }
                }
                sleep(100);
            }
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            webSocket.request(1);
        }

        private synchronized void send(WebSocket ws, JsonObject message) {
            try {
                ws.sendText(message.encode(), true).get(3, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the socket ended: its close reconnects, and the next welcome says presence again
            }
        }

        private void send(JsonObject message) {
            WebSocket ws = socket;
            if (ws != null) {
                send(ws, message);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonObject message = new JsonObject(partial.toString());
                partial.setLength(0);
                onMessage(webSocket, message);
            }
            webSocket.request(1);
            return null;
        }

        private void onMessage(WebSocket ws, JsonObject message) {
            String type = message.getString("type");
            if (type.equals("welcome")) {
                welcomes.incrementAndGet();
                desktopWork.execute(() -> send(ws, presenceAvailable()));
                JsonArray owned = message.getJsonObject("agent").getJsonArray("tickets", new JsonArray());
                for (int i = 0; i < owned.size(); i++) {
                    String ticketId = owned.getString(i);
                    desktopWork.execute(() -> resolve(ticketId));
                }
            } else if (type.equals("offer")) {
                String offerId = message.getString("offerId");
                pendingAccepts.put("accept-" + offerId, message.getJsonObject("ticket").getString("id"));
                desktopWork.execute(() -> send(ws, new JsonObject().put("type", "accept")
                        .put("offerId", offerId).put("id", "accept-" + offerId)));
            } else if (type.equals("ack") && message.getString("id", "").startsWith("accept-")) {
                String ticketId = pendingAccepts.remove(message.getString("id"));
                if (ticketId != null) {
                    String before = ackedAssignee.put(ticketId, id);
                    if (before != null && !before.equals(id)) {
                        throw new AssertionError(ticketId + " acknowledged to " + before + " and to " + id);
                    }
                    accepted.incrementAndGet();
                    // resolved at once, so capacity frees up and offers keep coming
                    desktopWork.execute(() -> resolve(ticketId));
                }
            } else if (type.equals("error")) {
                lastError = message.encode();
                if ("hello".equals(message.getString("id"))) { // presence refused (say, while the journal was down)
                    desktopWork.execute(() -> {
                        sleep(200);
                        send(ws, presenceAvailable());
                    });
                }
            }
        }

        private static JsonObject presenceAvailable() {
            return new JsonObject().put("type", "presence").put("status", "available").put("id", "hello");
        }

        /**
         * Resolves {@code ticketId} through the balancer, retrying while no node serves (a failover):
         * a resolve lost there would keep the agent at capacity and starve it of offers.
         */
        private void resolve(String ticketId) {
            for (int attempt = 0; attempt < 300 && running.get(); attempt++) {
                HttpResponse<String> reply = HaGroup.this.send("POST", "/v1/tickets/" + ticketId + "/resolve",
                        "{\"reason\":\"done\"}", null);
                if (reply != null && reply.statusCode() != 503) {
                    return;
                }
                sleep(100);
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closes.merge(statusCode, 1, Integer::sum);
            if (statusCode == 4503) {
                closedNotLeader.incrementAndGet();
            }
            reconnect(webSocket);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            lastError = String.valueOf(error);
            reconnect(webSocket);
        }

        private void reconnect(WebSocket ended) {
            if (socket == ended && running.get()) {
                socket = null;
                daemon(this::connect);
            }
        }

        String id() {
            return id;
        }

        /** What this desktop saw, for a failure message. */
        String describe() {
            return id + ": socket " + (socket == null ? "none" : "open") + ", welcomes " + welcomes.get()
                    + ", accepted " + accepted.get() + ", accepts waiting " + pendingAccepts.size() + ", closes "
                    + closes + ", last error " + lastError;
        }

        void close() {
            running.set(false);
            WebSocket ws = socket;
            if (ws != null) {
                ws.abort();
            }
        }
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "ha-agent");
        thread.setDaemon(true);
        thread.start();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

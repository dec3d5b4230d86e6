package io.switchboard.api;

import io.switchboard.app.Switchboard;
import io.switchboard.app.config.ConfigLoader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Switchboard on a random port inside the test's Vert.x, with a blocking HTTP client for
 * the test thread. The config has short WebSocket heartbeats and a 1 s voice offer timeout.
 */
public final class TestServer {
    public static final String CONFIG = String.join("\n",
            "server:",
            "  maxBodyBytes: 65536",
            "  websocket: {pingInterval: 300ms, idleTimeout: 1500ms}",
            "skills: [general, billing, technical]",
            "teams: [support, technical]",
            "routing:",
            "  defaultQueue: general",
            "  offerTimeout: {default: 30s, voice: 1s}",
            "  disconnectGrace: 120s",
            "queues:",
            "  - name: general",
            "    requiredSkills: {general: 1}",
            "  - name: billing",
            "    requiredSkills: {billing: 2}",
            "    teams: [support]",
            "  - name: technical",
            "    requiredSkills: {technical: 3}",
            "    strategy: most_skilled",
            "rules:",
            "  - match: {types: [billing]}",
            "    queue: billing",
            "  - match: {types: [technical]}",
            "    queue: technical",
            "");

    private final Vertx vertx;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final WebSocketClient webSockets;
    private Switchboard switchboard;

    private TestServer(Vertx vertx, int port) {
        this.vertx = vertx;
        this.port = port;
        this.webSockets = vertx.createWebSocketClient();
    }

    public static TestServer start(Vertx vertx) {
        return start(vertx, CONFIG);
    }

    public static TestServer start(Vertx vertx, String yaml) {
        Switchboard sb = await(Switchboard.start(vertx, ConfigLoader.fromYaml(yaml), 0));
        return new TestServer(vertx, sb.port());
    }

    /** A server whose meters go to {@code metrics}; {@code vertx} should come from {@code metrics.newVertx}. */
    public static TestServer start(Vertx vertx, String yaml, io.switchboard.metrics.Metrics metrics) {
        Switchboard sb = await(Switchboard.start(vertx, ConfigLoader.fromYaml(yaml), 0, metrics));
        TestServer server = new TestServer(vertx, sb.port());
        server.switchboard = sb;
        return server;
    }

    /** The wiring of a server started with {@link #start(Vertx, String, io.switchboard.metrics.Metrics)}. */
    public Switchboard switchboard() {
        return switchboard;
    }

    public int port() {
        return port;
    }

    public Vertx vertx() {
        return vertx;
    }

    public static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("future did not complete: " + e, e);
        }
    }

    /** A blocking HTTP exchange; {@code body} may be null; headers alternate name, value. */
    public Reply send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        boolean typed = false;
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            typed |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (body != null && !typed) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), response);
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        }
    }

    public Reply get(String path) {
        return send("GET", path, null);
    }

    public Reply post(String path, JsonObject body, String... headers) {
        return send("POST", path, body.encode(), headers);
    }

    public Reply put(String path, JsonObject body) {
        return send("PUT", path, body.encode());
    }

    /** Registers an available-capable agent over HTTP; returns its JSON. */
    public JsonObject putAgent(String id, String team, JsonObject skills, JsonObject capacity) {
        Reply reply = put("/v1/agents/" + id, new JsonObject().put("name", "Agent " + id).put("team", team)
                .put("tier", "L2").put("skills", skills).put("languages", new io.vertx.core.json.JsonArray().add("en"))
                .put("capacity", capacity));
        if (reply.status() != 201 && reply.status() != 200) {
            throw new AssertionError("agent upsert failed: " + reply);
        }
        return reply.json();
    }

    public JsonObject createTicket(JsonObject body) {
        Reply reply = post("/v1/tickets", body);
        if (reply.status() != 201) {
            throw new AssertionError("create failed: " + reply);
        }
        return reply.json();
    }

    public static JsonObject ticket(String channel, String type, String customerId) {
        return new JsonObject().put("channel", channel).put("type", type)
                .put("customer", new JsonObject().put("id", customerId).put("tier", "standard"))
                .put("subject", "Help with " + type);
    }

    public AgentClient connect(String agentId) {
        return AgentClient.connect(webSockets, port, agentId);
    }

    /** A supervisor's read-only stream of SLA notifications. */
    public AgentClient supervise(String personId) {
        return AgentClient.open(webSockets, port, "/v1/supervisors/" + personId + "/ws");
    }

    /** A response as the test sees it. */
    public record Reply(int status, String contentType, String body, HttpResponse<String> raw) {
        public JsonObject json() {
            return new JsonObject(body);
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }
}

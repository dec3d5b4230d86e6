package io.switchboard.api;

import io.switchboard.app.DurabilitySettings;
import io.switchboard.config.ApiKey;
import io.switchboard.config.RateLimit;
import io.switchboard.config.Role;
import io.switchboard.api.auth.Secrets;
import io.switchboard.api.auth.Security;
import io.switchboard.app.Switchboard;
import io.switchboard.config.ConfigLoader;
import io.switchboard.config.SecuritySettings;
import io.switchboard.config.SwitchboardConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Switchboard on a random port inside the test's Vert.x, with a blocking HTTP client for
 * the test thread. The config has short WebSocket heartbeats and a 1 s voice offer timeout.
 *
 * <p>Credentials: every request is sent with the admin API key {@link #ADMIN_KEY} unless it names
 * its own {@code Authorization} or {@code X-Api-Key} header, or {@link #NO_AUTH}; {@link #token}
 * mints a JWT for any subject and role; {@link #connect} and {@link #supervise} open the person's
 * own stream with such a token. Rate limits left at the default are raised so tests never hit them.
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

    /** The admin API key every test server accepts. */
    public static final String ADMIN_KEY = "sbk_test-admin-key-0123456789abcdefghijklmnop";
    /** The HS256 secret of every test server. */
    public static final String JWT_SECRET = "test-jwt-secret-0123456789abcdefghijklmnopqrstuvwxyz";
    /** A header name that makes {@link #send} send no credentials at all. */
    public static final String NO_AUTH = "X-Test-No-Auth";
    private static final RateLimit UNLIMITED = new RateLimit(1_000_000, 1_000_000);

    private final Vertx vertx;
    private final int port;
    private final Security minter;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final WebSocketClient webSockets;
    private Switchboard switchboard;

    private TestServer(Vertx vertx, int port, Security minter) {
        this.vertx = vertx;
        this.port = port;
        this.minter = minter;
        this.webSockets = vertx.createWebSocketClient();
    }

    public static TestServer start(Vertx vertx) {
        return start(vertx, CONFIG);
    }

    /** A server journaling to a fresh temporary directory (the embedded default, fsync always). */
    public static TestServer start(Vertx vertx, String yaml) {
        return start(vertx, yaml, DurabilitySettings.file(temporaryDataDir()));
    }

    public static TestServer start(Vertx vertx, String yaml, DurabilitySettings durability) {
        return start(vertx, yaml, durability, io.switchboard.metrics.Metrics.create(true));
    }

    /** A server on a given {@code port}, e.g. the port of the server it restarts (same data dir). */
    public static TestServer startOnPort(Vertx vertx, String yaml, DurabilitySettings durability, int port) {
        SwitchboardConfig config = secured(ConfigLoader.fromYaml(yaml));
        Switchboard sb = await(Switchboard.start(vertx, config, port, JWT_SECRET, durability));
        TestServer server = new TestServer(vertx, sb.port(), Security.create(vertx, config.security(), JWT_SECRET));
        server.switchboard = sb;
        return server;
    }

    /** A one-time sign-in code (what {@code mint-token --link} puts in its link) for {@code subject}. */
    public String signInCode(String subject, Role role) {
        return minter.mintSignInCode(subject, role, 3600);
    }

    /** A server whose meters go to {@code metrics}; {@code vertx} should come from {@code metrics.newVertx}. */
    public static TestServer start(Vertx vertx, String yaml, io.switchboard.metrics.Metrics metrics) {
        return start(vertx, yaml, DurabilitySettings.file(temporaryDataDir()), metrics);
    }

    public static TestServer start(Vertx vertx, String yaml, DurabilitySettings durability,
            io.switchboard.metrics.Metrics metrics) {
        return start(vertx, yaml, durability, metrics, new io.switchboard.app.HistorySettings(durability.dataDir(), null));
    }

    /**
     * A node of a highly available group ({@code ha}) on the Redis journal {@code durability} names,
     * its history in a fresh temporary directory; answers once it listens (as a standby at first).
     */
    public static TestServer startNode(Vertx vertx, String yaml, DurabilitySettings durability,
            io.switchboard.app.HaSettings ha) {
        SwitchboardConfig config = secured(ConfigLoader.fromYaml(yaml));
        Switchboard sb = await(Switchboard.start(vertx, config, 0, JWT_SECRET, durability,
                io.switchboard.metrics.Metrics.create(false),
                new io.switchboard.app.HistorySettings(temporaryDataDir(), null), ha));
        TestServer server = new TestServer(vertx, sb.port(), Security.create(vertx, config.security(), JWT_SECRET));
        server.switchboard = sb;
        return server;
    }

    /** A server whose history store is {@code history} (a PostgreSQL, for instance). */
    public static TestServer start(Vertx vertx, String yaml, DurabilitySettings durability,
            io.switchboard.metrics.Metrics metrics, io.switchboard.app.HistorySettings history) {
        SwitchboardConfig config = secured(ConfigLoader.fromYaml(yaml));
        Switchboard sb = await(Switchboard.start(vertx, config, 0, JWT_SECRET, durability, metrics, history));
        TestServer server = new TestServer(vertx, sb.port(), Security.create(vertx, config.security(), JWT_SECRET));
        server.switchboard = sb;
        return server;
    }

    /** A fresh data dir under this JVM's {@link TestDataDirs} root, deleted when the JVM exits. */
    private static Path temporaryDataDir() {
        return TestDataDirs.fresh();
    }

    /** Adds the admin key and, where the YAML left the default rate limit, lifts it. */
    static SwitchboardConfig secured(SwitchboardConfig config) {
        SecuritySettings s = config.security();
        RateLimit rate = s.defaultRate().equals(RateLimit.DEFAULT) ? UNLIMITED : s.defaultRate();
        List<ApiKey> keys = new ArrayList<>(s.apiKeys());
        keys.add(new ApiKey("admin", Role.ADMIN, Secrets.sha256(ADMIN_KEY), UNLIMITED));
        return config.withSecurity(new SecuritySettings(keys, rate, s.issuer(), s.audience(), s.leeway(),
                s.secretFile(), s.publicKeys(), s.allowedOrigins(), s.wsTicketTtl()));
    }

    /** A JWT for {@code subject} in {@code role}, valid for an hour. */
    public String token(String subject, Role role) {
        return minter.mint(subject, role, 3600);
    }

    /** A JWT for {@code subject} in {@code role}, valid for {@code ttlSeconds}. */
    public String mint(String subject, Role role, long ttlSeconds) {
        return minter.mint(subject, role, ttlSeconds);
    }

    /** {@code Authorization} header value for a JWT of {@code subject} in {@code role}. */
    public String bearer(String subject, Role role) {
        return "Bearer " + token(subject, role);
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
        boolean credentials = false;
        for (int i = 0; i < headers.length; i += 2) {
            credentials |= headers[i].equalsIgnoreCase("Authorization") || headers[i].equalsIgnoreCase("X-Api-Key")
                    || headers[i].equals(NO_AUTH);
            if (!headers[i].equals(NO_AUTH)) {
                request.header(headers[i], headers[i + 1]);
            }
            typed |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (!credentials) {
            request.header("Authorization", "Bearer " + ADMIN_KEY);
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

    /** The agent's own WebSocket, opened with an agent token for {@code agentId}. */
    public AgentClient connect(String agentId) {
        return AgentClient.open(webSockets, port, "/v1/agents/" + agentId + "/ws", "Authorization",
                bearer(agentId, Role.AGENT));
    }

    /** A supervisor's read-only stream of SLA notifications, opened with a supervisor token. */
    public AgentClient supervise(String personId) {
        return AgentClient.open(webSockets, port, "/v1/supervisors/" + personId + "/ws", "Authorization",
                bearer(personId, Role.SUPERVISOR));
    }

    /** A WebSocket to {@code path} with exactly the given headers (name, value, ...). */
    public AgentClient openSocket(String path, String... headers) {
        return AgentClient.open(webSockets, port, path, headers);
    }

    /** The client for handshakes that are expected to fail (see {@link #openSocket}). */
    public WebSocketClient webSockets() {
        return webSockets;
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

package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.api.http.RestApi;
import io.switchboard.app.EngineClient;
import io.switchboard.config.ServerSettings;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.switchboard.config.StrictYaml;

/**
 * Keeps docs/openapi.yaml, docs/websocket-protocol.md and docs/configuration.md true: the routes
 * the server registers are the documented ones, real responses validate against the documented
 * schemas, and every WebSocket message type and configuration key is documented.
 */
@ExtendWith(VertxExtension.class)
class ContractTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    private JsonObject openApi;

    @BeforeEach
    void load() throws IOException {
        Object yaml = StrictYaml.load(Files.readString(Path.of("docs/openapi.yaml")), "docs/openapi.yaml");
        openApi = (JsonObject) toJson(yaml);
    }

    @Test
    void openApi_routes_matchTheRouterExactly(Vertx vertx) {
        ServerSettings settings = new ServerSettings(65536, Duration.ofSeconds(20), Duration.ofSeconds(60),
                Duration.ofSeconds(10));
        List<Route> routes = new RestApi(new EngineClient(vertx), settings, io.switchboard.api.http.Contracts.NONE,
                io.switchboard.api.auth.Security.create(vertx, io.switchboard.config.SecuritySettings.DEFAULTS,
                        TestServer.JWT_SECRET), io.switchboard.metrics.Metrics.disabled(),
                new io.switchboard.health.Readiness(), io.switchboard.api.ArchivedTickets.NONE).router(vertx, rc -> { }, rc -> { })
                .getRoutes();
        Set<String> served = new TreeSet<>();
        for (Route route : routes) {
            if (route.getPath() != null && route.methods() != null) {
                route.methods().forEach(m -> served.add(m.name().toLowerCase() + " "
                        + route.getPath().replaceAll(":([a-zA-Z]+)", "{$1}")));
            }
        }
        Set<String> documented = new TreeSet<>();
        openApi.getJsonObject("paths").forEach(path -> ((JsonObject) path.getValue()).fieldNames().stream()
                .filter(METHODS::contains).forEach(m -> documented.add(m + " " + path.getKey())));
        assertThat(documented).isEqualTo(served);
    }

    @Test
    void openApi_realResponses_validateAgainstDocumentedSchemas(Vertx vertx) {
        TestServer server = TestServer.start(vertx);
        check(server.put("/v1/agents/alice", new JsonObject().put("name", "Alice").put("team", "support")
                .put("tier", "L2").put("skills", new JsonObject().put("billing", 4))
                .put("capacity", new JsonObject().put("chat", 2))), "/v1/agents/{id}", "put");
        check(server.put("/v1/agents/alice", new JsonObject().put("name", "Alice").put("team", "support")
                .put("tier", "L2").put("skills", new JsonObject().put("billing", 4))
                .put("capacity", new JsonObject().put("chat", 2))), "/v1/agents/{id}", "put");
        JsonObject body = TestServer.ticket("chat", "billing", "c1").put("tags", new JsonArray().add("x"))
                .put("fields", new JsonObject().put("order", "A-1"));
        TestServer.Reply created = server.post("/v1/tickets", body, "Idempotency-Key", "k");
        check(created, "/v1/tickets", "post");
        check(server.post("/v1/tickets", body, "Idempotency-Key", "k"), "/v1/tickets", "post");
        check(server.post("/v1/tickets", body.copy().put("channel", "fax"), "Idempotency-Key", "k2"), "/v1/tickets",
                "post");
        check(server.post("/v1/tickets", body.copy().put("channel", "email"), "Idempotency-Key", "k"), "/v1/tickets",
                "post");
        check(server.send("POST", "/v1/tickets", "{", "Content-Type", "application/json"), "/v1/tickets", "post");
        check(server.send("POST", "/v1/tickets", "x", "Content-Type", "text/plain"), "/v1/tickets", "post");
        String id = created.json().getString("id");
        AgentClient alice = server.connect("alice");
        alice.await("welcome");
        alice.goAvailable();
        alice.send(new JsonObject().put("type", "accept").put("offerId", alice.await("offer").getString("offerId")));
        alice.await("assigned");
        check(server.get("/v1/tickets/" + id), "/v1/tickets/{id}", "get");
        check(server.get("/v1/tickets/nope"), "/v1/tickets/{id}", "get");
        check(server.get("/v1/tickets?limit=1"), "/v1/tickets", "get");
        check(server.get("/v1/tickets?limit=0"), "/v1/tickets", "get");
        check(server.post("/v1/tickets/" + id + "/reply", new JsonObject().put("message", "hi")),
                "/v1/tickets/{id}/reply", "post");
        check(server.post("/v1/tickets/" + id + "/pending", new JsonObject().put("on", "internal")),
                "/v1/tickets/{id}/pending", "post");
        check(server.post("/v1/tickets/" + id + "/transfer", new JsonObject().put("team", "support")
                .put("reason", "r")), "/v1/tickets/{id}/transfer", "post");
        check(server.post("/v1/tickets/" + id + "/resolve", new JsonObject()), "/v1/tickets/{id}/resolve", "post");
        check(server.post("/v1/tickets/" + id + "/close", new JsonObject()), "/v1/tickets/{id}/close", "post");
        check(server.post("/v1/tickets/" + id + "/reopen", new JsonObject()), "/v1/tickets/{id}/reopen", "post");
        check(server.get("/v1/tickets/" + id + "/timeline"), "/v1/tickets/{id}/timeline", "get");
        check(server.get("/v1/agents"), "/v1/agents", "get");
        check(server.get("/v1/agents/alice"), "/v1/agents/{id}", "get");
        check(server.get("/v1/agents/ghost"), "/v1/agents/{id}", "get");
        check(server.get("/v1/queues"), "/v1/queues", "get");
        check(server.get("/health/live"), "/health/live", "get");
        check(server.get("/health/ready"), "/health/ready", "get");
        check(server.get("/metrics"), "/metrics", "get");
        check(server.get("/v1/agents/alice/ws"), "/v1/agents/{id}/ws", "get");
        String aliceToken = server.bearer("alice", io.switchboard.config.Role.AGENT);
        check(server.send("POST", "/v1/ws-tickets", null, "Authorization", aliceToken), "/v1/ws-tickets", "post");
        check(server.send("GET", "/v1/tickets", null, TestServer.NO_AUTH, "1"), "/v1/tickets", "get");
        check(server.send("GET", "/v1/queues", null, "X-Api-Key", "sbk_wrong"), "/v1/queues", "get");
        check(server.put("/v1/agents/alice", new JsonObject()), "/v1/agents/{id}", "put");
        check(server.send("PUT", "/v1/agents/alice", "{}", "Authorization", aliceToken), "/v1/agents/{id}", "put");
        String code = server.signInCode("alice", io.switchboard.config.Role.AGENT);
        check(server.send("POST", "/v1/sign-in", new JsonObject().put("code", code).encode(), TestServer.NO_AUTH, "1"),
                "/v1/sign-in", "post");
        check(server.send("POST", "/v1/sign-in", new JsonObject().put("code", code).encode(), TestServer.NO_AUTH, "1"),
                "/v1/sign-in", "post");
        check(server.send("POST", "/v1/sign-in", "{}", TestServer.NO_AUTH, "1"), "/v1/sign-in", "post");
        check(server.send("GET", "/desk/", null, TestServer.NO_AUTH, "1"), "/desk", "get");
        check(server.send("GET", "/board/", null, TestServer.NO_AUTH, "1"), "/board", "get");
        check(server.send("GET", "/reports/", null, TestServer.NO_AUTH, "1"), "/reports", "get");
        check(server.send("GET", "/ui/x/desk.js", null, TestServer.NO_AUTH, "1"), "/ui/{version}/{file}", "get");
        check(server.send("GET", "/ui/" + io.switchboard.api.web.WebAssets.packaged().version() + "/desk.js", null,
                TestServer.NO_AUTH, "1"), "/ui/{version}/{file}", "get");
        alice.close();
    }

    @Test
    void websocketDoc_everyMessageTypeTheCodeSpeaks_hasAHeading() throws IOException {
        String doc = Files.readString(Path.of("docs/websocket-protocol.md"));
        Set<String> types = new TreeSet<>();
        Path ws = Path.of("src/main/java/io/switchboard/api/ws");
        types.addAll(matches(Files.readString(ws.resolve("AgentSocket.java")), "put\\(\"type\", \"([a-z_]+)\"\\)"));
        types.addAll(matches(Files.readString(ws.resolve("AgentSocket.java")), "openMessage\\(\"([a-z_]+)\""));
        types.addAll(matches(Files.readString(ws.resolve("ClientMessages.java")), "case \"([a-z_]+)\":"));
        types.addAll(matches(Files.readString(ws.resolve("SupervisorSocket.java")), "put\\(\"type\", \"([a-z_]+)\"\\)"));
        types.addAll(JsonViews.NOTIFICATION_TYPES.values());
        assertThat(types).contains("welcome", "offer", "assigned", "offer_revoked", "ticket_updated", "ack", "error",
                "presence", "accept", "reject", "sla_warning", "sla_breached", "escalation");
        for (String type : types) {
            assertThat(doc).as("heading for " + type).contains("### `" + type + "`");
        }
    }

    @Test
    void notificationTypes_everyAlertEvent_hasAWebSocketType() {
        assertThat(JsonViews.NOTIFICATION_TYPES.keySet())
                .containsExactlyInAnyOrder(io.switchboard.core.event.DomainEvent.AlertEvent.class.getPermittedSubclasses());
    }

    @Test
    void configurationDoc_everyKeyAndSetting_isDocumented() throws IOException {
        String doc = Files.readString(Path.of("docs/configuration.md"));
        StringBuilder loader = new StringBuilder();
        try (var files = Files.list(Path.of("src/main/java/io/switchboard/config"))) {
            for (Path file : files.toList()) {
                loader.append(Files.readString(file));
            }
        }
        Set<String> keys = new TreeSet<>();
        Matcher sets = Pattern.compile("onlyKeys\\(Set\\.of\\(([^)]*)\\)").matcher(loader);
        while (sets.find()) {
            keys.addAll(matches(sets.group(1), "\"([A-Za-z]+)\""));
        }
        assertThat(keys).contains("queues", "overflow", "offerTimeout", "pingInterval", "capacity");
        for (String key : keys) {
            assertThat(doc.contains("`" + key + "`") || doc.contains("." + key + "`"))
                    .as("docs/configuration.md documents `" + key + "`").isTrue();
        }
        String settings = Files.readString(Path.of("src/main/java/io/switchboard/app/Settings.java"));
        for (String variable : matches(settings, "\"(SWITCHBOARD_[A-Z_]+)\"")) {
            assertThat(doc).as("docs/configuration.md documents " + variable).contains("`" + variable + "`");
        }
    }

    private void check(TestServer.Reply reply, String path, String method) {
        JsonObject operation = openApi.getJsonObject("paths").getJsonObject(path).getJsonObject(method);
        assertThat(operation).as(method + " " + path + " documented").isNotNull();
        JsonObject response = resolve(operation.getJsonObject("responses").getJsonObject(String.valueOf(reply.status())));
        assertThat(response).as(method + " " + path + " documents status " + reply.status()).isNotNull();
        String mediaType = reply.contentType().split(";")[0].trim();
        JsonObject content = response.getJsonObject("content");
        assertThat(content).as(method + " " + path + " " + reply.status() + " has content").isNotNull();
        JsonObject media = content.getJsonObject(mediaType);
        assertThat(media).as(method + " " + path + " " + reply.status() + " documents " + mediaType).isNotNull();
        if (!mediaType.endsWith("json")) {
            return;
        }
        JsonObject schema = openApi.copy().mergeIn(media.getJsonObject("schema"));
        schema.remove("openapi");
        Validator validator = Validator.create(JsonSchema.of(schema),
                new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("https://switchboard.dev/openapi"));
        OutputUnit result = validator.validate(new JsonObject(reply.body()));
        assertThat(result.getValid()).as(method + " " + path + " " + reply.status() + ": " + reply.body() + " -> "
                + result.getErrors()).isTrue();
    }

    private JsonObject resolve(JsonObject maybeRef) {
        if (maybeRef == null || !maybeRef.containsKey("$ref")) {
            return maybeRef;
        }
        JsonObject node = openApi;
        for (String part : maybeRef.getString("$ref").substring(2).split("/")) {
            node = node.getJsonObject(part);
        }
        return resolve(node);
    }

    private static List<String> matches(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        List<String> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** YAML values as JSON values (dates and other scalars become strings). */
    private static Object toJson(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), toJson(v)));
            return new JsonObject(out);
        }
        if (value instanceof List<?> list) {
            JsonArray out = new JsonArray();
            list.forEach(v -> out.add(toJson(v)));
            return out;
        }
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        return String.valueOf(value);
    }
}

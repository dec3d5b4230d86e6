package io.switchboard.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.api.TestServer;
import io.switchboard.config.StrictYaml;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real /v1/webhooks answers, each validated against the schema docs/openapi.yaml gives for its status. */
class WebhookContractTest {
    private final Vertx vertx = Vertx.vertx();
    private JsonObject openApi;

    @AfterEach
    void close() {
        TestServer.await(vertx.close());
    }

    @Test
    void openApi_webhookResponses_validateAgainstDocumentedSchemas() throws Exception {
        openApi = (JsonObject) toJson(StrictYaml.load(Files.readString(Path.of("docs/openapi.yaml")), "openapi"));
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            TestServer server = TestServer.start(vertx, WebhookServerTest.config(receiver.url(), "1h", ""));
            receiver.answer.set(500);
            server.createTicket(TestServer.ticket("web", "question", "c-1"));
            receiver.await(r -> !r.isEmpty(), 10, "an attempt");
            check(server.get("/v1/webhooks"), "/v1/webhooks", "get");
            TestServer.Reply created = server.post("/v1/webhooks", new JsonObject().put("url", receiver.url())
                    .put("types", new JsonArray().add("ticket.replied")).put("channels", new JsonArray().add("chat")));
            check(created, "/v1/webhooks", "post");
            String id = created.json().getString("id");
            check(server.post("/v1/webhooks", new JsonObject().put("url", receiver.url()).put("id", id)), "/v1/webhooks",
                    "post");
            check(server.post("/v1/webhooks", new JsonObject().put("url", "gopher://x")), "/v1/webhooks", "post");
            check(server.send("POST", "/v1/webhooks", "[", "Content-Type", "application/json"), "/v1/webhooks", "post");
            check(server.get("/v1/webhooks/" + id), "/v1/webhooks/{webhookId}", "get");
            check(server.get("/v1/webhooks/nope"), "/v1/webhooks/{webhookId}", "get");
            check(server.send("PATCH", "/v1/webhooks/" + id, "{\"enabled\":false}"), "/v1/webhooks/{webhookId}", "patch");
            check(server.send("PATCH", "/v1/webhooks/crm", "{\"enabled\":false}"), "/v1/webhooks/{webhookId}", "patch");
            check(server.post("/v1/webhooks/" + id + "/rotate", new JsonObject()), "/v1/webhooks/{webhookId}/rotate",
                    "post");
            check(server.get("/v1/webhooks/crm/deliveries"), "/v1/webhooks/{webhookId}/deliveries", "get");
            check(server.get("/v1/webhooks/crm/dead-letters"), "/v1/webhooks/{webhookId}/dead-letters", "get");
            check(server.post("/v1/webhooks/crm/dead-letters/msg_x/replay", new JsonObject()),
                    "/v1/webhooks/{webhookId}/dead-letters/{messageId}/replay", "post");
            TestServer.Reply deleted = server.send("DELETE", "/v1/webhooks/" + id, null);
            assertThat(deleted.status()).isEqualTo(204);
            assertThat(operation("/v1/webhooks/{webhookId}", "delete").getJsonObject("responses").containsKey("204"))
                    .isTrue();
        }
    }

    private JsonObject operation(String path, String method) {
        return openApi.getJsonObject("paths").getJsonObject(path).getJsonObject(method);
    }

    private void check(TestServer.Reply reply, String path, String method) {
        JsonObject response = resolve(operation(path, method).getJsonObject("responses")
                .getJsonObject(String.valueOf(reply.status())));
        assertThat(response).as(method + " " + path + " documents " + reply.status() + ": " + reply.body()).isNotNull();
        String mediaType = reply.contentType().split(";")[0].trim();
        JsonObject media = response.getJsonObject("content").getJsonObject(mediaType);
        assertThat(media).as(method + " " + path + " " + reply.status() + " documents " + mediaType).isNotNull();
        JsonObject schema = openApi.copy().mergeIn(media.getJsonObject("schema"));
        schema.remove("openapi");
        OutputUnit result = Validator.create(JsonSchema.of(schema), new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
                .setBaseUri("https://switchboard.dev/openapi")).validate(new JsonObject(reply.body()));
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
        return value == null || value instanceof String || value instanceof Number || value instanceof Boolean ? value
                : String.valueOf(value);
    }
}

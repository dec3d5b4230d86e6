package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every class of bad input gets its documented problem+json status, changes nothing, and leaves
 * the server routing normally.
 */
class BadInputTest {
    private static Vertx vertx;
    private static TestServer server;
    private static String queuedTicket;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        server = TestServer.start(vertx);
        server.putAgent("alice", "support", new JsonObject().put("billing", 4), new JsonObject().put("chat", 2));
        queuedTicket = server.createTicket(TestServer.ticket("chat", "billing", "c0")).getString("id");
    }

    @AfterAll
    static void stop() {
        TestServer.await(vertx.close());
    }

    private static JsonObject valid() {
        return TestServer.ticket("chat", "billing", "c1");
    }

    private static String nested(int depth) {
        return "{\"channel\":\"chat\",\"fields\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
    }

    static Stream<Arguments> cases() {
        String big = valid().put("description", "x".repeat(70_000)).encode();
        return Stream.of(
                // name, method, path, body, content type, status, problem type, pointer (or null)
                Arguments.of("truncated json", "POST", "/v1/tickets", "{\"channel\":", null, 400, "malformed-json", null),
                Arguments.of("json array", "POST", "/v1/tickets", "[]", null, 400, "malformed-json", null),
                Arguments.of("empty body", "POST", "/v1/tickets", "", null, 400, "malformed-json", null),
                Arguments.of("deep nesting", "POST", "/v1/tickets", nested(2000), null, 400, "malformed-json", null),
                Arguments.of("nesting past 32", "POST", "/v1/tickets", nested(40), null, 400, "malformed-json", null),
                Arguments.of("100-digit number", "POST", "/v1/tickets", "{\"channel\":\"chat\",\"priority\":"
                        + "9".repeat(100) + "}", null, 400, "malformed-json", null),
                Arguments.of("300-character member name", "POST", "/v1/tickets", "{\"" + "n".repeat(300) + "\":1}",
                        null, 400, "malformed-json", null),
                Arguments.of("wrong content type", "POST", "/v1/tickets", valid().encode(), "text/plain", 415,
                        "unsupported-media-type", null),
                Arguments.of("body over limit", "POST", "/v1/tickets", big, null, 413, "payload-too-large", null),
                Arguments.of("unknown channel", "POST", "/v1/tickets", valid().put("channel", "fax").encode(), null,
                        422, "validation", "/channel"),
                Arguments.of("missing customer", "POST", "/v1/tickets", new JsonObject().put("channel", "chat").encode(),
                        null, 422, "validation", "/customer"),
                Arguments.of("customer without id", "POST", "/v1/tickets", valid().put("customer", new JsonObject())
                        .encode(), null, 422, "validation", "/customer/id"),
                Arguments.of("unknown tier", "POST", "/v1/tickets", valid().put("customer", new JsonObject()
                        .put("id", "c").put("tier", "gold")).encode(), null, 422, "validation", "/customer/tier"),
                Arguments.of("priority as number", "POST", "/v1/tickets", valid().put("priority", 3).encode(), null,
                        422, "validation", "/priority"),
                Arguments.of("skill level 9", "POST", "/v1/tickets", valid().put("requiredSkills", new JsonArray()
                        .add(new JsonObject().put("name", "billing").put("level", 9))).encode(), null, 422,
                        "validation", "/requiredSkills/0/level"),
                Arguments.of("unknown skill", "POST", "/v1/tickets", valid().put("requiredSkills", new JsonArray()
                        .add(new JsonObject().put("name", "juggling").put("level", 2))).encode(), null, 422,
                        "validation", "/requiredSkills/0/name"),
                Arguments.of("tags not array", "POST", "/v1/tickets", valid().put("tags", "urgent").encode(), null,
                        422, "validation", "/tags"),
                Arguments.of("nested field value", "POST", "/v1/tickets", valid().put("fields", new JsonObject()
                        .put("order", new JsonObject())).encode(), null, 422, "validation", "/fields/order"),
                Arguments.of("unknown queue", "POST", "/v1/tickets", valid().put("queue", "nowhere").encode(), null,
                        422, "validation", "/queue"),
                Arguments.of("null subject type", "POST", "/v1/tickets", valid().put("subject", 42).encode(), null,
                        422, "validation", "/subject"),
                Arguments.of("agent tier L9", "PUT", "/v1/agents/zed", agent().put("tier", "L9").encode(), null, 422,
                        "validation", "/tier"),
                Arguments.of("agent skill level 0", "PUT", "/v1/agents/zed", agent().put("skills",
                        new JsonObject().put("billing", 0)).encode(), null, 422, "validation", "/skills/billing"),
                Arguments.of("agent capacity channel", "PUT", "/v1/agents/zed", agent().put("capacity",
                        new JsonObject().put("fax", 1)).encode(), null, 422, "validation", "/capacity/fax"),
                Arguments.of("agent unknown team", "PUT", "/v1/agents/zed", agent().put("team", "pirates").encode(),
                        null, 422, "validation", "/team"),
                Arguments.of("agent missing name", "PUT", "/v1/agents/zed", agent().putNull("name").encode(), null,
                        422, "validation", "/name"),
                Arguments.of("agent bad id", "PUT", "/v1/agents/%20", agent().encode(), null, 422, "validation", "/id"),
                Arguments.of("reply to queued ticket", "POST", "/v1/tickets/{queued}/reply",
                        new JsonObject().put("message", "hi").encode(), null, 409, "illegal-transition", null),
                Arguments.of("reply without message", "POST", "/v1/tickets/{queued}/reply", "{}", null, 422,
                        "validation", "/message"),
                Arguments.of("close queued ticket", "POST", "/v1/tickets/{queued}/close", "{}", null, 409,
                        "illegal-transition", null),
                Arguments.of("transfer without target", "POST", "/v1/tickets/{queued}/transfer",
                        new JsonObject().put("reason", "why").encode(), null, 422, "validation", ""),
                Arguments.of("transfer unknown queue", "POST", "/v1/tickets/{queued}/transfer",
                        new JsonObject().put("queue", "nowhere").put("reason", "r").encode(), null, 422, "validation",
                        "/queue"),
                Arguments.of("pending on later", "POST", "/v1/tickets/{queued}/pending",
                        new JsonObject().put("on", "later").encode(), null, 422, "validation", "/on"),
                Arguments.of("patch unknown priority", "PATCH", "/v1/tickets/{queued}",
                        new JsonObject().put("priority", "asap").encode(), null, 422, "validation", "/priority"),
                Arguments.of("patch unknown tier", "PATCH", "/v1/tickets/{queued}", new JsonObject().put("customer",
                        new JsonObject().put("tier", "platinum")).encode(), null, 422, "validation", "/customer/tier"),
                Arguments.of("patch nothing", "PATCH", "/v1/tickets/{queued}", "{}", null, 422, "validation", ""),
                Arguments.of("patch unknown ticket", "PATCH", "/v1/tickets/tkt_999",
                        new JsonObject().put("priority", "high").encode(), null, 404, "not-found", null),
                Arguments.of("customer message without text", "POST", "/v1/tickets/{queued}/messages", "{}", null,
                        422, "validation", "/message"),
                Arguments.of("customer message not text", "POST", "/v1/tickets/{queued}/messages",
                        new JsonObject().put("message", new JsonArray().add("y")).encode(), null, 422, "validation",
                        "/message"),
                Arguments.of("confirm queued ticket", "POST", "/v1/tickets/{queued}/confirm", "{}", null, 409,
                        "illegal-transition", null),
                Arguments.of("supervisor stream plain get", "GET", "/v1/supervisors/sup-1/ws", null, null, 400,
                        "websocket-required", null),
                Arguments.of("resolve unknown ticket", "POST", "/v1/tickets/tkt_999/resolve", "{}", null, 404,
                        "not-found", null),
                Arguments.of("get unknown ticket", "GET", "/v1/tickets/nope", null, null, 404, "not-found", null),
                Arguments.of("timeline unknown ticket", "GET", "/v1/tickets/nope/timeline", null, null, 404,
                        "not-found", null),
                Arguments.of("get unknown agent", "GET", "/v1/agents/ghost", null, null, 404, "not-found", null),
                Arguments.of("limit zero", "GET", "/v1/tickets?limit=0", null, null, 422, "validation", "/limit"),
                Arguments.of("limit text", "GET", "/v1/tickets?limit=lots", null, null, 422, "validation", "/limit"),
                Arguments.of("forged cursor", "GET", "/v1/tickets?cursor=garbage", null, null, 422, "validation",
                        "/cursor"),
                Arguments.of("unknown status", "GET", "/v1/tickets?status=flying", null, null, 422, "validation",
                        "/status"),
                Arguments.of("wrong method", "DELETE", "/v1/tickets", null, null, 405, "method-not-allowed", null),
                Arguments.of("unknown route", "GET", "/v1/nothing", null, null, 404, "not-found", null));
    }

    private static JsonObject agent() {
        return new JsonObject().put("name", "Zed").put("team", "support").put("tier", "L1")
                .put("skills", new JsonObject().put("billing", 2)).put("capacity", new JsonObject().put("chat", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInput_anyEndpoint_problemJsonAndNothingChanges(String name, String method, String path, String body,
            String contentType, int status, String type, String pointer) {
        String before = snapshot();
        String target = path.replace("{queued}", queuedTicket);
        TestServer.Reply reply = contentType == null ? server.send(method, target, body)
                : server.send(method, target, body, "Content-Type", contentType);

        assertThat(reply.status()).as(name).isEqualTo(status);
        assertThat(reply.contentType()).as(name).startsWith("application/problem+json");
        JsonObject problem = reply.json();
        assertThat(problem.getString("type")).isEqualTo("https://switchboard.dev/problems/" + type);
        assertThat(problem.getInteger("status")).isEqualTo(status);
        assertThat(problem.getString("title")).isNotBlank();
        assertThat(problem.getString("detail")).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
        if (pointer != null) {
            assertThat(problem.getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("pointer")))
                    .as(name).contains(pointer);
        }
        assertThat(snapshot()).as("state after " + name).isEqualTo(before);
        assertThat(server.createTicket(valid()).getString("status")).isEqualTo("queued");
    }

    /** Everything a bad request could have touched: all tickets and all agents, as JSON. */
    private static String snapshot() {
        return server.get("/v1/tickets?limit=200").body() + server.get("/v1/agents").body();
    }
}

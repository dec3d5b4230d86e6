package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.app.DurabilitySettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Required fields and extraction per ticket type over a real server: a refusable channel gets a
 * 422 naming the missing fields, a lenient one a ticket that asks for them, values in the text
 * land in {@code fields} with their sources, and all of it survives a restart under a changed
 * configuration.
 */
class IntakeFieldsServerTest {
    static final String BASE = String.join("\n",
            "skills: [general, billing]",
            "queues:",
            "  - name: general",
            "");
    static final String INTAKE = String.join("\n",
            "intake:",
            "  types:",
            "    refund:",
            "      fields:",
            "        orderNumber: {kind: order_number, required: true}",
            "        phone: {kind: phone}",
            "        amount: {kind: amount}",
            "");

    @TempDir
    Path dir;

    private static JsonObject refund(String channel, String customer, String description) {
        return TestServer.ticket(channel, "refund", customer).put("subject", "退款").put("description", description);
    }

    @Test
    void create_refusableChannelWithoutRequiredField_422NamingItAndNothingCreated() {
        Vertx vertx = Vertx.vertx();
        try {
            TestServer server = TestServer.start(vertx, BASE + INTAKE);
            TestServer.Reply refused = server.post("/v1/tickets", refund("web", "c-1", "钱还没到"));

            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.json().getString("type")).endsWith("/missing-fields");
            assertThat(refused.json().getJsonArray("errors").getJsonObject(0).getString("pointer"))
                    .isEqualTo("/fields/orderNumber");
            assertThat(server.get("/v1/tickets?customer=c-1").json().getJsonArray("tickets")).isEmpty();
            assertThat(server.post("/v1/tickets", refund("web", "c-1", "钱还没到").put("fields",
                    new JsonObject().put("orderNumber", "A-1001"))).status()).as("supplied: accepted").isEqualTo(201);
        } finally {
            TestServer.await(vertx.close());
        }
    }

    @Test
    void create_valuesInFullWidthText_extractedIntoFieldsWithTheirSources() {
        Vertx vertx = Vertx.vertx();
        try {
            TestServer server = TestServer.start(vertx, BASE + INTAKE);
            String text = "订单号：Ａ－１００１，手机 138 0013 8000，见 https://shop.example.com/o/B-2002";
            JsonObject ticket = server.createTicket(refund("web", "c-2", text));

            assertThat(ticket.getJsonObject("fields").getMap())
                    .containsOnly(java.util.Map.entry("orderNumber", "A-1001"),
                            java.util.Map.entry("phone", "13800138000"));
            assertThat(ticket.getBoolean("needsInfo")).isFalse();
            JsonObject order = ticket.getJsonArray("fieldSources").getJsonObject(0);
            assertThat(order.getString("source")).isEqualTo("description");
            assertThat(text.substring(order.getInteger("start"), order.getInteger("end"))).isEqualTo("Ａ－１００１");
            JsonArray timeline = server.get("/v1/tickets/" + ticket.getString("id") + "/timeline").json()
                    .getJsonArray("timeline");
            assertThat(types(timeline)).contains("fields_extracted").doesNotContain("fields_requested");
        } finally {
            TestServer.await(vertx.close());
        }
    }

    @Test
    void create_lenientChannelWithoutRequiredField_createdNeedingInfoAndKeptAcrossARestartWithoutTheSection() {
        DurabilitySettings durability = DurabilitySettings.file(dir);
        String id;
        JsonObject before;
        Vertx first = Vertx.vertx();
        try {
            TestServer server = TestServer.start(first, BASE + INTAKE, durability);
            JsonObject ticket = server.createTicket(refund("email", "c-3", "I want my ¥128.50 back"));
            id = ticket.getString("id");

            assertThat(ticket.getBoolean("needsInfo")).isTrue();
            assertThat(ticket.getJsonArray("missingFields").getList()).isEqualTo(List.of("orderNumber"));
            assertThat(ticket.getJsonObject("fields").getString("amount")).isEqualTo("128.50 CNY");
            assertThat(ticket.getString("status")).as("routed all the same").isIn("queued", "offered");
            JsonArray timeline = server.get("/v1/tickets/" + id + "/timeline").json().getJsonArray("timeline");
            JsonObject requested = timeline.stream().map(JsonObject.class::cast)
                    .filter(e -> e.getString("type").equals("fields_requested")).findFirst().orElseThrow();
            assertThat(requested.getJsonObject("details").getJsonArray("fields").getList())
                    .isEqualTo(List.of("orderNumber"));
            assertThat(requested.getString("reason")).isEqualTo("required_fields_missing");
            before = server.get("/v1/tickets/" + id).json();
        } finally {
            TestServer.await(first.close());
        }
        Vertx second = Vertx.vertx();
        try {
            TestServer restarted = TestServer.start(second, BASE, durability);
            JsonObject after = restarted.get("/v1/tickets/" + id).json();
            assertThat(after.getJsonArray("missingFields")).isEqualTo(before.getJsonArray("missingFields"));
            assertThat(after.getJsonArray("fieldSources")).isEqualTo(before.getJsonArray("fieldSources"));
            assertThat(after.getJsonObject("fields")).isEqualTo(before.getJsonObject("fields"));
        } finally {
            TestServer.await(second.close());
        }
    }

    private static List<String> types(JsonArray timeline) {
        return timeline.stream().map(e -> ((JsonObject) e).getString("type")).toList();
    }

    @Test
    void message_onATicketNeedingInfo_valuesFillTheMissingFields() {
        Vertx vertx = Vertx.vertx();
        try {
            TestServer server = TestServer.start(vertx, BASE + INTAKE.replace("phone: {kind: phone}",
                    "phone: {kind: phone, required: true}"));
            String id = server.createTicket(refund("chat", "c-9", "退款还没到")).getString("id");

            TestServer.Reply chinese = server.post("/v1/tickets/" + id + "/messages",
                    new JsonObject().put("message", "订单号：Ａ－１００１"));
            assertThat(chinese.status()).isEqualTo(200);
            JsonObject half = server.get("/v1/tickets/" + id).json();
            assertThat(half.getJsonArray("missingFields").getList()).containsExactly("phone");
            assertThat(half.getJsonObject("fields").getString("orderNumber")).isEqualTo("A-1001");

            server.post("/v1/tickets/" + id + "/messages", new JsonObject().put("message",
                    "You can reach me at +86 138 0013 8000, thanks"));
            JsonObject done = server.get("/v1/tickets/" + id).json();
            assertThat(done.getBoolean("needsInfo")).isFalse();
            assertThat(done.getJsonObject("fields").getString("phone")).isEqualTo("13800138000");
            assertThat(types(server.get("/v1/tickets/" + id + "/timeline").json().getJsonArray("timeline"))
                    .stream().filter("fields_supplied"::equals).count()).isEqualTo(2);
        } finally {
            TestServer.await(vertx.close());
        }
    }
}

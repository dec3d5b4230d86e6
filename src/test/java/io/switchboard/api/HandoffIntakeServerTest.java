package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.Role;
import io.switchboard.api.handoff.Fixtures;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Chatbot handoffs go through the ticket type's required fields like {@code POST /v1/tickets} on
 * their channel: values come from the platform's parameters and the customer's turns; chat is
 * lenient, so a ticket lacking one opens with {@code needsInfo}; on a channel that is not, 422.
 */
@ExtendWith(VertxExtension.class)
class HandoffIntakeServerTest {
    private static final String INTAKE = String.join("\n",
            "intake:",
            "  types:",
            "    billing_dispute:",
            "      fields:",
            "        orderNumber: {kind: order_number, required: true}",
            "        phone: {kind: phone, required: true}",
            "");

    /**
     * The Rasa fixture (intent billing_dispute) without its invoice number (its shape reads as an
     * order number), with {@code slots} added and customer turns appended.
     */
    private static String rasa(JsonObject slots, String... customerTurns) {
        JsonObject tracker = new JsonObject(Fixtures.text(Fixtures.RASA).replace("INV-2026-0042", "my invoice"));
        tracker.getJsonObject("slots").remove("invoice_number");
        slots.forEach(e -> tracker.getJsonObject("slots").put(e.getKey(), e.getValue()));
        JsonArray events = tracker.getJsonArray("events");
        double at = 1796547700.0;
        for (String turn : customerTurns) {
            events.add(new JsonObject().put("event", "user").put("timestamp", at++).put("text", turn));
        }
        return tracker.encode();
    }

    private static JsonObject ticket(TestServer server, TestServer.Reply reply) {
        return server.send("GET", reply.header("Location"), null).json();
    }

    @Test
    void handoff_valuesInParametersAndCustomerTurns_fillTheRequiredFieldsWithTheirSources(Vertx vertx) {
        TestServer server = TestServer.start(vertx, TestServer.CONFIG + INTAKE);
        TestServer.Reply reply = server.send("POST", "/v1/handoff/rasa", rasa(new JsonObject()
                .put("order_number", "20231105"), "我的手机是 138 0013 8000"), "Authorization",
                server.bearer("helpbot", Role.INTEGRATION));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonObject ticket = ticket(server, reply);
        assertThat(ticket.getBoolean("needsInfo")).isFalse();
        assertThat(ticket.getJsonObject("fields").getString("orderNumber")).isEqualTo("20231105");
        assertThat(ticket.getJsonObject("fields").getString("phone")).isEqualTo("13800138000");
        List<String> sources = ticket.getJsonArray("fieldSources").stream()
                .map(s -> ((JsonObject) s).getString("source")).toList();
        assertThat(sources).contains("parameters/order_number");
        JsonObject phone = ticket.getJsonArray("fieldSources").stream().map(JsonObject.class::cast)
                .filter(s -> s.getString("field").equals("phone")).findFirst().orElseThrow();
        int line = Integer.parseInt(phone.getString("source").substring("transcript/".length()));
        JsonObject turn = ticket.getJsonObject("handoff").getJsonArray("transcript").getJsonObject(line);
        assertThat(turn.getString("speaker")).isEqualTo("customer");
        assertThat(turn.getString("text").substring(phone.getInteger("start"), phone.getInteger("end")))
                .isEqualTo("138 0013 8000");
    }

    @Test
    void handoff_withoutARequiredValue_opensNeedingInfoAndRequestsTheField(Vertx vertx) {
        TestServer server = TestServer.start(vertx, TestServer.CONFIG + INTAKE);
        TestServer.Reply reply = server.send("POST", "/v1/handoff/rasa", rasa(new JsonObject(),
                "order number 20231105, but the bot keeps asking"), "Authorization",
                server.bearer("helpbot", Role.INTEGRATION));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonObject ticket = ticket(server, reply);
        assertThat(ticket.getBoolean("needsInfo")).isTrue();
        assertThat(ticket.getJsonArray("missingFields").getList()).containsExactly("phone");
        assertThat(ticket.getJsonObject("fields").getString("orderNumber")).isEqualTo("20231105");
        JsonArray timeline = server.get("/v1/tickets/" + ticket.getString("id") + "/timeline").json()
                .getJsonArray("timeline");
        assertThat(timeline.stream().map(e -> ((JsonObject) e).getString("type")))
                .contains("handoff_received", "fields_requested");
    }

    @Test
    void handoff_botTurnsAreNotTheCustomers_theirValuesAreNotTaken(Vertx vertx) {
        TestServer server = TestServer.start(vertx, TestServer.CONFIG + INTAKE);
        JsonObject tracker = new JsonObject(rasa(new JsonObject().put("order_number", "20231105")));
        tracker.getJsonArray("events").add(new JsonObject().put("event", "bot").put("timestamp", 1796547700.0)
                .put("text", "Call us on 138 0013 8000"));
        TestServer.Reply reply = server.send("POST", "/v1/handoff/rasa", tracker.encode());

        assertThat(ticket(server, reply).getJsonArray("missingFields").getList()).containsExactly("phone");
    }

    @Test
    void handoff_onAChannelThatCanRefuse_422MissingFieldsAndNothingCreated(Vertx vertx) {
        TestServer server = TestServer.start(vertx, TestServer.CONFIG + INTAKE + "  lenientChannels: [email, wechat]\n");
        TestServer.Reply reply = server.send("POST", "/v1/handoff/rasa", rasa(new JsonObject()));

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().getString("type")).endsWith("/missing-fields");
        assertThat(reply.json().getString("detail")).contains("orderNumber", "phone");
        assertThat(server.get("/v1/tickets").json().getJsonArray("tickets")).isEmpty();
    }
}

package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property tests over a real server: whatever well-framed JSON a client sends, ticket intake never
 * answers 5xx, and the agent WebSocket answers every message (ack or error, same id) and stays open.
 */
class HostilePropertiesTest {
    private static final Set<Integer> CLIENT_ERRORS = Set.of(200, 201, 400, 409, 413, 415, 422);
    private static Vertx vertx;
    private static TestServer server;
    private static AgentClient alice;

    @BeforeContainer
    static void start() {
        vertx = Vertx.vertx();
        server = TestServer.start(vertx);
        server.putAgent("alice", "support", new JsonObject().put("billing", 4), new JsonObject().put("chat", 1));
        alice = server.connect("alice");
        alice.await("welcome");
    }

    @AfterContainer
    static void stop() {
        alice.close();
        TestServer.await(vertx.close());
    }

    /** Scalars a hostile client would try: odd strings, huge and negative numbers, nulls, booleans. */
    private static Arbitrary<Object> scalars() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40).map(s -> (Object) s),
                Arbitraries.of("chat", "email", "vip", "urgent", "billing", "<script>alert(1)</script>", "",
                        "\u0000\u001b[2J", "tkt_1", "ofr_1", "x".repeat(300), "available", "📞"),
                Arbitraries.longs().map(n -> (Object) n),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(true, false),
                Arbitraries.just(null));
    }

    private static Arbitrary<Object> values(int depth) {
        if (depth == 0) {
            return scalars();
        }
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, scalars()),
                net.jqwik.api.Tuple.of(1, values(depth - 1).list().ofMaxSize(4).map(l -> (Object) new JsonArray(l))),
                net.jqwik.api.Tuple.of(1, objects(depth - 1).map(o -> (Object) o)));
    }

    private static Arbitrary<JsonObject> objects(int depth) {
        Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.of("channel", "type", "priority", "customer", "id",
                "tier", "subject", "description", "requiredSkills", "name", "level", "language", "tags", "fields",
                "queue", "status", "offerId", "reason"), Arbitraries.strings().alpha().ofMaxLength(8));
        return Arbitraries.maps(keys, values(depth)).ofMaxSize(8).map(m -> {
            JsonObject o = new JsonObject();
            m.forEach(o::put);
            return o;
        });
    }

    @Provide
    Arbitrary<JsonObject> tickets() {
        Arbitrary<JsonObject> customer = objects(1).map(c -> c.put("id", c.getValue("id") == null ? "c1" : c.getValue("id")));
        return Arbitraries.oneOf(objects(3), objects(2).flatMap(o -> customer.map(c -> o.copy()
                .put("channel", o.getValue("channel") == null ? "chat" : o.getValue("channel")).put("customer", c))));
    }

    @Property(tries = 300)
    void intake_anyWellFramedJson_neverServerError(@ForAll("tickets") JsonObject body) {
        TestServer.Reply reply = server.post("/v1/tickets", body);

        assertThat(reply.status()).as(body.encode() + " -> " + reply.body()).isIn(CLIENT_ERRORS);
        if (reply.status() >= 400) {
            assertThat(reply.contentType()).startsWith("application/problem+json");
        }
    }

    @Provide
    Arbitrary<JsonObject> messages() {
        Arbitrary<Object> type = Arbitraries.oneOf(Arbitraries.of("presence", "accept", "reject").map(t -> (Object) t),
                scalars());
        return objects(2).flatMap(o -> type.map(t -> o.copy().put("type", t)));
    }

    @Property(tries = 300)
    void agentSocket_anyWellFramedMessage_answeredAndStaysOpen(@ForAll("messages") JsonObject message) {
        String id = alice.send(message);
        JsonObject reply = alice.replyTo(id);

        assertThat(reply.getString("type")).as(message.encode() + " -> " + reply).isIn(List.of("ack", "error"));
        assertThat(server.get("/v1/agents/alice").json().getBoolean("connected")).isTrue();
    }
}

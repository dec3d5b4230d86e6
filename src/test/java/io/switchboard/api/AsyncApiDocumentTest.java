package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/asyncapi.yaml on its own: strict YAML, every reference resolves, every example matches its
 * schema, every message has a direction, and it names every message type and close code the
 * WebSocket code uses. What real sessions send is checked by {@link AsyncApiSessionTest}; the
 * official AsyncAPI parser runs in .ci/run.
 */
@ExtendWith(VertxExtension.class)
class AsyncApiDocumentTest {
    private static final Path WS_CODE = Path.of("src/main/java/io/switchboard/api/ws");
    private final AsyncApiDocument doc = AsyncApiDocument.load();

    @Test
    void document_loadedStrictly_isAsyncApi3WithTheTwoChannels() {
        assertThat(doc.document().getString("asyncapi")).isEqualTo("3.0.0");
        assertThat(doc.document().getJsonObject("info").getString("version"))
                .as("one version for both contracts")
                .isEqualTo(doc.openApi().getJsonObject("info").getString("version"));
        assertThat(doc.document().getJsonObject("channels").fieldNames()).containsExactlyInAnyOrder("agent", "supervisor");
        assertThat(doc.document().getJsonObject("channels").getJsonObject("agent").getString("address"))
                .isEqualTo("/v1/agents/{agentId}/ws");
        assertThat(doc.document().getJsonObject("channels").getJsonObject("supervisor").getString("address"))
                .isEqualTo("/v1/supervisors/{personId}/ws");
    }

    @Test
    void strictYaml_duplicateKey_failsNamingTheKeyAndLine() {
        assertThatThrownBy(() -> AsyncApiDocument.strictYaml("info:\n  title: a\n  title: b\n"))
                .hasMessageContaining("found duplicate key title").hasMessageContaining("line 3");
    }

    @Test
    void everyReference_resolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(doc.document(), refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            JsonObject target;
            if (ref.startsWith("#/")) {
                target = doc.resolve(ref);
            } else {
                assertThat(ref).as("external references go to openapi.yaml only").startsWith("openapi.yaml#/");
                target = doc.openApi();
                for (String part : ref.substring("openapi.yaml#/".length()).split("/")) {
                    target = target == null ? null : target.getJsonObject(part);
                }
            }
            assertThat(target).as(ref).isNotNull();
        }
    }

    @Test
    void everyChannelMessage_hasADirection_andTheOperationsUseNoOther() {
        Set<String> inChannels = new TreeSet<>();
        JsonObject channels = doc.document().getJsonObject("channels");
        for (String channel : channels.fieldNames()) {
            channels.getJsonObject(channel).getJsonObject("messages").fieldNames().forEach(m -> inChannels.add(channel + "/" + m));
        }
        assertThat(new TreeSet<>(doc.allMessageNames())).isEqualTo(inChannels);
    }

    @Test
    void everyExample_matchesItsMessage() {
        int checked = 0;
        for (AsyncApiDocument.Message message : doc.allMessages()) {
            JsonObject channelMessage = doc.document().getJsonObject("channels").getJsonObject(message.channel())
                    .getJsonObject("messages").getJsonObject(message.key());
            JsonArray examples = doc.resolve(channelMessage.getString("$ref")).getJsonArray("examples", new JsonArray());
            for (Object example : examples) {
                Object payload = ((JsonObject) example).getValue("payload");
                assertThat(AsyncApiDocument.problems(message, payload)).as(message.name() + " example " + example).isNull();
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(10);
    }

    @Test
    void everyMessageTypeTheCodeSpeaks_isOnItsChannel() throws IOException {
        String agent = Files.readString(WS_CODE.resolve("AgentSocket.java"));
        String supervisor = Files.readString(WS_CODE.resolve("SupervisorSocket.java"));
        Set<String> notifications = Set.copyOf(JsonViews.NOTIFICATION_TYPES.values());
        Set<String> agentSends = new TreeSet<>(matches(agent, "put\\(\"type\", \"([a-z_]+)\"\\)"));
        // offers, assignments and ticket updates are streamed pre-encoded (TicketJson.openMessage)
        agentSends.addAll(matches(agent, "openMessage\\(\"([a-z_]+)\""));
        agentSends.addAll(notifications);
        Set<String> supervisorSends = new TreeSet<>(matches(supervisor, "put\\(\"type\", \"([a-z_]+)\"\\)"));
        supervisorSends.addAll(notifications);
        Set<String> agentAccepts = new TreeSet<>(matches(Files.readString(WS_CODE.resolve("ClientMessages.java")),
                "case \"([a-z_]+)\":"));
        assertThat(agentSends).contains("welcome", "offer", "ack", "error", "sla_warning");
        assertThat(agentAccepts).containsExactlyInAnyOrder("presence", "accept", "reject");
        agentSends.forEach(type -> assertThat(doc.sent("agent", type)).as("agent sends " + type).isNotNull());
        supervisorSends.forEach(type -> assertThat(doc.sent("supervisor", type)).as("supervisor sends " + type).isNotNull());
        agentAccepts.forEach(type -> assertThat(doc.accepted("agent", type)).as("agent accepts " + type).isNotNull());
        assertThat(doc.accepted("agent")).hasSize(agentAccepts.size());
    }

    @Test
    void everyCloseCodeTheCodeUses_isListedOnItsChannels() throws IOException {
        StringBuilder code = new StringBuilder();
        for (String file : List.of("AgentSocket.java", "NumberedSocket.java")) {
            code.append(Files.readString(WS_CODE.resolve(file)));
        }
        Set<String> used = new TreeSet<>(matches(code.toString(), "short [A-Z_]+ = (\\d{4});"));
        used.addAll(matches(code.toString(), "close\\(\\(short\\) (\\d{4})"));
        assertThat(used).contains("4409", "4401", "1001", "1013", "1008");
        JsonObject agent = doc.document().getJsonObject("channels").getJsonObject("agent").getJsonObject("x-close-codes");
        assertThat(agent.fieldNames()).containsExactlyInAnyOrderElementsOf(used);
        String shared = Files.readString(WS_CODE.resolve("NumberedSocket.java"));
        JsonObject supervisor = doc.document().getJsonObject("channels").getJsonObject("supervisor")
                .getJsonObject("x-close-codes");
        assertThat(supervisor.fieldNames())
                .containsExactlyInAnyOrderElementsOf(matches(shared, "short [A-Z_]+ = (\\d{4});"));
    }

    @Test
    void everyReasonAndErrorCodeTheCodeWrites_isInTheDocumentsEnums() throws IOException {
        Path engine = Path.of("src/main/java/io/switchboard/engine");
        StringBuilder engineCode = new StringBuilder();
        for (String file : List.of("Engine.java", "Run.java", "SlaDecisions.java", "TicketCommands.java",
                "AgentCommands.java")) {
            engineCode.append(Files.readString(engine.resolve(file)));
        }
        Set<String> revokeReasons = new TreeSet<>(matches(engineCode.toString(), "revokeOffer\\([a-z]+, \"([a-z_]+)\"\\)"));
        revokeReasons.addAll(matches(engineCode.toString(), "Kind\\.OFFER_REVOKED, [a-zA-Z]+, null, \"([a-z_]+)\""));
        assertThat(revokeReasons).hasSize(6);
        assertThat(enumOf("OfferRevoked", "reason")).containsExactlyInAnyOrderElementsOf(revokeReasons);
        assertThat(enumOf("PresenceChanged", "reason")).containsExactlyInAnyOrderElementsOf(
                matches(engineCode.toString(), "Kind\\.PRESENCE_CHANGED, null, null, \"([a-z_]+)\""));

        // the agent socket's own codes, and the refusals of the commands it sends the engine
        Set<String> codes = new TreeSet<>(matches(Files.readString(WS_CODE.resolve("AgentSocket.java")),
                "error\\([a-z]+, \"([a-z_]+)\""));
        String agentCommands = Files.readString(engine.resolve("AgentCommands.java"));
        codes.addAll(matches(agentCommands, "Rejection\\.conflict\\(\"([a-z_]+)\""));
        codes.addAll(matches(agentCommands, "Rejection\\.Kind\\.[A-Z_]+, \"([a-z_]+)\""));
        if (agentCommands.contains("Rejection.notFound(")) {
            codes.addAll(matches(Files.readString(engine.resolve("Rejection.java")), "NOT_FOUND, \"([a-z_]+)\""));
        }
        assertThat(codes).contains("bad_message", "unavailable", "offer_expired", "session_replaced", "not_found");
        assertThat(enumOf("AgentError", "code")).containsExactlyInAnyOrderElementsOf(codes);
    }

    @Test
    void server_servesTheDocument_withoutCredentials(Vertx vertx) throws IOException {
        TestServer server = TestServer.start(vertx);
        TestServer.Reply reply = server.send("GET", "/asyncapi.yaml", null, TestServer.NO_AUTH, "1");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/yaml");
        assertThat(reply.body()).isEqualTo(Files.readString(AsyncApiDocument.PATH));
        TestServer.Reply openApi = server.send("GET", "/openapi.yaml", null, TestServer.NO_AUTH, "1");
        assertThat(openApi.status()).as("its references resolve on the same server").isEqualTo(200);
    }

    private List<Object> enumOf(String schema, String property) {
        return doc.resolve("#/components/schemas/" + schema).getJsonObject("properties").getJsonObject(property)
                .getJsonArray("enum").getList();
    }

    private static void collectRefs(Object node, List<String> into) {
        if (node instanceof JsonObject object) {
            object.forEach(e -> {
                if (e.getKey().equals("$ref") && e.getValue() instanceof String ref) {
                    into.add(ref);
                } else {
                    collectRefs(e.getValue(), into);
                }
            });
        } else if (node instanceof JsonArray array) {
            array.forEach(v -> collectRefs(v, into));
        }
    }

    private static List<String> matches(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}

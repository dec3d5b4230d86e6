package io.switchboard.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docs/asyncapi.yaml read the way a client would: loaded strictly, with the openapi.yaml it refers
 * to (a duplicate key fails, naming the key and its line), its payload schemas compiled with the {@code openapi.yaml} they refer to
 * (both registered under the URIs the server serves them at, so {@code openapi.yaml#/...}
 * resolves as it does for a client reading {@code /asyncapi.yaml}), and each channel's messages
 * split by direction from its operations: what the server sends ({@code send} operations and the
 * replies of {@code receive} operations) and what it accepts ({@code receive} operations).
 * A message is found by the {@code type} its payload pins with an {@code enum}.
 */
final class AsyncApiDocument {
    static final String BASE = "https://switchboard.dev/";
    static final Path PATH = Path.of("docs/asyncapi.yaml");

    /** One message of one channel, in one direction. */
    record Message(String channel, String key, String type, Validator validator) {
        String name() {
            return channel + "/" + key;
        }
    }

    private final JsonObject document;
    private final JsonObject openApi;
    private final Map<String, List<Message>> sent = new LinkedHashMap<>();
    private final Map<String, List<Message>> accepted = new LinkedHashMap<>();
    private final SchemaRepository schemas;
    private final JsonSchemaOptions options = new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri(BASE)
            .setOutputFormat(OutputFormat.Basic);

    private AsyncApiDocument(JsonObject document, JsonObject openApi) {
        this.document = document;
        this.openApi = openApi;
        this.schemas = SchemaRepository.create(options);
        // copies: dereferencing annotates the objects it is given
        schemas.dereference(BASE + "openapi.yaml", JsonSchema.of(openApi.copy()));
        schemas.dereference(BASE + "asyncapi.yaml", JsonSchema.of(document.copy()));
        JsonObject operations = document.getJsonObject("operations");
        for (String id : operations.fieldNames()) {
            JsonObject op = operations.getJsonObject(id);
            String channel = channelName(op.getJsonObject("channel"));
            boolean sends = op.getString("action").equals("send");
            for (Object ref : op.getJsonArray("messages")) {
                add(sends ? sent : accepted, channel, (JsonObject) ref);
            }
            JsonObject reply = op.getJsonObject("reply");
            if (reply != null) {
                for (Object ref : reply.getJsonArray("messages")) {
                    add(sent, channelName(reply.getJsonObject("channel")), (JsonObject) ref);
                }
            }
        }
    }

    static AsyncApiDocument load() {
        try {
            return new AsyncApiDocument((JsonObject) strictYaml(Files.readString(PATH)),
                    (JsonObject) strictYaml(Files.readString(Path.of("docs/openapi.yaml"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** YAML as JSON; a duplicate mapping key fails (SnakeYAML's default keeps the last one silently). */
    static Object strictYaml(String text) {
        LoaderOptions strict = new LoaderOptions();
        strict.setAllowDuplicateKeys(false);
        return toJson(new Yaml(new SafeConstructor(strict)).load(text));
    }

    JsonObject document() {
        return document;
    }

    JsonObject openApi() {
        return openApi;
    }

    /** The message the server may send on {@code channel} with this {@code type}, or null. */
    Message sent(String channel, String type) {
        return find(sent.getOrDefault(channel, List.of()), type);
    }

    /**
     * The message the server accepts on {@code channel} with this {@code type}, or null; a
     * message whose payload pins no {@code type} (the supervisor stream's "anything") matches
     * every frame.
     */
    Message accepted(String channel, String type) {
        List<Message> messages = accepted.getOrDefault(channel, List.of());
        Message typed = find(messages, type);
        if (typed != null) {
            return typed;
        }
        return messages.stream().filter(m -> m.type() == null).findFirst().orElse(null);
    }

    List<Message> accepted(String channel) {
        return accepted.getOrDefault(channel, List.of());
    }

    /** Every message of every channel, by direction (a message both sent and accepted appears twice). */
    Set<String> allMessageNames() {
        Set<String> names = new LinkedHashSet<>();
        sent.values().forEach(list -> list.forEach(m -> names.add(m.name())));
        accepted.values().forEach(list -> list.forEach(m -> names.add(m.name())));
        return names;
    }

    List<Message> allMessages() {
        List<Message> all = new ArrayList<>();
        sent.values().forEach(all::addAll);
        accepted.values().forEach(all::addAll);
        return all;
    }

    /** Null when {@code json} matches {@code message}'s payload, else the validator's errors. */
    static String problems(Message message, Object json) {
        OutputUnit result = message.validator().validate(json);
        return result.getValid() ? null : String.valueOf(result.getErrors());
    }

    /** The object a local reference ({@code #/a/b}) points to. */
    JsonObject resolve(String ref) {
        JsonObject node = document;
        for (String part : ref.substring(2).split("/")) {
            node = node.getJsonObject(part.replace("~1", "/").replace("~0", "~"));
        }
        return node;
    }

    private void add(Map<String, List<Message>> into, String channel, JsonObject channelMessageRef) {
        String ref = channelMessageRef.getString("$ref");
        String key = ref.substring(ref.lastIndexOf('/') + 1);
        JsonObject message = resolve(ref);
        String componentRef = message.getString("$ref", ref);
        JsonObject payload = resolve(componentRef).getJsonObject("payload");
        JsonObject schema = payload.containsKey("$ref") ? resolve(payload.getString("$ref")) : payload;
        JsonObject typeSchema = schema.getJsonObject("properties", new JsonObject()).getJsonObject("type");
        JsonArray types = typeSchema == null ? null : typeSchema.getJsonArray("enum");
        if (types != null && types.size() != 1) {
            throw new AssertionError(ref + ": the payload's type enum must name exactly one type, not " + types);
        }
        String type = types == null ? null : types.getString(0);
        Validator validator = schemas.validator(JsonSchema.of(new JsonObject()
                .put("$ref", BASE + "asyncapi.yaml" + componentRef + "/payload")), options);
        List<Message> list = into.computeIfAbsent(channel, c -> new ArrayList<>());
        if (list.stream().noneMatch(m -> m.key().equals(key))) {
            list.add(new Message(channel, key, type, validator));
        }
    }

    private static Message find(List<Message> messages, String type) {
        return messages.stream().filter(m -> type != null && type.equals(m.type())).findFirst().orElse(null);
    }

    private static String channelName(JsonObject channelRef) {
        String ref = channelRef.getString("$ref");
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    /** YAML values as JSON values (dates and other scalars become strings). */
    static Object toJson(Object value) {
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

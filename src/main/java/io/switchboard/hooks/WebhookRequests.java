package io.switchboard.hooks;

import io.switchboard.core.ticket.Channel;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads {@code /v1/webhooks} request bodies into subscriptions and writes subscriptions back as
 * JSON (never with their secrets: those are shown once, by the caller, on create and rotate).
 * Every problem names its member (a JSON pointer). Threading: stateless.
 */
final class WebhookRequests {
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");
    private static final Set<String> MEMBERS = Set.of("id", "url", "types", "queues", "channels", "createdBy",
            "enabled");
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookRequests() {
    }

    /** A new API subscription from a create body; {@code owner} is the integration making it, or null. */
    static Subscription create(JsonObject body, String owner, String secret, long now) {
        unknownMembers(body);
        if (body.containsKey("enabled")) {
            throw WebhookRejection.invalid("/enabled", "a new subscription is always enabled");
        }
        String id = body.getValue("id") == null ? newId() : text(body, "id");
        if (!ID.matcher(id).matches()) {
            throw WebhookRejection.invalid("/id", "must be 1-40 of a-z, 0-9, '_' and '-', starting with a letter or digit");
        }
        String url = url(body);
        return new Subscription(id, url, types(body), names(body, "queues"), channels(body),
                owner == null ? names(body, "createdBy") : Set.of(), owner, List.of(secret), "api", null, now);
    }

    /** {@code current} changed by a PATCH body (url, types, filters, enabled). */
    static Subscription update(Subscription current, JsonObject body) {
        unknownMembers(body);
        if (body.containsKey("id")) {
            throw WebhookRejection.invalid("/id", "the id cannot change");
        }
        String url = body.containsKey("url") ? url(body) : current.url();
        Set<String> types = body.containsKey("types") ? types(body) : current.types();
        Set<String> queues = body.containsKey("queues") ? names(body, "queues") : current.queues();
        Set<String> channels = body.containsKey("channels") ? channels(body) : current.channels();
        Set<String> createdBy = current.createdBy();
        if (body.containsKey("createdBy")) {
            if (current.owner() != null) {
                throw WebhookRejection.invalid("/createdBy", "an integration's subscription only gets its own tickets");
            }
            createdBy = names(body, "createdBy");
        }
        String disabled = current.disabledReason();
        if (body.containsKey("enabled")) {
            if (!(body.getValue("enabled") instanceof Boolean enabled)) {
                throw WebhookRejection.invalid("/enabled", "must be true or false");
            }
            disabled = enabled ? null : (disabled == null ? "disabled" : disabled);
        }
        return new Subscription(current.id(), url, types, queues, channels, createdBy, current.owner(),
                current.secrets(), current.source(), disabled, current.createdAt());
    }

    /** The subscription as the API shows it: everything but the secrets. */
    static JsonObject view(Subscription s) {
        return new JsonObject().put("id", s.id()).put("url", s.url()).put("types", new JsonArray(List.copyOf(s.types())))
                .put("queues", new JsonArray(List.copyOf(s.queues())))
                .put("channels", new JsonArray(List.copyOf(s.channels())))
                .put("createdBy", new JsonArray(List.copyOf(s.createdBy()))).put("owner", s.owner())
                .put("source", s.source()).put("enabled", s.enabled()).put("disabledReason", s.disabledReason())
                .put("secretsValid", s.secrets().size())
                .put("createdAt", java.time.Instant.ofEpochMilli(s.createdAt()).toString());
    }

    /** What {@link WebhookFiles} keeps of an API subscription (secrets included). */
    static JsonObject stored(Subscription s) {
        return view(s).put("secrets", new JsonArray(s.secrets()));
    }

    static Subscription fromStored(JsonObject json) {
        return new Subscription(json.getString("id"), json.getString("url"), strings(json, "types"),
                strings(json, "queues"), strings(json, "channels"), strings(json, "createdBy"), json.getString("owner"),
                json.getJsonArray("secrets").getList(), "api",
                json.getBoolean("enabled", true) ? null : json.getString("disabledReason", "disabled"),
                java.time.Instant.parse(json.getString("createdAt")).toEpochMilli());
    }

    private static Set<String> strings(JsonObject json, String key) {
        Set<String> out = new TreeSet<>();
        json.getJsonArray(key, new JsonArray()).forEach(v -> out.add((String) v));
        return out;
    }

    private static String newId() {
        byte[] bytes = new byte[9];
        RANDOM.nextBytes(bytes);
        StringBuilder out = new StringBuilder("wh_");
        for (byte b : bytes) {
            out.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return out.toString();
    }

    private static void unknownMembers(JsonObject body) {
        for (String name : body.fieldNames()) {
            if (!MEMBERS.contains(name)) {
                throw WebhookRejection.invalid("/" + name, "unknown member; known: " + new TreeSet<>(MEMBERS));
            }
        }
    }

    private static String text(JsonObject body, String key) {
        if (!(body.getValue(key) instanceof String s)) {
            throw WebhookRejection.invalid("/" + key, "must be a string");
        }
        return s;
    }

    private static String url(JsonObject body) {
        if (body.getValue("url") == null) {
            throw WebhookRejection.invalid("/url", "is required");
        }
        String url = text(body, "url");
        String problem = UrlGuard.formProblem(url);
        if (problem != null) {
            throw WebhookRejection.invalid("/url", problem);
        }
        return url;
    }

    private static Set<String> types(JsonObject body) {
        Set<String> types = names(body, "types");
        for (String type : types) {
            if (!Subscription.TYPES.contains(type)) {
                throw WebhookRejection.invalid("/types", "unknown event type '" + type + "'; known: " + Subscription.TYPES);
            }
        }
        return types;
    }

    private static Set<String> channels(JsonObject body) {
        Set<String> channels = names(body, "channels");
        Set<String> known = new HashSet<>();
        for (Channel c : Channel.values()) {
            known.add(c.wire());
        }
        for (String channel : channels) {
            if (!known.contains(channel)) {
                throw WebhookRejection.invalid("/channels", "unknown channel '" + channel + "'; known: "
                        + new TreeSet<>(known));
            }
        }
        return channels;
    }

    private static Set<String> names(JsonObject body, String key) {
        Object value = body.getValue(key);
        if (value == null) {
            return Set.of();
        }
        if (!(value instanceof JsonArray array) || array.size() > 100) {
            throw WebhookRejection.invalid("/" + key, "must be an array of at most 100 strings");
        }
        Set<String> out = new TreeSet<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.getValue(i) instanceof String s) || s.isEmpty() || s.length() > 200) {
                throw WebhookRejection.invalid("/" + key + "/" + i, "must be a string of 1-200 characters");
            }
            out.add(s);
        }
        return out;
    }
}

package io.switchboard.config;

import io.switchboard.core.ticket.Channel;
import io.switchboard.hooks.Subscription;
import io.switchboard.hooks.WebhookSettings;
import io.switchboard.hooks.WebhookSigner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the {@code webhooks} section (docs/configuration.md, "Webhooks"); every problem names its key. */
final class WebhookSection {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");

    private WebhookSection() {
    }

    static WebhookSettings read(ConfigNode node) {
        node.onlyKeys(Set.of("allowPrivateNetworks", "requestTimeout", "retryHorizon", "initialBackoff", "maxBackoff",
                "connectionsPerEndpoint", "subscriptions", "trustedCertificates"));
        WebhookSettings d = WebhookSettings.DEFAULTS;
        Duration timeout = positive(node.get("requestTimeout"), d.requestTimeout(), Duration.ofMinutes(5));
        Duration horizon = positive(node.get("retryHorizon"), d.retryHorizon(), Duration.ofDays(30));
        Duration initial = positive(node.get("initialBackoff"), d.initialBackoff(), Duration.ofHours(1));
        Duration max = positive(node.get("maxBackoff"), d.maxBackoff(), Duration.ofDays(1));
        if (max.compareTo(initial) < 0) {
            throw node.get("maxBackoff").error("must be at least webhooks.initialBackoff");
        }
        int connections = node.get("connectionsPerEndpoint").integer(1, 64, d.connectionsPerEndpoint());
        List<Subscription> subscriptions = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (ConfigNode s : node.get("subscriptions").items()) {
            s.onlyKeys(Set.of("id", "url", "secret", "previousSecret", "types", "queues", "channels", "createdBy",
                    "integration"));
            String id = s.get("id").string();
            if (!ID.matcher(id).matches() || !ids.add(id)) {
                throw s.get("id").error("'" + id + "' is not a valid, unique id (1-40 of a-z, 0-9, '_', '-')");
            }
            String url = s.get("url").string();
            String problem = io.switchboard.hooks.UrlGuard.formProblem(url);
            if (problem != null) {
                throw s.get("url").error(problem);
            }
            List<String> secrets = new ArrayList<>();
            secrets.add(secret(s.get("secret"), s.get("secret").string()));
            if (!s.get("previousSecret").isMissing()) {
                secrets.add(secret(s.get("previousSecret"), s.get("previousSecret").string()));
            }
            Set<String> types = new LinkedHashSet<>(s.get("types").strings());
            for (String type : types) {
                if (!Subscription.TYPES.contains(type)) {
                    throw s.get("types").error("unknown event type '" + type + "'; known: " + Subscription.TYPES);
                }
            }
            Set<String> channels = new LinkedHashSet<>(s.get("channels").strings());
            for (String channel : channels) {
                ConfigLoader.enumValue(s.get("channels"), Channel.parse(channel), Channel.values());
            }
            String integration = s.get("integration").string(null);
            if (integration != null && !ConfigLoader.NAME.matcher(integration).matches()) {
                throw s.get("integration").error("must be an API key name");
            }
            subscriptions.add(new Subscription(id, url, types, new LinkedHashSet<>(s.get("queues").strings()), channels,
                    new LinkedHashSet<>(s.get("createdBy").strings()), integration == null ? null : "key:" + integration,
                    secrets, "config", null, 0));
        }
        String trusted = node.get("trustedCertificates").string(null);
        if (trusted != null) {
            try {
                io.switchboard.hooks.WebhookTrust.certificates(trusted);
            } catch (IllegalArgumentException e) {
                throw node.get("trustedCertificates").error(e.getMessage());
            }
        }
        return new WebhookSettings(node.get("allowPrivateNetworks").bool(d.allowPrivateNetworks()), timeout, horizon,
                initial, max, connections, subscriptions, trusted);
    }

    private static String secret(ConfigNode node, String secret) {
        if (!WebhookSigner.valid(secret)) {
            throw node.error("must be whsec_ followed by the base64 of 24 to 64 random bytes");
        }
        return secret;
    }

    private static Duration positive(ConfigNode node, Duration fallback, Duration limit) {
        Duration value = node.duration(fallback);
        if (value.isZero() || value.compareTo(limit) > 0) {
            throw node.error("must be between 1ms and " + limit.toString().substring(2).toLowerCase());
        }
        return value;
    }
}

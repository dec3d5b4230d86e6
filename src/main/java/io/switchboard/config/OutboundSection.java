package io.switchboard.config;

import io.switchboard.channels.email.OutboundMail;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code email.outbound}: the SMTP server agent replies go out through (docs/configuration.md,
 * "email"). The password is never in the YAML: {@code auth.passwordEnv} names the environment
 * variable that holds it, read here once.
 */
final class OutboundSection {
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>\"]+@[^@\\s<>\"]+");

    private OutboundSection() {
    }

    static OutboundMail read(ConfigNode node) {
        node.onlyKeys(Set.of("host", "port", "starttls", "auth", "from", "maxAttempts", "firstRetry", "maxRetry"));
        ConfigNode starttls = node.get("starttls");
        OutboundMail.StartTls tls;
        try {
            tls = OutboundMail.StartTls.valueOf(starttls.string("required").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw starttls.error("expected disabled, optional or required");
        }
        String username = null;
        String password = null;
        ConfigNode auth = node.get("auth");
        if (!auth.isMissing()) {
            auth.onlyKeys(Set.of("username", "passwordEnv"));
            username = auth.get("username").string();
            String variable = auth.get("passwordEnv").string();
            password = System.getenv(variable);
            if (password == null) {
                throw auth.get("passwordEnv").error("the environment variable " + variable + " is not set");
            }
        }
        ConfigNode from = node.get("from");
        from.onlyKeys(Set.of("address", "name"));
        String address = from.get("address").string();
        if (!ADDRESS.matcher(address).matches()) {
            throw from.get("address").error("expected an address (support@example.com)");
        }
        Duration first = node.get("firstRetry").duration(Duration.ofMillis(OutboundMail.DEFAULT_FIRST_RETRY_MILLIS));
        Duration max = node.get("maxRetry").duration(Duration.ofMillis(OutboundMail.DEFAULT_MAX_RETRY_MILLIS));
        if (first.toMillis() < 1 || max.compareTo(first) < 0) {
            throw node.get("maxRetry").error("firstRetry must be positive and maxRetry at least firstRetry");
        }
        return new OutboundMail(node.get("host").string(), node.get("port").integer(1, 65_535,
                OutboundMail.DEFAULT_PORT), tls, username, password, address,
                from.get("name").isMissing() ? null : from.get("name").string(),
                node.get("maxAttempts").integer(1, 1000, OutboundMail.DEFAULT_MAX_ATTEMPTS), first.toMillis(),
                max.toMillis());
    }
}

package io.switchboard.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the {@code security} section; every problem names its key. */
final class SecuritySection {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]+(:\\d{1,5})?");

    private SecuritySection() {
    }

    static SecuritySettings read(ConfigNode node) {
        node.onlyKeys(Set.of("apiKeys", "rateLimit", "jwt", "allowedOrigins", "wsTicketTtl"));
        SecuritySettings d = SecuritySettings.DEFAULTS;
        RateLimit defaultRate = rate(node.get("rateLimit"), d.defaultRate());
        ConfigNode jwt = node.get("jwt").onlyKeys(Set.of("issuer", "audience", "leeway", "secretFile", "publicKeys"));
        Duration leeway = jwt.get("leeway").duration(d.leeway());
        if (leeway.compareTo(Duration.ofMinutes(5)) > 0) {
            throw jwt.get("leeway").error("must be at most 5m");
        }
        String secretFile = jwt.get("secretFile").string(null);
        List<SecuritySettings.JwtKey> keys = new ArrayList<>();
        for (ConfigNode k : jwt.get("publicKeys").items()) {
            k.onlyKeys(Set.of("algorithm", "pem"));
            String algorithm = k.get("algorithm").string();
            if (!algorithm.equals("RS256") && !algorithm.equals("ES256")) {
                throw k.get("algorithm").error("must be RS256 or ES256");
            }
            String pem = k.get("pem").string();
            if (!pem.contains("BEGIN PUBLIC KEY")) {
                throw k.get("pem").error("must be a PEM public key (-----BEGIN PUBLIC KEY-----)");
            }
            keys.add(new SecuritySettings.JwtKey(algorithm, pem));
        }
        List<String> origins = new ArrayList<>();
        for (ConfigNode o : node.get("allowedOrigins").items()) {
            if (!ORIGIN.matcher(o.string()).matches()) {
                throw o.error("must be an origin like https://desk.example.com (scheme, host, optional port)");
            }
            origins.add(o.string());
        }
        Duration ticketTtl = node.get("wsTicketTtl").duration(d.wsTicketTtl());
        if (ticketTtl.isZero() || ticketTtl.compareTo(Duration.ofMinutes(5)) > 0) {
            throw node.get("wsTicketTtl").error("must be between 1ms and 5m");
        }
        return new SecuritySettings(apiKeys(node.get("apiKeys"), defaultRate), defaultRate,
                jwt.get("issuer").string(d.issuer()), jwt.get("audience").string(d.audience()), leeway,
                secretFile == null ? null : Path.of(secretFile), keys, origins, ticketTtl);
    }

    private static List<ApiKey> apiKeys(ConfigNode node, RateLimit fallback) {
        List<ApiKey> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        for (ConfigNode k : node.items()) {
            k.onlyKeys(Set.of("name", "role", "sha256", "rateLimit"));
            String name = k.get("name").string();
            if (!ConfigLoader.NAME.matcher(name).matches() || !names.add(name)) {
                throw k.get("name").error("'" + name + "' is not a valid, unique key name");
            }
            Role role = ConfigLoader.enumValue(k.get("role"), Role.parse(k.get("role").string()), Role.values());
            String hash = k.get("sha256").string().toLowerCase(java.util.Locale.ROOT);
            if (!SHA256.matcher(hash).matches() || !hashes.add(hash)) {
                throw k.get("sha256").error("must be a unique 64-digit hex SHA-256 of the key (never the key itself)");
            }
            out.add(new ApiKey(name, role, hash, rate(k.get("rateLimit"), fallback)));
        }
        return out;
    }

    private static RateLimit rate(ConfigNode node, RateLimit fallback) {
        if (node.isMissing()) {
            return fallback;
        }
        node.onlyKeys(Set.of("perSecond", "burst"));
        int perSecond = node.get("perSecond").integer(1, 1_000_000, (int) fallback.perSecond());
        return new RateLimit(perSecond, node.get("burst").integer(1, 1_000_000, Math.max(perSecond,
                (int) fallback.burst())));
    }
}

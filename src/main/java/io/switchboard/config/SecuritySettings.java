package io.switchboard.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The {@code security} section (docs/configuration.md, docs/security.md).
 *
 * @param apiKeys        configured API keys (hashed); the data dir may add a generated admin key
 * @param defaultRate    the token bucket of every caller without its own {@code rateLimit}
 * @param issuer         required {@code iss} of every JWT (also put into minted tokens)
 * @param audience       required {@code aud} of every JWT
 * @param leeway         clock skew tolerated on {@code exp}, {@code nbf} and {@code iat}
 * @param secretFile     file holding the HS256 secret; null = the one generated into the data dir
 * @param publicKeys     RS256/ES256 public keys (PEM) of an external identity provider
 * @param allowedOrigins browser origins allowed to open WebSockets; empty = same origin only
 * @param wsTicketTtl    how long a WebSocket connection ticket stays redeemable (once)
 */
public record SecuritySettings(List<ApiKey> apiKeys, RateLimit defaultRate, String issuer, String audience,
        Duration leeway, Path secretFile, List<JwtKey> publicKeys, List<String> allowedOrigins,
        Duration wsTicketTtl) {
    public static final SecuritySettings DEFAULTS = new SecuritySettings(List.of(), RateLimit.DEFAULT, "switchboard",
            "switchboard", Duration.ofSeconds(30), null, List.of(), List.of(), Duration.ofSeconds(30));

    public SecuritySettings {
        apiKeys = List.copyOf(apiKeys);
        publicKeys = List.copyOf(publicKeys);
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    /** A verification key: {@code algorithm} RS256 or ES256, {@code pem} a PEM public key. */
    public record JwtKey(String algorithm, String pem) {}

    public SecuritySettings withApiKeys(List<ApiKey> keys) {
        return new SecuritySettings(keys, defaultRate, issuer, audience, leeway, secretFile, publicKeys,
                allowedOrigins, wsTicketTtl);
    }
}

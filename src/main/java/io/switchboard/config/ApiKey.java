package io.switchboard.config;

/**
 * A configured API key: only the lower-case hex SHA-256 of the key is ever held. Keys are
 * high-entropy random strings (see {@code api.auth.Secrets.newApiKey()}), so a fast hash suffices: there is
 * nothing to brute-force from a dictionary. {@code rate} null means the default limit.
 */
public record ApiKey(String name, Role role, String sha256, RateLimit rate) {}

package io.switchboard.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random API keys and signing secrets, and the hash under which keys are stored. */
public final class Secrets {
    /** Prefix of generated API keys, so a leaked one is easy to recognise (and to grep for). */
    public static final String KEY_PREFIX = "sbk_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** A new API key: the prefix and 256 random bits, base64url. */
    public static String newApiKey() {
        return KEY_PREFIX + random(32);
    }

    /** A new HS256 signing secret: 384 random bits, base64url. */
    public static String newJwtSecret() {
        return random(48);
    }

    /** Lower-case hex SHA-256 of the key's UTF-8 bytes (what the config and data dir store). */
    public static String sha256(String key) {
        return HexFormat.of().formatHex(SHA_256.get().digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    /** One digest per thread: every API-key request hashes its key, and a lookup of the provider each time cost more than the hash. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    });

    private static String random(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}

package io.switchboard.app;

import io.switchboard.config.ApiKey;
import io.switchboard.config.Role;
import io.switchboard.api.auth.Secrets;
import io.switchboard.config.ConfigException;
import io.switchboard.config.SecuritySettings;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Secure by default: on first start, {@code DATA_DIR/security.properties} (mode 600) is created with
 * a random HS256 secret and the SHA-256 of a random admin API key; the key itself is returned once
 * for printing and never stored. Later starts read the file. {@code security.jwt.secretFile}
 * replaces the stored secret (e.g. one shared by several nodes).
 */
final class SecretStore {
    static final String FILE = "security.properties";
    private static final int MIN_SECRET = 32;

    /** What a start uses; {@code newAdminKey} is non-null only on the start that generated it. */
    record Loaded(String jwtSecret, List<ApiKey> apiKeys, String newAdminKey) {}

    private SecretStore() {
    }

    static Loaded load(Path dataDir, SecuritySettings settings) {
        Path file = dataDir.resolve(FILE);
        String newAdminKey = null;
        Properties stored = new Properties();
        try {
            if (Files.notExists(file)) {
                newAdminKey = Secrets.newApiKey();
                stored.setProperty("jwtSecret", Secrets.newJwtSecret());
                stored.setProperty("adminKeySha256", Secrets.sha256(newAdminKey));
                write(file, stored);
            } else {
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    stored.load(in);
                }
            }
        } catch (FileAlreadyExistsException e) {
            return load(dataDir, settings);
        } catch (IOException e) {
            throw new ConfigException("SWITCHBOARD_DATA_DIR", "cannot read or create " + file + ": " + e.getMessage());
        }
        String secret = settings.secretFile() == null ? stored.getProperty("jwtSecret", "") : readSecret(settings);
        if (secret.length() < MIN_SECRET) {
            throw new ConfigException(settings.secretFile() == null ? file.toString() : "security.jwt.secretFile",
                    "the HS256 secret must be at least " + MIN_SECRET + " characters");
        }
        List<ApiKey> keys = new ArrayList<>(settings.apiKeys());
        String adminHash = stored.getProperty("adminKeySha256");
        if (adminHash != null && keys.stream().noneMatch(k -> k.sha256().equals(adminHash))) {
            keys.add(new ApiKey("admin", Role.ADMIN, adminHash, settings.defaultRate()));
        }
        return new Loaded(secret, keys, newAdminKey);
    }

    private static String readSecret(SecuritySettings settings) {
        try {
            return Files.readString(settings.secretFile(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new ConfigException("security.jwt.secretFile", "cannot read " + settings.secretFile() + ": "
                    + e.getMessage());
        }
    }

    /** Created owner-only where the file system allows, and never overwritten. */
    private static void write(Path file, Properties stored) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            stored.store(out, "Switchboard secrets: keep private. Delete this file to generate new ones.");
        }
    }
}

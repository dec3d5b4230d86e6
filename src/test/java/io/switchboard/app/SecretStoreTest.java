package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.config.ApiKey;
import io.switchboard.config.Role;
import io.switchboard.api.auth.Secrets;
import io.switchboard.config.ConfigException;
import io.switchboard.config.SecuritySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretStoreTest {
    @TempDir
    Path dataDir;

    @Test
    void load_emptyDataDir_generatesOnceAndKeepsOnlyTheHash() throws Exception {
        SecretStore.Loaded first = SecretStore.load(dataDir, SecuritySettings.DEFAULTS);
        Path file = dataDir.resolve(SecretStore.FILE);

        assertThat(first.newAdminKey()).startsWith(Secrets.KEY_PREFIX).hasSizeGreaterThan(40);
        assertThat(first.jwtSecret()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(first.apiKeys()).extracting(ApiKey::role, ApiKey::sha256)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Role.ADMIN, Secrets.sha256(first.newAdminKey())));
        assertThat(Files.readString(file)).doesNotContain(first.newAdminKey());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        SecretStore.Loaded second = SecretStore.load(dataDir, SecuritySettings.DEFAULTS);
        assertThat(second.newAdminKey()).as("printed only on the first start").isNull();
        assertThat(second.jwtSecret()).isEqualTo(first.jwtSecret());
        assertThat(second.apiKeys()).isEqualTo(first.apiKeys());
    }

    @Test
    void load_secretFileConfigured_usesItAndRejectsShortOnes() throws Exception {
        Path secret = dataDir.resolve("shared-secret");
        Files.writeString(secret, "s".repeat(40) + "\n");
        SecuritySettings s = SecuritySettings.DEFAULTS;
        SecuritySettings withFile = new SecuritySettings(List.of(), s.defaultRate(), s.issuer(), s.audience(),
                s.leeway(), secret, List.of(), List.of(), s.wsTicketTtl());
        assertThat(SecretStore.load(dataDir, withFile).jwtSecret()).isEqualTo("s".repeat(40));

        Files.writeString(secret, "short");
        assertThatThrownBy(() -> SecretStore.load(dataDir, withFile)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("security.jwt.secretFile").hasMessageNotContaining("short");
    }
}

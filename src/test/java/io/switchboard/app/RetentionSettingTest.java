package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.config.ConfigException;
import io.switchboard.config.ConfigLoader;
import io.switchboard.engine.Retention;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code retention.archiveAfter} in the YAML and {@code SWITCHBOARD_ARCHIVE_AFTER} over it; bad values name the key. */
class RetentionSettingTest {
    private static final String QUEUES = "queues:\n  - name: general\n";

    @Test
    void archiveAfter_unset_sevenDaysAndNoOverride() {
        assertThat(ConfigLoader.fromYaml(QUEUES).retention().archiveAfterMillis())
                .isEqualTo(Retention.DEFAULT_ARCHIVE_AFTER_MILLIS);
        assertThat(Settings.from(Map.of(), new String[0]).archiveAfterMillis()).isNull();
    }

    @Test
    void archiveAfter_yamlAndEnvironment_parsedAsDurations() {
        assertThat(ConfigLoader.fromYaml(QUEUES + "retention:\n  archiveAfter: 2h\n").retention().archiveAfterMillis())
                .isEqualTo(7_200_000L);
        assertThat(Settings.from(Map.of("SWITCHBOARD_ARCHIVE_AFTER", "0s"), new String[0]).archiveAfterMillis())
                .isZero();
        assertThat(Settings.from(Map.of("SWITCHBOARD_ARCHIVE_AFTER", " 3d "), new String[0]).archiveAfterMillis())
                .isEqualTo(3 * 86_400_000L);
    }

    @Test
    void archiveAfter_malformed_failsNamingTheKey() {
        assertThatThrownBy(() -> Settings.from(Map.of("SWITCHBOARD_ARCHIVE_AFTER", "soon"), new String[0]))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SWITCHBOARD_ARCHIVE_AFTER");
        assertThatThrownBy(() -> ConfigLoader.fromYaml(QUEUES + "retention:\n  archiveAfter: -1h\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("retention.archiveAfter");
        assertThatThrownBy(() -> ConfigLoader.fromYaml(QUEUES + "retention:\n  keep: 1d\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("retention");
    }
}

package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code SWITCHBOARD_METRICS}: on unless it says false; anything else fails the start naming the key. */
class MetricsSettingTest {

    @Test
    void metrics_unset_on() {
        assertThat(Settings.from(Map.of(), new String[0]).metrics()).isTrue();
    }

    @Test
    void metrics_falseAnyCase_off() {
        assertThat(Settings.from(Map.of("SWITCHBOARD_METRICS", " FALSE "), new String[0]).metrics()).isFalse();
        assertThat(Settings.from(Map.of("SWITCHBOARD_METRICS", "true"), new String[0]).metrics()).isTrue();
    }

    @Test
    void metrics_notABoolean_failsNamingTheKey() {
        assertThatThrownBy(() -> Settings.from(Map.of("SWITCHBOARD_METRICS", "off"), new String[0]))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SWITCHBOARD_METRICS");
    }
}

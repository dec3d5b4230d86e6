package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HaSettingsTest {
    private static final String REDIS = "redis://127.0.0.1:6379";

    @Test
    void from_unset_isOffSoASingleNodeStartsAsBefore() {
        assertThat(Settings.from(Map.of(), new String[0]).ha().enabled()).isFalse();
        assertThat(Settings.from(Map.of("SWITCHBOARD_REDIS_URL", REDIS), new String[0]).ha().enabled()).isFalse();
    }

    @Test
    void from_haWithTheFileJournal_failsNamingTheSetting() {
        assertThatThrownBy(() -> Settings.from(Map.of("SWITCHBOARD_HA", "true"), new String[0]))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SWITCHBOARD_HA")
                .hasMessageContaining("needs the Redis journal");
        assertThatThrownBy(() -> Settings.from(Map.of("SWITCHBOARD_HA", "true", "SWITCHBOARD_REDIS_URL", REDIS,
                "SWITCHBOARD_STORE", "memory"), new String[0])).isInstanceOf(ConfigException.class)
                .hasMessageContaining("a memory journal cannot be shared");
    }

    @Test
    void from_haOnRedis_defaultsToA3sLeaseRenewedEverySecond() {
        HaSettings ha = Settings.from(Map.of("SWITCHBOARD_HA", "true", "SWITCHBOARD_REDIS_URL", REDIS,
                "SWITCHBOARD_HA_NODE_ID", "node-a"), new String[0]).ha();

        assertThat(ha.enabled()).isTrue();
        assertThat(ha.nodeId()).isEqualTo("node-a");
        assertThat(ha.leaseTtlMillis()).isEqualTo(3_000);
        assertThat(ha.renewMillis()).isEqualTo(1_000);
        assertThat(ha.attemptMillis()).as("a standby tries every 100 ms: a released lease is taken at once")
                .isEqualTo(100);
    }

    @Test
    void from_leaseTtlOutOfRangeOrBadNodeId_failsNamingTheSetting() {
        assertThatThrownBy(() -> Settings.from(Map.of("SWITCHBOARD_HA", "true", "SWITCHBOARD_REDIS_URL", REDIS,
                "SWITCHBOARD_HA_LEASE_TTL", "500ms"), new String[0])).hasMessageContaining("SWITCHBOARD_HA_LEASE_TTL");
        assertThatThrownBy(() -> Settings.from(Map.of("SWITCHBOARD_HA", "true", "SWITCHBOARD_REDIS_URL", REDIS,
                "SWITCHBOARD_HA_NODE_ID", "a b"), new String[0])).hasMessageContaining("SWITCHBOARD_HA_NODE_ID");
        assertThatThrownBy(() -> Settings.from(Map.of("SWITCHBOARD_HA", "yes"), new String[0]))
                .hasMessageContaining("SWITCHBOARD_HA");
    }
}

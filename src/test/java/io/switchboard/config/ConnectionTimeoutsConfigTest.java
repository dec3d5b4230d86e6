package io.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code server.headerTimeout} and {@code server.idleTimeout}: defaults, and bad values named by key. */
class ConnectionTimeoutsConfigTest {
    private static final String QUEUES = "queues:\n  - name: general\n";

    private static ServerSettings server(String serverSection) {
        return ConfigLoader.fromYaml(serverSection + QUEUES).server();
    }

    @Test
    void connectionTimeouts_unset_tenSecondsForHeadersAndSixtyIdle() {
        ServerSettings settings = server("");

        assertThat(settings.headerTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void connectionTimeouts_set_parsedAsDurations() {
        ServerSettings settings = server("server:\n  headerTimeout: 2s\n  idleTimeout: 90s\n");

        assertThat(settings.headerTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void idleTimeout_unsetWithALongWebSocketIdleTimeout_staysAboveIt() {
        ServerSettings settings = server("server:\n  websocket: {pingInterval: 30s, idleTimeout: 90s}\n");

        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void idleTimeout_notLongerThanTheWebSocketIdleTimeout_failsNamingTheKey() {
        assertThatThrownBy(() -> server("server:\n  idleTimeout: 45s\n  websocket: {idleTimeout: 45s}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.idleTimeout")
                .hasMessageContaining("websocket.idleTimeout");
    }

    @Test
    void headerTimeout_belowOneTenthOfASecond_failsNamingTheKey() {
        assertThatThrownBy(() -> server("server:\n  headerTimeout: 10ms\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.headerTimeout");
    }
}

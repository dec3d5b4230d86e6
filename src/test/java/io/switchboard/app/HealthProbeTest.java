package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.api.TestServer;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The jar's {@code health} command, which is the container image's health check. */
final class HealthProbeTest {
    private Vertx vertx;
    private TestServer server;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        server = TestServer.start(vertx);
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    @Test
    void health_readyServerOnTheEnvironmentsPort_exitsZero() {
        assertThat(HealthProbe.run(new String[0], Map.of("SWITCHBOARD_HTTP_PORT", String.valueOf(server.port()))))
                .isZero();
    }

    @Test
    void health_explicitUrl_exitsZero() {
        assertThat(HealthProbe.run(new String[] {"--url", "http://127.0.0.1:" + server.port() + "/health/ready"},
                Map.of())).isZero();
    }

    @Test
    void health_pathThatIsNotReady_exitsOne() {
        // any non-200 answer is unhealthy; an unknown path answers 404
        assertThat(HealthProbe.run(new String[] {"--url", "http://127.0.0.1:" + server.port() + "/health/nope"},
                Map.of())).isEqualTo(1);
    }

    @Test
    void health_nothingListening_exitsOne() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThat(HealthProbe.run(new String[0], Map.of("SWITCHBOARD_HTTP_PORT", String.valueOf(closedPort))))
                .isEqualTo(1);
    }

    @Test
    void health_unknownArgument_exitsTwo() {
        assertThat(HealthProbe.run(new String[] {"--port", "1"}, Map.of())).isEqualTo(2);
    }
}

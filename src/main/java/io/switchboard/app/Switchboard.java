package io.switchboard.app;

import io.switchboard.api.http.HttpVerticle;
import io.switchboard.app.config.SwitchboardConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Wires a running server: the engine verticle, then one HTTP verticle per core on one port.
 * Used by {@link Main} and by tests that need a real server on a random port.
 */
public final class Switchboard {
    private final int port;

    private Switchboard(int port) {
        this.port = port;
    }

    public int port() {
        return port;
    }

    /** Starts on {@code port} (0 = any free port) inside {@code vertx}. */
    public static Future<Switchboard> start(Vertx vertx, SwitchboardConfig config, int port) {
        EngineClient.registerCodecs(vertx);
        Buffer openApi = openApi();
        int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
        HttpVerticle first = new HttpVerticle(config.server(), port, openApi);
        // The first listener binds (resolving port 0); the others then share its actual port.
        return vertx.deployVerticle(new EngineVerticle(config.routing()))
                .compose(id -> vertx.deployVerticle(first))
                .compose(id -> {
                    Future<?> more = Future.succeededFuture();
                    for (int i = 1; i < instances; i++) {
                        more = more.compose(v -> vertx.deployVerticle(
                                new HttpVerticle(config.server(), first.actualPort(), openApi)));
                    }
                    return more;
                })
                .map(v -> new Switchboard(first.actualPort()));
    }

    private static Buffer openApi() {
        try (InputStream in = Switchboard.class.getResourceAsStream("/public/openapi.yaml")) {
            return in == null ? Buffer.buffer("openapi.yaml was not packaged\n") : Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.switchboard.app;

import io.switchboard.api.auth.Security;
import io.switchboard.api.http.HttpVerticle;
import io.switchboard.app.config.SwitchboardConfig;
import io.switchboard.store.FileJournal;
import io.switchboard.store.Journal;
import io.switchboard.store.MemoryJournal;
import io.switchboard.store.RedisJournal;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ServerSocket;

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

    /**
     * Starts on {@code port} (0 = any free port) inside {@code vertx}: recovers from the journal,
     * then listens. Tokens are verified with {@code jwtSecret} (HS256) and the config's public
     * keys, API keys from {@code config.security()}.
     */
    public static Future<Switchboard> start(Vertx vertx, SwitchboardConfig config, int port, String jwtSecret,
            DurabilitySettings durability) {
        EngineClient.registerCodecs(vertx);
        Buffer openApi = openApi();
        Security security = Security.create(vertx, config.security(), jwtSecret);
        Journal journal = journal(vertx, durability);
        return vertx.deployVerticle(new EngineVerticle(config.routing(), config.sla(), journal, durability))
                .compose(v -> listen(vertx, config, port, openApi, security, port == 0 ? 5 : 1));
    }

    /**
     * Deploys one HTTP verticle per core on one port; Vert.x shares the socket among them. Port 0
     * is resolved to a free port first (Vert.x would give every instance its own random port), and
     * retried if another process takes that port in between.
     */
    private static Future<Switchboard> listen(Vertx vertx, SwitchboardConfig config, int port, Buffer openApi,
            Security security, int attempts) {
        int concrete = port == 0 ? freePort() : port;
        int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
        return vertx.deployVerticle(() -> new HttpVerticle(config.server(), concrete, openApi, security),
                        new DeploymentOptions().setInstances(instances))
                .map(id -> new Switchboard(concrete))
                .recover(failure -> attempts > 1 && failure instanceof BindException
                        ? listen(vertx, config, port, openApi, security, attempts - 1)
                        : Future.failedFuture(failure));
    }

    private static Journal journal(Vertx vertx, DurabilitySettings durability) {
        switch (durability.store()) {
            case FILE:
                return new FileJournal(vertx, durability.dataDir().resolve("journal"), durability.fsync(),
                        durability.fsyncIntervalMillis());
            case REDIS:
                return new RedisJournal(vertx, durability.redisUrl(), durability.redisWaitAof());
            default:
                return new MemoryJournal();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Buffer openApi() {
        try (InputStream in = Switchboard.class.getResourceAsStream("/public/openapi.yaml")) {
            return in == null ? Buffer.buffer("openapi.yaml was not packaged\n") : Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.switchboard.api.http;

import io.switchboard.api.ArchivedTickets;
import io.switchboard.api.auth.Security;
import io.switchboard.api.ws.SocketRoutes;
import io.switchboard.channels.ChannelSettings;
import io.switchboard.config.ServerSettings;
import io.switchboard.health.Readiness;
import io.switchboard.hooks.WebhookAdmin;
import io.switchboard.metrics.Metrics;
import io.switchboard.port.EnginePort;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** One HTTP/WebSocket listener; several instances share the port, one per event loop. */
public final class HttpVerticle extends VerticleBase {
    private final Function<Vertx, EnginePort> engines;
    private final ServerSettings settings;
    private final int port;
    private final Contracts contracts;
    private final Security security;
    private final Metrics metrics;
    private final Readiness readiness;
    private final ArchivedTickets archive;
    private final WebhookAdmin webhooks;
    private final ChannelSettings channels;
    private HttpServer server;
    private HeaderDeadlines headerDeadlines;

    /**
     * {@code engines} gives each listener its port to the engine (made on the listener's own
     * Vert.x); {@code security} is the node's one shared instance (connection tickets and rate
     * buckets span event loops); {@code webhooks} serves {@code /v1/webhooks}; {@code channels}
     * holds fields per ticket type and e-mail intake (the YAML's {@code intake} and {@code email}).
     */
    public HttpVerticle(Function<Vertx, EnginePort> engines, ServerSettings settings, int port, Contracts contracts,
            Security security, Metrics metrics, ArchivedTickets archive, Readiness readiness, WebhookAdmin webhooks,
            ChannelSettings channels) {
        this.engines = engines;
        this.webhooks = webhooks;
        this.channels = channels;
        this.settings = settings;
        this.port = port;
        this.contracts = contracts;
        this.security = security;
        this.metrics = metrics;
        this.readiness = readiness;
        this.archive = archive;
    }

    @Override
    public Future<?> start() {
        EnginePort engine = engines.apply(vertx);
        RestApi api = new RestApi(engine, settings, contracts, security, metrics, readiness, archive, webhooks, channels);
        HttpServerOptions options = new HttpServerOptions()
                .setPort(port)
                // Explicit limits (the Vert.x defaults): longer headers get 431, longer request lines 414.
                .setMaxHeaderSize(8192)
                .setMaxInitialLineLength(4096)
                .setMaxWebSocketMessageSize(64 * 1024)
                .setMaxWebSocketFrameSize(64 * 1024)
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false)
                .setWebSocketSubProtocols(java.util.List.of(SocketRoutes.SUBPROTOCOL))
                // No h2c: with it on, Vert.x creates the connection (and calls connectionHandler) only
                // once a first request's headers are complete, so HeaderDeadlines could not see it.
                .setHttp2ClearTextEnabled(false)
                // No byte either way for this long: closed. Longer than the WebSocket idle timeout
                // (ConfigLoader checks), and the server pings every WebSocket well within it.
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setIdleTimeout(Math.toIntExact(settings.idleTimeout().toMillis()));
        SocketRoutes sockets = new SocketRoutes(engine, settings, security, metrics.sockets());
        headerDeadlines = new HeaderDeadlines(vertx, settings.headerTimeout().toMillis(), metrics::headerTimedOut);
        headerDeadlines.start();
        Router router = api.router(vertx, headerDeadlines, sockets.agents(), sockets.supervisors());
        server = vertx.createHttpServer(options)
                .connectionHandler(headerDeadlines::opened)
                .requestHandler(router);
        return server.listen();
    }

    @Override
    public Future<?> stop() {
        if (headerDeadlines != null) {
            headerDeadlines.stop();
        }
        return Future.succeededFuture();
    }

    /** The bound port (useful when 0 was asked for). */
    public int actualPort() {
        return server.actualPort();
    }
}

package io.switchboard.load;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The generator's network side: one Vert.x instance with {@code eventLoops} event loops, a pooled
 * HTTP/1.1 client (keep-alive, no pipelining, {@code connections} sockets) and a WebSocket client
 * without compression. Requests never wait for each other; a request that waits for a pooled
 * connection is still measured from its intended time by the caller.
 */
final class Clients implements AutoCloseable {
    /** A finished HTTP exchange. */
    record Response(int status, Buffer body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private static final long REQUEST_IDLE_TIMEOUT_MS = 60_000;

    final Vertx vertx;
    final URI base;
    private final HttpClientAgent http;
    /**
     * The agents' own pool: an agent desktop's resolve does not wait behind the intake
     * integration's queued POSTs (with one shared pool, a server that falls behind would see
     * resolves stuck in the generator, agents that never free a slot, and a collapse the
     * generator caused).
     */
    private final HttpClientAgent agentHttp;
    private final WebSocketClient ws;
    private final String bearer;
    private volatile boolean closed;

    Clients(URI base, int connections, int eventLoops) {
        this(base, connections, eventLoops, ENV_BEARER);
    }

    /** {@code bearer}: the credential sent with every request and handshake, or null for none. */
    Clients(URI base, int connections, int eventLoops, String bearer) {
        this.base = base;
        this.bearer = bearer;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops)
                .setBlockedThreadCheckInterval(10).setBlockedThreadCheckIntervalUnit(TimeUnit.SECONDS));
        HttpClientOptions options = new HttpClientOptions()
                .setDefaultHost(base.getHost())
                .setDefaultPort(base.getPort())
                .setKeepAlive(true)
                .setPipelining(false)
                .setTcpNoDelay(true);
        this.http = vertx.createHttpClient(options, new PoolOptions()
                .setHttp1MaxSize(connections)
                .setEventLoopSize(eventLoops));
        this.agentHttp = vertx.createHttpClient(options, new PoolOptions()
                .setHttp1MaxSize(connections)
                .setEventLoopSize(eventLoops));
        this.ws = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setDefaultHost(base.getHost())
                .setDefaultPort(base.getPort())
                .setMaxConnections(Integer.MAX_VALUE)
                .setTryUsePerMessageCompression(false)
                .setTryUsePerFrameCompression(false)
                .setMaxMessageSize(1 << 20));
    }

    /** Parses {@code http://host:port} (port defaults to 80). */
    static URI parseBase(String url) {
        URI uri = URI.create(url);
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("expected a URL like http://localhost:8080, got '" + url + "'");
        }
        return uri.getPort() > 0 ? uri : URI.create("http://" + uri.getHost() + ":80");
    }

    /**
     * {@code n} event-loop contexts, spread round robin over the event loops. (From a non-Vert.x
     * thread {@code getOrCreateContext()} keeps returning one sticky context, so the contexts come
     * from a trivial verticle deployed {@code n} times.)
     */
    List<Context> newContexts(int n) {
        List<Context> contexts = new CopyOnWriteArrayList<>();
        vertx.deployVerticle(() -> new ContextHolder(contexts), new DeploymentOptions().setInstances(n))
                .toCompletionStage().toCompletableFuture().join();
        return List.copyOf(contexts);
    }

    /** One event-loop context. */
    Context newContext() {
        return newContexts(1).get(0);
    }

    private static final class ContextHolder extends VerticleBase {
        private final List<Context> sink;

        ContextHolder(List<Context> sink) {
            this.sink = sink;
        }

        @Override
        public Future<?> start() {
            sink.add(context);
            return Future.succeededFuture();
        }
    }

    /**
     * The credential sent with every request and WebSocket handshake: {@code SB_TOKEN} (e.g. an
     * admin token from {@code java -jar target/switchboard.jar mint-token --sub load --role admin})
     * or {@code SB_KEY} (an API key); none for the bare baseline server. The {@code e2e} mode
     * mints its own per server and passes it to the constructor instead.
     */
    static final String ENV_BEARER = System.getenv("SB_TOKEN") != null ? System.getenv("SB_TOKEN")
            : System.getenv("SB_KEY");

    /** Fails (without throwing) once {@link #close()} has begun, e.g. for a resolve timer that fires late. */
    Future<Response> send(HttpMethod method, String path, Buffer json) {
        return send(http, method, path, json);
    }

    /** A POST of an agent (e.g. resolve), on the agents' own connection pool. */
    Future<Response> agentPost(String path, Buffer json) {
        return send(agentHttp, HttpMethod.POST, path, json);
    }

    private Future<Response> send(HttpClientAgent client, HttpMethod method, String path, Buffer json) {
        if (closed) {
            return Future.failedFuture("clients closed");
        }
        RequestOptions options = new RequestOptions().setMethod(method).setURI(path)
                .setIdleTimeout(REQUEST_IDLE_TIMEOUT_MS);
        if (json != null) {
            options.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        }
        if (bearer != null) {
            options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + bearer);
        }
        return client.request(options).compose(request -> (json == null ? request.send() : request.send(json))
                .compose(response -> response.body().map(body -> new Response(response.statusCode(), body))));
    }

    Future<Response> post(String path, Buffer json) {
        return send(HttpMethod.POST, path, json);
    }

    Future<WebSocket> connect(String path) {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setURI(path);
        if (bearer != null) {
            options.addHeader(HttpHeaders.AUTHORIZATION, "Bearer " + bearer);
        }
        return ws.connect(options);
    }

    /**
     * Closes the clients' Vert.x, waiting at most {@link #CLOSE_WAIT_SECONDS}: with a hundred
     * thousand requests unanswered by an overloaded server the close was seen never to complete,
     * which hung an e2e run after its results were in; the instance is abandoned then, with a note.
     */
    @Override
    public void close() {
        closed = true;
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            System.err.println("clients: Vert.x did not close within " + CLOSE_WAIT_SECONDS + " s; abandoned");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            System.err.println("clients: closing Vert.x failed: " + e.getCause());
        }
    }

    private static final long CLOSE_WAIT_SECONDS = 30;
}

package io.switchboard.load;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The baselines: a Vert.x 5 server doing the least possible, deployed like Switchboard (one HTTP
 * verticle per core sharing one port, no WebSocket compression). It defines the physical limit of
 * this machine that Switchboard's results are divided by.
 *
 * <ul>
 *   <li>{@code POST /tickets}: parse the JSON body, answer {@code 201 {"id":..,"status":"queued"}}.
 *   <li>{@code POST /relay}: parse the JSON body and push one frame, shaped like Switchboard's
 *       {@code offer} ({@code {"type":"offer","offerId":..,"ticket":{..body..,"id":..}}}), to the next
 *       connected socket (round robin), then answer {@code 201 {"id":..,"status":"offered"}}
 *       ({@code "queued"} when no socket is connected).
 *   <li>{@code POST /relay/{id}/resolve}: reads the body and answers {@code 200 {}}, so agents on
 *       the relay resolve what they get like Switchboard's agents do.
 *   <li>{@code GET /ws/{id}}: a receiving socket for {@code /relay}; it never has to answer.
 *   <li>{@code GET /echo}: a WebSocket that echoes every text message.
 * </ul>
 */
final class BareServer extends VerticleBase {
    static final String TICKETS_PATH = "/tickets";
    static final String RELAY_PATH = "/relay";
    static final String RESOLVE_SUFFIX = "/resolve";
    static final String SOCKET_PATH_PREFIX = "/ws/";
    static final String ECHO_PATH = "/echo";

    /** Receiving sockets, shared by the verticle instances (a socket may be written from any thread). */
    private static final CopyOnWriteArrayList<ServerWebSocket> SOCKETS = new CopyOnWriteArrayList<>();
    private static final AtomicLong IDS = new AtomicLong();
    private static final AtomicLong NEXT_SOCKET = new AtomicLong();

    private final int port;

    private BareServer(int port) {
        this.port = port;
    }

    /** Deploys {@code instances} verticles sharing {@code port}. */
    static Future<String> start(Vertx vertx, int port, int instances) {
        return vertx.deployVerticle(() -> new BareServer(port), new DeploymentOptions().setInstances(instances));
    }

    @Override
    public Future<?> start() {
        HttpServerOptions options = new HttpServerOptions()
                .setPort(port)
                .setTcpNoDelay(true)
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false);
        return vertx.createHttpServer(options)
                .webSocketHandler(this::onSocket)
                .requestHandler(this::onRequest)
                .listen();
    }

    private void onRequest(HttpServerRequest request) {
        String path = request.path();
        if (request.method() == HttpMethod.POST && path.startsWith(RELAY_PATH + "/") && path.endsWith(RESOLVE_SUFFIX)) {
            request.body().onSuccess(body -> request.response().setStatusCode(200)
                    .putHeader("Content-Type", "application/json").end("{}"));
            return;
        }
        boolean relay = RELAY_PATH.equals(request.path());
        if (request.method() != HttpMethod.POST || !(relay || TICKETS_PATH.equals(request.path()))) {
            request.response().setStatusCode(404).end();
            return;
        }
        request.body().onSuccess(body -> {
            JsonObject ticket;
            try {
                ticket = body.toJsonObject();
            } catch (DecodeException | ClassCastException e) {
                request.response().setStatusCode(400).end();
                return;
            }
            String id = "t-" + IDS.incrementAndGet();
            String status = relay && push(ticket.put("id", id)) ? "offered" : "queued";
            request.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                    .end(Buffer.buffer("{\"id\":\"" + id + "\",\"status\":\"" + status + "\"}"));
        });
    }

    private static boolean push(JsonObject ticket) {
        int n = SOCKETS.size();
        if (n == 0) {
            return false;
        }
        ServerWebSocket socket;
        try {
            socket = SOCKETS.get((int) (NEXT_SOCKET.getAndIncrement() % n));
        } catch (IndexOutOfBoundsException closedMeanwhile) {
            return false;
        }
        socket.writeTextMessage(new JsonObject().put("type", "offer").put("offerId", "o-" + ticket.getString("id"))
                .put("ticket", ticket).encode());
        return true;
    }

    private void onSocket(ServerWebSocket ws) {
        if (ECHO_PATH.equals(ws.path())) {
            ws.textMessageHandler(ws::writeTextMessage);
            return;
        }
        if (!ws.path().startsWith(SOCKET_PATH_PREFIX)) {
            ws.close((short) 1008, "unknown path");
            return;
        }
        SOCKETS.add(ws);
        ws.closeHandler(v -> SOCKETS.remove(ws));
    }
}

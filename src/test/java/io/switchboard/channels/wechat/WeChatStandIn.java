package io.switchboard.channels.wechat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local stand-in for api.weixin.qq.com (the real platform is not reachable here): it speaks the
 * documented requests and answers of {@code GET /cgi-bin/token} and
 * {@code POST /cgi-bin/message/custom/send}, with bodies from {@code src/test/resources/wechat-api}
 * (sources in its SOURCES.md). Like the platform, a token fetch supersedes the previous token
 * (which then gets 40001); a scripted answer (by fixture name, or an HTTP status) can be queued per
 * OpenID.
 */
public final class WeChatStandIn {
    public static final String APP_ID = "wx0123456789abcdef";
    public static final String SECRET = "0123456789abcdef0123456789abcdef";

    /** One send request as received: the token in the query and the JSON body. */
    public record Sent(String accessToken, JsonObject body) {}

    private final HttpServer server;
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<String>> scripted = new ConcurrentHashMap<>();
    private volatile String current;
    private volatile int tokens;
    private volatile long expiresIn = 7200;
    private volatile boolean held;
    private final List<Runnable> parked = new CopyOnWriteArrayList<>();

    private WeChatStandIn(HttpServer server) {
        this.server = server;
    }

    public static Future<WeChatStandIn> start(Vertx vertx) {
        HttpServer server = vertx.createHttpServer();
        WeChatStandIn standIn = new WeChatStandIn(server);
        server.requestHandler(standIn::handle);
        return server.listen(0, "127.0.0.1").map(s -> standIn);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public Future<Void> close() {
        return server.close();
    }

    public static String fixture(String name) {
        try (InputStream in = WeChatStandIn.class.getResourceAsStream("/wechat-api/" + name + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next sends to {@code openId} answer these, in order: a fixture name or "http:503". */
    public void script(String openId, String... answers) {
        scripted.computeIfAbsent(openId, k -> new ArrayDeque<>()).addAll(List.of(answers));
    }

    /** Another server fetched a token for this account: the one handed out so far is no longer valid. */
    public void supersedeToken() {
        current = "superseded-elsewhere";
    }

    public void expiresIn(long seconds) {
        expiresIn = seconds;
    }

    /**
     * While held, send requests are recorded but not answered (the caller waits, as on a hung
     * platform); {@code false} answers the ones still waiting and the next ones as usual.
     */
    public void hold(boolean held) {
        this.held = held;
        if (!held) {
            List<Runnable> waiting = new ArrayList<>(parked);
            parked.clear();
            waiting.forEach(Runnable::run);
        }
    }

    /** Send requests held and not answered yet ({@link #hold}). */
    public int waiting() {
        return parked.size();
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    public int tokensIssued() {
        return tokens;
    }

    private void handle(HttpServerRequest request) {
        if (request.method().name().equals("GET") && request.path().equals("/cgi-bin/token")) {
            if (!"client_credential".equals(request.getParam("grant_type")) || !APP_ID.equals(request.getParam("appid"))
                    || !SECRET.equals(request.getParam("secret"))) {
                json(request, 200, fixture("token-invalid-secret"));
                return;
            }
            tokens++;
            current = "ACCESS_TOKEN-" + tokens;
            JsonObject answer = new JsonObject(fixture("token-ok")).put("access_token", current)
                    .put("expires_in", expiresIn);
            json(request, 200, answer.encode());
            return;
        }
        if (request.method().name().equals("POST") && request.path().equals("/cgi-bin/message/custom/send")) {
            request.body().onSuccess(buffer -> {
                String token = request.getParam("access_token");
                JsonObject body = new JsonObject(buffer);
                sent.add(new Sent(token, body));
                if (held) {
                    parked.add(() -> json(request, 200, fixture("send-ok")));
                    return;
                }
                if (token == null || !token.equals(current)) {
                    json(request, 200, fixture("send-40001"));
                    return;
                }
                Deque<String> queue = scripted.get(body.getString("touser"));
                String answer = queue == null ? null : queue.poll();
                if (answer == null) {
                    json(request, 200, fixture("send-ok"));
                } else if (answer.startsWith("http:")) {
                    request.response().setStatusCode(Integer.parseInt(answer.substring(5))).end("busy");
                } else {
                    json(request, 200, fixture(answer));
                }
            });
            return;
        }
        request.response().setStatusCode(404).end();
    }

    private static void json(HttpServerRequest request, int status, String body) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json; encoding=utf-8")
                .end(body);
    }
}

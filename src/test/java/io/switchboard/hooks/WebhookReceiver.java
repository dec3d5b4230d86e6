package io.switchboard.hooks;

import io.switchboard.api.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real webhook endpoint for tests: a Vert.x HTTP server on its own Vert.x and a fixed port
 * (so it can go down and come back at the same URL), answering {@link #answer} and recording every
 * request with the status it got. Signatures are checked here with the specification's algorithm
 * written out independently of {@link WebhookSigner}.
 */
final class WebhookReceiver implements AutoCloseable {
    /** One request as received. */
    record Received(String id, long timestamp, String signature, String body, int answered) {
        JsonObject json() {
            return new JsonObject(body);
        }

        String type() {
            return json().getString("type");
        }

        JsonObject data() {
            return json().getJsonObject("data");
        }
    }

    final AtomicInteger answer = new AtomicInteger(200);
    private final Vertx vertx = Vertx.vertx();
    private final int port;
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private HttpServer server;

    WebhookReceiver() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        up();
    }

    String url() {
        return "http://127.0.0.1:" + port + "/hooks";
    }

    void up() {
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            int status = answer.get();
            String timestamp = request.getHeader("webhook-timestamp");
            received.add(new Received(request.getHeader("webhook-id"), timestamp == null ? -1 : Long.parseLong(timestamp),
                    request.getHeader("webhook-signature"), body.toString(StandardCharsets.UTF_8), status));
            request.response().setStatusCode(status).end();
        }));
        TestServer.await(server.listen(port));
    }

    void down() {
        TestServer.await(server.close());
    }

    List<Received> all() {
        return new ArrayList<>(received);
    }

    /** Requests answered 2xx. */
    List<Received> delivered() {
        return all().stream().filter(r -> r.answered() >= 200 && r.answered() < 300).toList();
    }

    /** Waits (up to {@code seconds}) until {@code done} holds for what was received. */
    void await(Predicate<List<Received>> done, int seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!done.test(all())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; received (id status) "
                        + all().stream().map(r -> r.id() + " " + r.answered()).toList());
            }
            Thread.sleep(20);
        }
    }

    /** The Standard Webhooks check, from the specification's text: HMAC-SHA256 over id.timestamp.body, base64, "v1,". */
    static boolean signedWith(String secret, Received r) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal((r.id() + "." + r.timestamp() + "." + r.body()).getBytes(StandardCharsets.UTF_8)));
        for (String candidate : r.signature().split(" ")) {
            if (MessageDigest.isEqual(candidate.getBytes(StandardCharsets.US_ASCII),
                    expected.getBytes(StandardCharsets.US_ASCII))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        TestServer.await(vertx.close());
    }
}

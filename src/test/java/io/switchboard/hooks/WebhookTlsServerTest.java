package io.switchboard.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.api.TestServer;
import io.switchboard.app.DurabilitySettings;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deliveries over HTTPS through the per-lane connections, against a real TLS endpoint with a
 * self-signed certificate made for the test: an endpoint the JVM does not trust fails its attempts
 * (retried, booked in the delivery log, the server serving on), one whose certificate is in
 * {@code webhooks.trustedCertificates} gets its deliveries, and a trusted certificate that names
 * another host is refused (host names are verified).
 */
class WebhookTlsServerTest {
    @TempDir
    Path dir;
    private final List<Vertx> vertxes = new ArrayList<>();
    private final List<SelfSignedCertificate> certificates = new ArrayList<>();
    private final Vertx endpointVertx = Vertx.vertx();
    private final ConcurrentLinkedQueue<JsonObject> received = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> receivedIds = new ConcurrentLinkedQueue<>();

    @AfterEach
    void close() {
        vertxes.forEach(v -> TestServer.await(v.close()));
        TestServer.await(endpointVertx.close());
        certificates.forEach(SelfSignedCertificate::delete); // its key and certificate files under /tmp
    }

    /** A TLS endpoint on loopback presenting a new self-signed certificate for {@code host}; answers 200. */
    private int endpoint(SelfSignedCertificate certificate) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        HttpServer server = endpointVertx.createHttpServer(new HttpServerOptions().setSsl(true)
                .setKeyCertOptions(certificate.keyCertOptions())).requestHandler(request -> request.body()
                .onSuccess(body -> {
                    receivedIds.add(request.getHeader("webhook-id"));
                    received.add(new JsonObject(body.toString(StandardCharsets.UTF_8)));
                    request.response().setStatusCode(200).end();
                }));
        TestServer.await(server.listen(port, "127.0.0.1"));
        return port;
    }

    private SelfSignedCertificate certificate(String host) {
        SelfSignedCertificate c = SelfSignedCertificate.create(host);
        certificates.add(c);
        return c;
    }

    private static String pem(SelfSignedCertificate c) throws Exception {
        return Files.readString(Path.of(c.certificatePath()));
    }

    /** The {@code webhooks.trustedCertificates} block of the YAML (indented under the section). */
    private static String trusting(String pem) {
        return "  trustedCertificates: |\n" + pem.lines().map(l -> "    " + l).collect(Collectors.joining("\n"));
    }

    private TestServer start(String yaml) {
        Vertx vertx = Vertx.vertx();
        vertxes.add(vertx);
        return TestServer.start(vertx, yaml, DurabilitySettings.file(dir));
    }

    private List<JsonObject> attempts(TestServer server) {
        JsonArray page = server.get("/v1/webhooks/crm/deliveries?limit=100").json().getJsonArray("deliveries");
        List<JsonObject> out = new ArrayList<>();
        page.forEach(o -> out.add((JsonObject) o));
        return out;
    }

    private List<JsonObject> awaitAttempts(TestServer server, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (true) {
            List<JsonObject> attempts = attempts(server);
            if (attempts.size() >= atLeast) {
                return attempts;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + atLeast + " attempts logged: " + attempts);
            }
            Thread.sleep(50);
        }
    }

    private List<String> awaitReceived(String ticketId, String type) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (true) {
            List<String> types = received.stream().filter(j -> ticketId.equals(j.getJsonObject("data").getString("ticketId")))
                    .map(j -> j.getString("type")).toList();
            if (types.contains(type)) {
                return types;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(type + " of " + ticketId + " never arrived; received " + received);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void https_untrustedCertificate_attemptsRetried_thenTrustedByConfig_deliveredOnceAfterRestart() throws Exception {
        SelfSignedCertificate localhost = certificate("localhost");
        int port = endpoint(localhost);
        String url = "https://localhost:" + port + "/hooks";

        TestServer untrusting = start(WebhookServerTest.config(url, "1h", ""));
        String id = untrusting.createTicket(TestServer.ticket("web", "question", "c-tls")).getString("id");
        List<JsonObject> failed = awaitAttempts(untrusting, 3);
        assertThat(failed).allSatisfy(a -> {
            assertThat(a.getString("outcome")).isEqualTo("retrying");
            assertThat(a.getValue("status")).isNull(); // no answer: the handshake failed
        });
        assertThat(received).as("nothing reaches an endpoint the JVM does not trust").isEmpty();
        assertThat(untrusting.get("/v1/tickets/" + id).status()).as("the server serves on").isEqualTo(200);
        TestServer.await(vertxes.remove(0).close());

        TestServer trusting = start(WebhookServerTest.config(url, "1h", trusting(pem(localhost))));
        List<String> types = awaitReceived(id, "ticket.created");
        assertThat(types).startsWith("ticket.created");
        String second = trusting.createTicket(TestServer.ticket("web", "question", "c-tls-2")).getString("id");
        awaitReceived(second, "ticket.created");
        assertThat(receivedIds).as("each delivery once per id").doesNotHaveDuplicates();
        assertThat(attempts(trusting).stream().map(a -> a.getString("outcome"))).contains("delivered");
    }

    @Test
    void https_trustedCertificateNamingAnotherHost_refused_hostNameVerified() throws Exception {
        SelfSignedCertificate other = certificate("other.example");
        int port = endpoint(other);
        String url = "https://localhost:" + port + "/hooks";

        TestServer server = start(WebhookServerTest.config(url, "1h", trusting(pem(other))));
        String id = server.createTicket(TestServer.ticket("web", "question", "c-host")).getString("id");
        List<JsonObject> failed = awaitAttempts(server, 3);

        assertThat(failed).allSatisfy(a -> assertThat(a.getString("outcome")).isEqualTo("retrying"));
        assertThat(received).as("a certificate for another host is not this endpoint's").isEmpty();
        assertThat(server.get("/v1/tickets/" + id).status()).isEqualTo(200);
    }
}

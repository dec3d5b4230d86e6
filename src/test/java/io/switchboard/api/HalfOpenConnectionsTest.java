package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.metrics.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connections that never finish their request headers are closed by the server ({@code
 * server.headerTimeout}, 1 s here), as are connections silent both ways ({@code server.idleTimeout},
 * 2.5 s here), while a normal client keeps being served and a WebSocket, pinged by its heartbeat,
 * stays open well past both. Real sockets; every wait is a generous await, never a timing assert.
 */
class HalfOpenConnectionsTest {
    private static final String CONFIG = TestServer.CONFIG.replace("  maxBodyBytes: 65536\n",
            "  maxBodyBytes: 65536\n  headerTimeout: 1s\n  idleTimeout: 2500ms\n  requestTimeout: 60s\n") + String.join("\n",
            "agents:",
            "  - {id: alice, team: support, tier: L2, skills: {general: 3}, languages: [en], capacity: {chat: 1}}",
            "");
    /** How long a test waits for the server to close a socket: far beyond either timeout. */
    private static final int AWAIT_CLOSE_MILLIS = 30_000;

    private static Vertx vertx;
    private static TestServer server;

    @BeforeAll
    static void start() {
        Metrics metrics = Metrics.create(true);
        vertx = metrics.newVertx(new VertxOptions());
        server = TestServer.start(vertx, CONFIG, metrics);
    }

    @AfterAll
    static void stop() {
        TestServer.await(vertx.close());
    }

    @Test
    void headerTimeout_150SocketsSilentOrStoppedMidRequest_allClosedWhileANormalClientIsServed() throws Exception {
        double before = headerTimeouts();
        List<Socket> halfOpen = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                halfOpen.add(open(""));                                          // connects, sends nothing
                halfOpen.add(open("GET /v1/que"));                               // stops inside the request line
                halfOpen.add(open("GET /v1/queues HTTP/1.1\r\nHost: localhost\r\nAccept: ")); // stops inside the headers
            }

            assertThat(server.send("GET", "/v1/queues", null).status()).as("served while 150 sockets hang").isEqualTo(200);

            for (Socket socket : halfOpen) {
                assertThat(awaitClosedByServer(socket)).as("closed by the server").isTrue();
            }
            assertThat(server.send("GET", "/v1/queues", null).status()).isEqualTo(200);
            assertThat(headerTimeouts() - before).isGreaterThanOrEqualTo(150);
        } finally {
            for (Socket socket : halfOpen) {
                socket.close();
            }
        }
    }

    @Test
    void headerTimeout_headersTrickledFasterThanTheIdleTimeout_closedAnyway() throws Exception {
        try (Socket socket = open("GET /v1/queues HTTP/1.1\r\nHost: localhost\r\n")) {
            assertThat(closedWhileTrickling(socket)).isTrue();
        }
    }

    @Test
    void headerTimeout_keptAliveConnectionTricklesItsSecondRequest_closed() throws Exception {
        try (Socket socket = open("")) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /v1/queues HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TestServer.ADMIN_KEY
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String first = readResponseHead(socket.getInputStream());
            assertThat(first).startsWith("HTTP/1.1 200");

            out.write("GET /v1/queues HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();

            assertThat(closedWhileTrickling(socket)).isTrue();
        }
    }

    /**
     * Sends one byte of a never-ending header name every 200 ms, more often than the idle timeout
     * could ever fire, so only the header deadline can close the socket; true once it is closed.
     */
    private static boolean closedWhileTrickling(Socket socket) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Thread trickle = new Thread(() -> {
            try {
                OutputStream out = socket.getOutputStream();
                while (!stop.get()) {
                    out.write('X');
                    out.flush();
                    Thread.sleep(200);
                }
            } catch (IOException | InterruptedException e) {
                // the server closed the socket: what the test waits for
            }
        });
        trickle.start();
        try {
            return awaitClosedByServer(socket);
        } finally {
            stop.set(true);
            trickle.join(5_000);
        }
    }

    @Test
    void idleTimeout_headersDoneButBodyNeverSent_closedBeforeTheRequestTimeout() throws Exception {
        try (Socket socket = open("POST /v1/tickets HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + TestServer.ADMIN_KEY + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"chan")) {
            // Headers are complete, so the header deadline is off; only the idle timeout (2.5 s) can
            // close it before the 60 s request timeout answers.
            assertThat(awaitClosedByServer(socket)).isTrue();
        }
    }

    @Test
    void webSocket_openPastBothTimeouts_notClosedAndStillAnswers() {
        AgentClient alice = server.connect("alice");
        alice.await("welcome");

        // 20 heartbeats at 300 ms: about 6 s, past the 1 s header and 2.5 s idle timeouts.
        alice.awaitPings(20);

        String id = alice.send(new JsonObject().put("type", "presence").put("status", "available"));
        assertThat(alice.replyTo(id).getString("type")).isEqualTo("ack");
        alice.close();
    }

    private static Socket open(String partial) throws IOException {
        Socket socket = new Socket("localhost", server.port());
        socket.setSoTimeout(AWAIT_CLOSE_MILLIS);
        if (!partial.isEmpty()) {
            socket.getOutputStream().write(partial.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        }
        return socket;
    }

    /** True once the server has closed the socket (end of stream or reset); false if still open after the await. */
    private static boolean awaitClosedByServer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            while (in.read(buffer) >= 0) {
                // whatever the server says before closing (nothing, or an error response) is ignored
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset by the server
        }
    }

    private static String readResponseHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        String text = head.toString();
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.readNBytes(length);
        return text;
    }

    private static double headerTimeouts() {
        return PrometheusText.parse(server.get("/metrics").body()).sumOrZero("switchboard_http_header_timeouts_total");
    }
}

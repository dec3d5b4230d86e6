package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.Role;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that keeps talking but never reads what the server sends: the server must not buffer
 * without bound; it closes the socket (1013) and the agent's open offer goes back in line.
 */
class SlowConsumerTest {
    private Vertx vertx;
    private TestServer server;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        server = TestServer.start(vertx);
        server.putAgent("alice", "support", new JsonObject().put("billing", 4), new JsonObject().put("chat", 1));
    }

    @AfterEach
    void stop() {
        TestServer.await(vertx.close());
    }

    @Test
    void slowConsumer_neverReads_disconnectedAndOfferRequeued() throws Exception {
        double closesBefore = PrometheusText.parse(server.get("/metrics").body())
                .sumOrZero("switchboard_websocket_slow_consumer_closes_total");
        try (Socket raw = new Socket()) {
            raw.setReceiveBufferSize(4096);
            raw.setSoTimeout(10_000);
            raw.connect(new InetSocketAddress("localhost", server.port()));
            OutputStream out = new BufferedOutputStream(raw.getOutputStream(), 1 << 16);
            out.write(("GET /v1/agents/alice/ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Authorization: " + server.bearer("alice", Role.AGENT) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] head = raw.getInputStream().readNBytes(12);
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 101");
            awaitConnected();
            frame(out, "{\"type\":\"presence\",\"status\":\"available\",\"id\":\"p\"}");
            out.flush();
            String ticket = awaitOffered(out);

            // Each bad message earns an error reply that cannot be coalesced; none is read.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            boolean open = true;
            while (open && System.nanoTime() < deadline) {
                try {
                    for (int i = 0; i < 2000; i++) {
                        frame(out, "{\"type\":\"bogus\",\"id\":\"x\"}");
                    }
                    out.flush();
                } catch (java.io.IOException closedByServer) {
                    open = false;
                }
                open &= server.get("/v1/agents/alice").json().getBoolean("connected");
            }

            assertThat(server.get("/v1/agents/alice").json().getBoolean("connected")).isFalse();
            assertThat(server.get("/v1/tickets/" + ticket).json().getString("status")).isEqualTo("queued");
            // What the server still sends is bounded: its write queue, then (when it gets through) 1013.
            // Vert.x waits up to its WebSocket closing timeout (10 s) for the client's close frame
            // before it drops the connection; a read that outlasts it ends with the close either way.
            raw.setSoTimeout(15_000);
            String closeFrame = "\u0088\u0011\u0003\u00f5client too slow";
            StringBuilder tail = new StringBuilder();
            long total = 0;
            byte[] chunk = new byte[1 << 16];
            String ended = null;
            try {
                for (int n; ended == null; ) {
                    n = raw.getInputStream().read(chunk);
                    if (n < 0) {
                        ended = "end of stream";
                    } else {
                        total += n;
                        tail.append(new String(chunk, 0, n, StandardCharsets.ISO_8859_1));
                        tail.delete(0, Math.max(0, tail.length() - 256));
                        if (tail.indexOf(closeFrame) >= 0) {
                            ended = "close frame 1013";
                        }
                    }
                }
            } catch (java.net.SocketTimeoutException stillOpen) {
                ended = null; // the server neither closed the connection nor said so
            } catch (java.net.SocketException reset) {
                ended = "connection reset";
            }
            assertThat(ended).as("the server closed the slow consumer's connection (1013 close frame, end of"
                    + " stream or reset), it did not leave it open; bytes drained: %d", total).isNotNull();
            assertThat(total).as("bytes buffered for a client that never read").isLessThan(8L << 20);
        }
        assertThat(PrometheusText.parse(server.get("/metrics").body())
                .sumOrZero("switchboard_websocket_slow_consumer_closes_total") - closesBefore)
                .as("the 1013 close is counted once (backlog or stalled)").isEqualTo(1);
    }

    private void awaitConnected() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!server.get("/v1/agents/alice").json().getBoolean("connected")) {
            assertThat(System.nanoTime()).as("alice connected").isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    /** Keeps the socket alive (any message counts) until alice holds an offer. */
    private String awaitOffered(OutputStream out) throws Exception {
        String id = server.createTicket(TestServer.ticket("chat", "billing", "c1")).getString("id");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if ("offered".equals(server.get("/v1/tickets/" + id).json().getString("status"))) {
                return id;
            }
            frame(out, "{\"type\":\"bogus\"}");
            out.flush();
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new AssertionError("ticket never offered to alice");
    }

    /** A masked client text frame (RFC 6455 5.2), payload under 126 bytes. */
    private static void frame(OutputStream out, String text) throws java.io.IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = {1, 2, 3, 4};
        out.write(0x81);
        out.write(0x80 | payload.length);
        out.write(mask);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ mask[i % 4]);
        }
    }
}

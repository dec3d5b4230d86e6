package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.Role;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The other side of {@link SlowConsumerTest}: a client that stops reading for a while, then catches
 * up, on a real socket. The offers pushed meanwhile are more bytes than the kernel's socket buffers
 * and Vert.x's write queue (256 KiB) can hold, so the later ones wait in the socket's outbox; the
 * client must still get every one, in order, numbered without a gap, on a socket that stays open,
 * and the changes to its own ticket made meanwhile as one message with the latest state.
 */
class SlowReaderCatchUpTest {
    /** 2 channels x capacity 100, each offer carrying a 20,000-character (60 kB) description: about 12 MB. */
    private static final int OFFERS = 200;
    private Vertx vertx;
    private TestServer server;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        // an idle timeout long enough that the backlog (1013) and silence (1001) rules stay out of the way
        server = TestServer.start(vertx, TestServer.CONFIG.replace("websocket: {pingInterval: 300ms, idleTimeout: 1500ms}",
                "websocket: {pingInterval: 1s, idleTimeout: 60s}"));
        server.putAgent("alice", "support", new JsonObject().put("billing", 4),
                new JsonObject().put("chat", 100).put("email", 100));
    }

    @AfterEach
    void stop() {
        TestServer.await(vertx.close());
    }

    @Test
    void slowReader_catchesUpAfterBacklog_everyOfferInOrderWithGapFreeSeq() throws Exception {
        try (Socket raw = new Socket()) {
            raw.setReceiveBufferSize(4096);
            raw.setSoTimeout(20_000);
            raw.connect(new InetSocketAddress("localhost", server.port()));
            OutputStream out = raw.getOutputStream();
            DataInputStream in = new DataInputStream(raw.getInputStream());
            out.write(("GET /v1/agents/alice/ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Authorization: " + server.bearer("alice", Role.AGENT) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readHead(in)).startsWith("HTTP/1.1 101");
            List<JsonObject> received = new ArrayList<>();
            frame(out, "{\"type\":\"presence\",\"status\":\"available\",\"id\":\"p\"}");
            out.flush();
            readUntil(in, received, m -> "ack".equals(m.getString("type")) && "p".equals(m.getString("id")));

            // Not reading from here on: every offer piles up behind the client's 4 kB window.
            String description = "€".repeat(20_000);
            List<String> offered = new ArrayList<>();
            for (int i = 0; i < OFFERS; i++) {
                JsonObject created = server.createTicket(TestServer.ticket(i % 2 == 0 ? "chat" : "email", "billing",
                        "c" + i).put("description", description));
                assertThat(created.getString("status")).as("ticket %d routed to alice at once", i).isEqualTo("offered");
                offered.add(created.getString("id"));
            }
            assertThat(server.get("/v1/agents/alice").json().getBoolean("connected")).isTrue();

            // Catching up: read until the last offer.
            String last = offered.get(offered.size() - 1);
            long bytesBefore = bytes;
            readUntil(in, received, m -> "offer".equals(m.getString("type"))
                    && last.equals(m.getJsonObject("ticket").getString("id")));

            assertThat(bytes - bytesBefore).as("more than kernel buffers plus the write queue could hold")
                    .isGreaterThan(8L << 20);
            for (int i = 0; i < received.size(); i++) {
                assertThat(received.get(i).getLong("seq")).as("seq of message %d: %s", i, received.get(i).getString("type"))
                        .isEqualTo(i + 1L);
            }
            assertThat(received.get(0).getString("type")).isEqualTo("welcome");
            List<String> offers = received.stream().filter(m -> "offer".equals(m.getString("type")))
                    .map(m -> m.getJsonObject("ticket").getString("id")).toList();
            assertThat(offers).as("every offer once, in the order the tickets were routed").isEqualTo(offered);
            assertThat(received).as("nothing closed, revoked or refused on the way")
                    .noneMatch(m -> List.of("offer_revoked", "error").contains(m.getString("type")));
            assertThat(server.get("/v1/agents/alice").json().getBoolean("connected")).isTrue();
        }
    }

    @Test
    void slowReader_ownTicketChangedManyTimesDuringBacklog_getsItsLatestStateCoalescedAfterTheOffers()
            throws Exception {
        try (Socket raw = new Socket()) {
            raw.setReceiveBufferSize(4096);
            raw.setSoTimeout(20_000);
            raw.connect(new InetSocketAddress("localhost", server.port()));
            OutputStream out = raw.getOutputStream();
            DataInputStream in = new DataInputStream(raw.getInputStream());
            out.write(("GET /v1/agents/alice/ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Authorization: " + server.bearer("alice", Role.AGENT) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readHead(in)).startsWith("HTTP/1.1 101");
            List<JsonObject> received = new ArrayList<>();
            frame(out, "{\"type\":\"presence\",\"status\":\"available\",\"id\":\"p\"}");
            out.flush();
            readUntil(in, received, m -> "ack".equals(m.getString("type")) && "p".equals(m.getString("id")));
            // alice owns one ticket: its changes are pushed to her as ticket_updated
            String own = server.createTicket(TestServer.ticket("chat", "billing", "own")).getString("id");
            JsonObject offer = readUntil(in, received, m -> "offer".equals(m.getString("type")));
            assertThat(offer.getJsonObject("ticket").getString("id")).isEqualTo(own);
            frame(out, "{\"type\":\"accept\",\"offerId\":\"" + offer.getString("offerId") + "\",\"id\":\"a\"}");
            out.flush();
            readUntil(in, received, m -> "assigned".equals(m.getString("type")));

            // Not reading: a backlog of offers, then many changes to alice's own ticket behind it.
            String description = "€".repeat(20_000);
            List<String> offered = new ArrayList<>();
            for (int i = 0; i < OFFERS - 2; i++) {
                JsonObject created = server.createTicket(TestServer.ticket(i % 2 == 0 ? "chat" : "email", "billing",
                        "c" + i).put("description", description));
                assertThat(created.getString("status")).isEqualTo("offered");
                offered.add(created.getString("id"));
            }
            String[] cycle = {"low", "high", "normal"};
            int changes = 30;
            for (int i = 0; i < changes; i++) {
                String priority = i == changes - 1 ? "urgent" : cycle[i % 3];
                assertThat(server.send("PATCH", "/v1/tickets/" + own, new JsonObject().put("priority", priority)
                        .encode()).status()).isEqualTo(200);
            }
            JsonObject latest = server.get("/v1/tickets/" + own).json();
            assertThat(latest.getString("priority")).isEqualTo("urgent");

            int before = received.size();
            readUntil(in, received, m -> "ticket_updated".equals(m.getString("type"))
                    && "urgent".equals(m.getJsonObject("ticket").getString("priority")));

            List<JsonObject> caughtUp = received.subList(before, received.size());
            List<JsonObject> updates = caughtUp.stream().filter(m -> "ticket_updated".equals(m.getString("type")))
                    .toList();
            assertThat(updates).as("intermediate states of one ticket coalesced while the client lagged")
                    .hasSizeLessThan(changes);
            JsonObject last = updates.get(updates.size() - 1).getJsonObject("ticket");
            assertThat(last.getString("id")).isEqualTo(own);
            assertThat(last.getString("updatedAt")).as("the latest state").isEqualTo(latest.getString("updatedAt"));
            assertThat(caughtUp.get(caughtUp.size() - 1)).as("the update waits behind the offers").isSameAs(
                    updates.get(updates.size() - 1));
            assertThat(caughtUp.stream().filter(m -> "offer".equals(m.getString("type")))
                    .map(m -> m.getJsonObject("ticket").getString("id")).toList()).isEqualTo(offered);
            for (int i = 0; i < received.size(); i++) {
                assertThat(received.get(i).getLong("seq")).as("seq of message %d", i).isEqualTo(i + 1L);
            }
        }
    }

    @Test
    void slowReader_backlogOlderThanIdleTimeout_readsOnAndFindsThe1013CloseAfterWhatWasWritten() throws Exception {
        TestServer.await(vertx.close());
        vertx = Vertx.vertx();
        server = TestServer.start(vertx); // idleTimeout 1500ms: a backlog older than that closes the socket
        server.putAgent("alice", "support", new JsonObject().put("billing", 4),
                new JsonObject().put("chat", 100).put("email", 100));
        try (Socket raw = new Socket()) {
            raw.setReceiveBufferSize(4096);
            raw.setSoTimeout(20_000);
            raw.connect(new InetSocketAddress("localhost", server.port()));
            OutputStream out = raw.getOutputStream();
            DataInputStream in = new DataInputStream(raw.getInputStream());
            out.write(("GET /v1/agents/alice/ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Authorization: " + server.bearer("alice", Role.AGENT) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readHead(in)).startsWith("HTTP/1.1 101");
            List<JsonObject> received = new ArrayList<>();
            frame(out, "{\"type\":\"presence\",\"status\":\"available\",\"id\":\"p\"}");
            out.flush();
            readUntil(in, received, m -> "ack".equals(m.getString("type")) && "p".equals(m.getString("id")));

            // Not reading, but alive (an unsolicited pong before each request keeps the 1001 rule away):
            // only the backlog rule can close this socket.
            String description = "€".repeat(20_000);
            for (int i = 0; i < OFFERS; i++) {
                pong(out);
                server.createTicket(TestServer.ticket(i % 2 == 0 ? "chat" : "email", "billing", "c" + i)
                        .put("description", description));
            }
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (server.get("/v1/agents/alice").json().getBoolean("connected")) {
                assertThat(System.nanoTime()).as("alice disconnected for the stale backlog").isLessThan(deadline);
                pong(out);
            }

            readUntil(in, received, null); // to the close frame

            assertThat(closeCode).as("after what was already written, the close frame").isEqualTo(1013);
            assertThat(closeReason).isEqualTo("client too slow");
            assertThat(received.stream().filter(m -> "offer".equals(m.getString("type")))).isNotEmpty();
            for (int i = 0; i < received.size(); i++) {
                assertThat(received.get(i).getLong("seq")).as("seq of message %d", i).isEqualTo(i + 1L);
            }
        }
    }

    /** An unsolicited, masked, empty pong frame: a sign of life (RFC 6455 5.5.3). */
    private static void pong(OutputStream out) throws IOException {
        out.write(new byte[] {(byte) 0x8A, (byte) 0x80, 1, 2, 3, 4});
        out.flush();
    }

    private int closeCode = -1;
    private String closeReason;
    private long bytes;

    /**
     * Reads frames into {@code received} until one matches {@code done}; ignores pings; fails on a
     * close frame, unless {@code done} is null: then reads to the close frame and records it.
     */
    private JsonObject readUntil(DataInputStream in, List<JsonObject> received,
            java.util.function.Predicate<JsonObject> done) throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        while (true) {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            long length = b1 & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            assertThat(b1 & 0x80).as("server frames are unmasked").isZero();
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            bytes += 2 + length;
            int opcode = b0 & 0x0f;
            if (opcode == 0x8) {
                closeCode = length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
                closeReason = length > 2 ? new String(payload, 2, (int) length - 2, StandardCharsets.UTF_8) : "";
                if (done != null) {
                    throw new AssertionError("server closed the socket with " + closeCode + " " + closeReason
                            + " after " + received.size() + " messages");
                }
                return null;
            }
            if (opcode == 0x9 || opcode == 0xA) {
                continue; // heartbeats; the long idle timeout makes pongs unnecessary
            }
            text.write(payload);
            if ((b0 & 0x80) != 0) { // FIN: a whole text message (Vert.x splits large ones into continuation frames)
                JsonObject message = new JsonObject(text.toString(StandardCharsets.UTF_8));
                text.reset();
                received.add(message);
                if (done != null && done.test(message)) {
                    return message;
                }
            }
        }
    }

    private static String readHead(DataInputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            head.append((char) in.readUnsignedByte());
        }
        return head.toString();
    }

    /** A masked client text frame (RFC 6455 5.2), payload under 126 bytes. */
    private static void frame(OutputStream out, String text) throws IOException {
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

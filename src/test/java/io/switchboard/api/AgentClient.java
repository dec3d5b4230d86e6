package io.switchboard.api;

import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real agent WebSocket for tests: records every server message and awaits them by type. */
public final class AgentClient {
    private final WebSocket ws;
    private final LinkedBlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
    private final List<JsonObject> seen = new ArrayList<>();
    private final CompletableFuture<Short> closed = new CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();
    private int nextId;

    private AgentClient(WebSocket ws) {
        this.ws = ws;
        ws.textMessageHandler(text -> inbox.add(new JsonObject(text)));
        ws.frameHandler(frame -> {
            if (frame.isPing()) {
                pings.incrementAndGet(); // Vert.x answers each with a pong by itself
            }
        });
        ws.closeHandler(v -> closed.complete(ws.closeStatusCode() == null ? -1 : ws.closeStatusCode()));
    }

    /**
     * The caller keeps {@code client} referenced: Vert.x closes clients that are garbage collected,
     * and with them their sockets.
     */
    static AgentClient open(WebSocketClient client, int port, String path, String... headers) {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setPort(port).setHost("localhost").setURI(path);
        for (int i = 0; i < headers.length; i += 2) {
            options.addHeader(headers[i], headers[i + 1]);
        }
        // Handlers are attached in the connect callback, on the event loop, so no message is missed.
        return TestServer.await(client.connect(options).map(AgentClient::new));
    }

    /** Waits until the server has sent {@code count} heartbeat pings since the socket opened; fails after 10 s. */
    public void awaitPings(int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pings.get() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + pings.get() + " of " + count + " pings within 10 s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Sends a message with a fresh {@code id} and returns that id. */
    public String send(JsonObject message) {
        String id = "m" + (++nextId);
        ws.writeTextMessage(message.copy().put("id", id).encode());
        return id;
    }

    public void sendRaw(String text) {
        ws.writeTextMessage(text);
    }

    /** The next message of {@code type}, skipping (but keeping) others; fails after 5 s. */
    public JsonObject await(String type) {
        for (JsonObject m : seen) {
            if (m.getString("type").equals(type) && !m.getBoolean("_taken", false)) {
                m.put("_taken", true);
                return m;
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        try {
            while (System.nanoTime() < deadline) {
                JsonObject m = inbox.poll(50, TimeUnit.MILLISECONDS);
                if (m == null) {
                    continue;
                }
                seen.add(m);
                if (m.getString("type").equals(type)) {
                    m.put("_taken", true);
                    return m;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("no '" + type + "' message within 5 s; " + state() + "; seen " + seen);
    }

    /** The reply (ack or error) to the message with {@code id}. */
    public JsonObject replyTo(String id) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            for (JsonObject m : seen) {
                if (id.equals(m.getString("id"))) {
                    return m;
                }
            }
            try {
                JsonObject m = inbox.poll(50, TimeUnit.MILLISECONDS);
                if (m != null) {
                    seen.add(m);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new AssertionError("no reply to " + id + " within 5 s; " + state() + "; seen " + seen);
    }

    private String state() {
        return closed.isDone() ? "socket closed with " + closed.join() + " " + ws.closeReason() : "socket open";
    }

    /** Every message received so far, in order (drains the inbox). */
    public List<JsonObject> received() {
        inbox.drainTo(seen);
        return seen;
    }

    public void goAvailable() {
        String id = send(new JsonObject().put("type", "presence").put("status", "available"));
        if (!"ack".equals(replyTo(id).getString("type"))) {
            throw new AssertionError("presence not acknowledged: " + seen);
        }
    }

    public short awaitClose() {
        try {
            return closed.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("socket not closed within 5 s", e);
        }
    }

    public void close() {
        if (!ws.isClosed()) {
            TestServer.await(ws.close());
        }
    }
}

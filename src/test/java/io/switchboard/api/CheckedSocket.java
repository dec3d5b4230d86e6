package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket on one channel of docs/asyncapi.yaml whose every frame, both ways, is held to
 * the document: each server frame must be a JSON object whose {@code type} names a message the
 * server sends on the channel, must match that message's schema, and must carry the next
 * {@code seq}; each frame the test sends must match a message the channel accepts, or, when
 * sent with {@link #sendInvalid}, match none. Names of the messages seen go to {@code exercised}.
 *
 * <p>Frames are checked on the test thread as they are taken from the inbox; {@link #finish}
 * checks whatever was never awaited. Not thread-safe: one test thread.
 */
final class CheckedSocket {
    private static final long WAIT_SECONDS = 10;

    private final AsyncApiDocument doc;
    private final String channel;
    private final Set<String> exercised;
    private final ClientWebSocket ws;
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final List<JsonObject> seen = new ArrayList<>();
    private final CompletableFuture<Short> closed = new CompletableFuture<>();
    private long seq;

    private CheckedSocket(AsyncApiDocument doc, String channel, Set<String> exercised, ClientWebSocket ws) {
        this.doc = doc;
        this.channel = channel;
        this.exercised = exercised;
        this.ws = ws;
        ws.textMessageHandler(inbox::add);
        ws.binaryMessageHandler(inbox::add);
        ws.closeHandler(v -> closed.complete(ws.closeStatusCode() == null ? -1 : ws.closeStatusCode()));
    }

    /**
     * Handlers are attached before the socket connects, so no frame is missed, not even the close
     * of a session the server refuses at once (attached in the connect callback instead, they
     * raced that close: a handler cannot be set on a closed socket).
     */
    static CheckedSocket open(WebSocketClient client, WebSocketConnectOptions options, AsyncApiDocument doc,
            String channel, Set<String> exercised) {
        CheckedSocket socket = new CheckedSocket(doc, channel, exercised, client.webSocket());
        TestServer.await(socket.ws.connect(options));
        return socket;
    }

    /** Sends a message the channel accepts; fails the test if the document says it does not. */
    void send(JsonObject message) {
        AsyncApiDocument.Message documented = doc.accepted(channel, message.getString("type"));
        assertThat(documented).as(channel + " accepts no message of type " + message.getString("type")).isNotNull();
        String text = message.encode();
        Object payload = documented.type() == null ? text : message;
        assertThat(AsyncApiDocument.problems(documented, payload)).as("sent " + text + " as " + documented.name()).isNull();
        exercised.add(documented.name());
        ws.writeTextMessage(text);
    }

    /** Sends a text frame the server must refuse; fails the test if the document accepts it. */
    void sendInvalid(String text) {
        Object payload;
        try {
            payload = Json.decodeValue(text);
        } catch (DecodeException e) {
            payload = text;
        }
        for (AsyncApiDocument.Message m : doc.accepted(channel)) {
            assertThat(AsyncApiDocument.problems(m, payload)).as(text + " must not match " + m.name()).isNotNull();
        }
        ws.writeTextMessage(text);
    }

    /** Sends a binary frame; where the channel accepts anything, it counts as that message. */
    void sendBinary(Buffer bytes) {
        AsyncApiDocument.Message anything = doc.accepted(channel, null);
        if (anything != null) {
            assertThat(AsyncApiDocument.problems(anything, bytes.toString())).isNull();
            exercised.add(anything.name());
        }
        ws.writeBinaryMessage(bytes);
    }

    /** The next server message of {@code type}, checking (and keeping) every frame before it. */
    JsonObject await(String type) {
        JsonObject found = take(m -> type.equals(m.getString("type")));
        if (found == null) {
            throw new AssertionError(channel + ": no '" + type + "' within " + WAIT_SECONDS + " s; seen " + seen);
        }
        return found;
    }

    /** The {@code ack} or {@code error} whose {@code id} is {@code id}. */
    JsonObject replyTo(Object id) {
        JsonObject found = take(m -> ("ack".equals(m.getString("type")) || "error".equals(m.getString("type")))
                && id.equals(m.getValue("id")));
        if (found == null) {
            throw new AssertionError(channel + ": no answer to " + id + " within " + WAIT_SECONDS + " s; seen " + seen);
        }
        return found;
    }

    /** The answers with {@code "id": null}, in order, until {@code count} arrived. */
    List<JsonObject> anonymousReplies(int count) {
        List<JsonObject> replies = new ArrayList<>();
        while (replies.size() < count) {
            JsonObject found = take(m -> m.containsKey("id") && m.getValue("id") == null && !replies.contains(m));
            if (found == null) {
                throw new AssertionError(channel + ": " + replies.size() + " of " + count + " answers without id; seen " + seen);
            }
            replies.add(found);
        }
        return replies;
    }

    short awaitClose() {
        try {
            return closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(channel + " socket not closed within " + WAIT_SECONDS + " s", e);
        }
    }

    /** Checks every frame still waiting, then closes the socket; returns how many frames were checked in all. */
    int finish() {
        Object frame;
        while ((frame = inbox.poll()) != null) {
            seen.add(check(frame));
        }
        if (!ws.isClosed()) {
            TestServer.await(ws.close());
        }
        return seen.size();
    }

    private JsonObject take(java.util.function.Predicate<JsonObject> wanted) {
        for (JsonObject m : seen) {
            if (!m.containsKey("_taken") && wanted.test(m)) {
                m.put("_taken", true);
                return m;
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        try {
            while (System.nanoTime() < deadline) {
                Object frame = inbox.poll(50, TimeUnit.MILLISECONDS);
                if (frame == null) {
                    continue;
                }
                JsonObject m = check(frame);
                seen.add(m);
                if (wanted.test(m)) {
                    m.put("_taken", true);
                    return m;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** Holds one server frame to the document; returns a copy the caller may mark. */
    private boolean resumable;

    private JsonObject check(Object frame) {
        assertThat(frame).as(channel + ": server frames are text").isInstanceOf(String.class);
        Object json = Json.decodeValue((String) frame);
        assertThat(json).as(channel + ": server frames are JSON objects: " + frame).isInstanceOf(JsonObject.class);
        JsonObject message = (JsonObject) json;
        String type = message.getString("type");
        AsyncApiDocument.Message documented = doc.sent(channel, type);
        assertThat(documented).as(channel + ": docs/asyncapi.yaml has no message the server sends with type '" + type
                + "': " + frame).isNotNull();
        assertThat(AsyncApiDocument.problems(documented, message)).as(channel + " " + documented.name() + ": " + frame)
                .isNull();
        if ("welcome".equals(type) && message.containsKey("resumed")) {
            resumable = true; // ?resume=: numbered by the durable stream, from the welcome's position
            seq = message.getLong("seq");
        } else if (!resumable) {
            assertThat(message.getLong("seq")).as(channel + ": seq without gaps: " + frame).isEqualTo(++seq);
        } else if (Set.of("ack", "error").contains(type) || message.getLong("seq") == seq) {
            assertThat(message.getLong("seq")).as(channel + ": answers carry the stream position: " + frame)
                    .isEqualTo(seq);
        } else {
            assertThat(message.getLong("seq")).as(channel + ": stream seq increasing: " + frame).isGreaterThan(seq);
            seq = message.getLong("seq");
        }
        exercised.add(documented.name());
        return message.copy();
    }
}

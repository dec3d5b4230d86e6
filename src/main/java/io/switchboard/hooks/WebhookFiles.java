package io.switchboard.hooks;

import io.switchboard.follow.CursorStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The webhooks' durable state. Under {@code <data dir>/webhooks/}: {@code subscriptions.json} (the
 * subscriptions made through the API, secrets included: owner-only permissions) and per
 * subscription {@code <id>.dead.json} (dead letters) and the delivery log {@code <id>.log} /
 * {@code <id>.log.1} ({@link DeliveryLog}, which writes it itself). In the journal followers' {@link CursorStore}
 * (files in the same directory on the file journal, the Redis hash on Redis): per subscription
 * {@code webhooks/<id>.cursor.json} (journal position delivered or dead-lettered up to, and whether
 * it was disabled) and {@code webhooks/<id>.tickets.json} (the ticket contexts its filters need,
 * as of a journal position at or after the cursor's).
 *
 * <p>Every file write goes to a temporary file that is forced to disk and then renamed over the old
 * one, so a crash (even {@code kill -9} or power loss) leaves the old or the new content. A
 * directory of null keeps nothing (in-memory mode). Threading: the file methods block (call them
 * from a worker); the cursor methods return futures.
 */
final class WebhookFiles {
    private final Path dir;
    private final CursorStore cursors;

    WebhookFiles(Path dir, CursorStore cursors) {
        this.dir = dir;
        this.cursors = cursors;
    }

    /** Whether cursors outlive the process (not in in-memory mode). */
    boolean durable() {
        return cursors.durable();
    }

    /** The directory, or null in in-memory mode. */
    Path dir() {
        return dir;
    }

    List<JsonObject> subscriptions() {
        JsonArray array = readArray("subscriptions.json");
        List<JsonObject> out = new ArrayList<>();
        array.forEach(item -> out.add((JsonObject) item));
        return out;
    }

    void saveSubscriptions(List<JsonObject> subscriptions) {
        write("subscriptions.json", new JsonArray(new ArrayList<>(subscriptions)).encode(), true);
    }

    /** The cursor as saved, or null. */
    Future<JsonObject> cursor(String id) {
        return cursors.read(cursorName(id)).map(text -> text == null ? null : new JsonObject(text));
    }

    Future<Void> saveCursor(String id, JsonObject cursor) {
        return cursors.write(cursorName(id), cursor.encode());
    }

    Future<JsonObject> tickets(String id) {
        return cursors.read(ticketsName(id)).map(text -> text == null ? null : new JsonObject(text));
    }

    Future<Void> saveTickets(String id, JsonObject tickets) {
        return cursors.write(ticketsName(id), tickets.encode());
    }

    /** Forgets a deleted subscription's cursor and ticket contexts. */
    Future<Void> deleteCursor(String id) {
        return cursors.delete(cursorName(id)).compose(v -> cursors.delete(ticketsName(id)));
    }

    private static String cursorName(String id) {
        return "webhooks/" + id + ".cursor.json";
    }

    private static String ticketsName(String id) {
        return "webhooks/" + id + ".tickets.json";
    }

    JsonArray deadLetters(String id) {
        return readArray(id + ".dead.json");
    }

    void saveDeadLetters(String id, JsonArray letters) {
        write(id + ".dead.json", letters.encode(), true);
    }

    /** Forgets a deleted subscription's dead letters. */
    void delete(String id) {
        if (dir == null) {
            return;
        }
        try {
            Files.deleteIfExists(dir.resolve(id + ".dead.json"));
            DeliveryLog.delete(dir, id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonArray readArray(String name) {
        String text = read(name);
        return text == null ? new JsonArray() : new JsonArray(text);
    }

    private String read(String name) {
        if (dir == null) {
            return null;
        }
        try {
            return Files.readString(dir.resolve(name));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String name, String text, boolean secret) {
        if (dir == null) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(name + ".tmp");
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                if (secret) {
                    restrict(tmp);
                }
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: the data directory's own permissions protect it
        }
    }

    /** Ticket contexts as JSON and back (the {@code <id>.tickets.json} content). */
    static JsonObject encode(long asOf, Map<String, TicketContext> contexts, Map<String, Long> retired) {
        JsonObject tickets = new JsonObject();
        contexts.forEach((id, t) -> tickets.put(id, new JsonObject().put("channel", t.channel())
                .put("queue", t.queue()).put("createdBy", t.createdBy()).put("customerId", t.customerId())
                .put("idempotencyKey", t.idempotencyKey()).put("fields", new JsonObject(new HashMap<String, Object>(t.fields())))
                .put("conversation", t.conversation() == null ? null : new JsonObject(new HashMap<String, Object>(t.conversation())))
                .put("retiredAt", retired.get(id))));
        return new JsonObject().put("asOf", asOf).put("tickets", tickets);
    }

    static void decode(JsonObject json, Map<String, TicketContext> contexts, Map<String, Long> retired) {
        json.getJsonObject("tickets", new JsonObject()).forEach(entry -> {
            JsonObject t = (JsonObject) entry.getValue();
            Map<String, String> fields = new HashMap<>();
            t.getJsonObject("fields", new JsonObject()).forEach(f -> fields.put(f.getKey(), String.valueOf(f.getValue())));
            Map<String, String> conversation = null;
            if (t.getJsonObject("conversation") != null) {
                conversation = new HashMap<>();
                for (Map.Entry<String, Object> c : t.getJsonObject("conversation")) {
                    conversation.put(c.getKey(), String.valueOf(c.getValue()));
                }
            }
            contexts.put(entry.getKey(), new TicketContext(t.getString("channel"), t.getString("queue"),
                    t.getString("createdBy"), t.getString("customerId"), t.getString("idempotencyKey"), fields,
                    conversation));
            if (t.getLong("retiredAt") != null) {
                retired.put(entry.getKey(), t.getLong("retiredAt"));
            }
        });
    }
}

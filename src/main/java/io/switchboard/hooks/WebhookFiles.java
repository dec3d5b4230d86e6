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
 * subscription {@code <id>.dead.log} ({@link DeadLetters}, which writes it itself) and the delivery log {@code <id>.log} /
 * {@code <id>.log.1} ({@link DeliveryLog}, which writes it itself). In the journal followers' {@link CursorStore}
 * (files in the same directory on the file journal, the Redis hash on Redis): per subscription
 * {@code webhooks/<id>.cursor.json} (journal position delivered or dead-lettered up to, and whether
 * it was disabled), {@code webhooks/<id>.tickets.json} and the changes appended since to
 * {@code webhooks/<id>.tickets.log} (the ticket contexts its filters need,
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

    /** The ticket-context changes appended since the last whole save (see {@link #applyLog}), or null. */
    Future<String> ticketLog(String id) {
        return cursors.read(ticketLogName(id));
    }

    /** Appends one line of changed contexts ({@link #line}, newline included). */
    Future<Void> appendTicketLog(String id, String line) {
        return cursors.append(ticketLogName(id), line);
    }

    /** Forgets the appended changes: a whole save holds them now. */
    Future<Void> deleteTicketLog(String id) {
        return cursors.delete(ticketLogName(id));
    }

    /** Forgets a deleted subscription's cursor and ticket contexts. */
    Future<Void> deleteCursor(String id) {
        return cursors.delete(cursorName(id)).compose(v -> cursors.delete(ticketsName(id)))
                .compose(v -> cursors.delete(ticketLogName(id)));
    }

    private static String cursorName(String id) {
        return "webhooks/" + id + ".cursor.json";
    }

    private static String ticketsName(String id) {
        return "webhooks/" + id + ".tickets.json";
    }

    private static String ticketLogName(String id) {
        return "webhooks/" + id + ".tickets.log";
    }

    /** Forgets a deleted subscription's dead letters. */
    void delete(String id) {
        if (dir == null) {
            return;
        }
        try {
            DeadLetters.delete(dir, id);
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
        return encode(asOf, contexts.keySet(), contexts, retired);
    }

    /**
     * The contexts of {@code ids} only (those no longer in {@code contexts} are left out), as of
     * journal position {@code asOf}: one line of {@code <id>.tickets.log}, or the whole file.
     */
    static JsonObject encode(long asOf, Iterable<String> ids, Map<String, TicketContext> contexts,
            Map<String, Long> retired) {
        JsonObject tickets = new JsonObject();
        for (String id : ids) {
            TicketContext t = contexts.get(id);
            if (t == null) {
                continue;
            }
            tickets.put(id, new JsonObject().put("channel", t.channel())
                .put("queue", t.queue()).put("createdBy", t.createdBy()).put("customerId", t.customerId())
                .put("idempotencyKey", t.idempotencyKey()).put("fields", new JsonObject(new HashMap<String, Object>(t.fields())))
                .put("conversation", t.conversation() == null ? null : new JsonObject(new HashMap<String, Object>(t.conversation())))
                .put("retiredAt", retired.get(id)));
        }
        return new JsonObject().put("asOf", asOf).put("tickets", tickets);
    }

    /**
     * {@link #encode(long, Iterable, Map, Map)} as one line of text (newline included), streamed:
     * the webhooks' thread appends the changed contexts every 200 ms, and a {@code JsonObject} per
     * context (its maps copied) cost a few hundred bytes per ticket there. Same document, each
     * context written as the payloads write it ({@link WebhookPayloads#contextFields}: maps in key
     * order; {@link #decode} reads any order).
     */
    static String line(long asOf, Iterable<String> ids, Map<String, TicketContext> contexts, Map<String, Long> retired) {
        // sized for the changed contexts (a few hundred characters each): the buffer grown by doubling
        // from 256 copied each line two or three times over, on the dispatcher's thread, every 200 ms
        int expected = ids instanceof java.util.Collection<?> c ? c.size() : 1;
        java.io.StringWriter out = new java.io.StringWriter((int) Math.min(1 << 24, 64 + 320L * expected));
        writeLine(out, asOf, ids, contexts, retired);
        return out.toString();
    }

    /** Lines up to this many characters leave {@link #lineOut}'s array for the next (larger ones: dropped). */
    private static final int LINE_BUFFER_KEPT = 1 << 19;
    /** The buffer {@link #ticketLogLine} writes into, kept from one line to the next. */
    private java.io.CharArrayWriter lineOut = new java.io.CharArrayWriter(1 << 12);

    /**
     * {@link #line}, the same text, written into a buffer this instance keeps from one line to the
     * next: the only array made per line is the string's own (the line's buffer, sized at 320
     * characters per context, was ~1.7 times the ~190 characters a context takes, then copied into
     * the string: ~2.7 bytes allocated per byte of line, every 200 ms per subscription).
     * Threading: the dispatcher's context only (the workers' saves run there).
     */
    String ticketLogLine(long asOf, Iterable<String> ids, Map<String, TicketContext> contexts,
            Map<String, Long> retired) {
        java.io.CharArrayWriter out = lineOut;
        out.reset();
        writeLine(out, asOf, ids, contexts, retired);
        String text = out.toString();
        if (out.size() > LINE_BUFFER_KEPT) {
            lineOut = new java.io.CharArrayWriter(1 << 12); // not held between saves
        }
        return text;
    }

    /** Writes {@link #line}'s text, newline included, to {@code out}. */
    private static void writeLine(java.io.Writer out, long asOf, Iterable<String> ids, Map<String, TicketContext> contexts,
            Map<String, Long> retired) {
        try (com.fasterxml.jackson.core.JsonGenerator g = WebhookPayloads.JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("asOf", asOf);
            g.writeFieldName("tickets");
            g.writeStartObject();
            for (String id : ids) {
                TicketContext t = contexts.get(id);
                if (t == null) {
                    continue;
                }
                g.writeFieldName(id);
                g.writeStartObject();
                WebhookPayloads.contextFields(g, t);
                Long retiredAt = retired.get(id);
                if (retiredAt == null) {
                    g.writeNullField("retiredAt");
                } else {
                    g.writeNumberField("retiredAt", retiredAt);
                }
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
            g.flush();
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Applies the lines of a {@code <id>.tickets.log} (each the changed contexts as of its
     * {@code asOf}, in order) written after a whole save as of {@code baseAsOf}: lines at or before
     * it are already in the whole save (a crash between the whole save and the log's deletion
     * leaves them), and a line that does not parse is the torn tail of an append cut by a crash
     * (its save never completed, so no cursor relies on it). Returns the last {@code asOf} applied,
     * or {@code baseAsOf}, and the number of contexts applied in {@code applied[0]}.
     */
    static long applyLog(String text, long baseAsOf, Map<String, TicketContext> contexts, Map<String, Long> retired,
            long[] applied) {
        long asOf = baseAsOf;
        if (text == null) {
            return asOf;
        }
        for (String line : text.split("\n")) {
            JsonObject changes;
            try {
                changes = line.isBlank() ? null : new JsonObject(line);
            } catch (io.vertx.core.json.DecodeException e) {
                changes = null;
            }
            if (changes == null || changes.getLong("asOf", -1L) <= baseAsOf) {
                continue;
            }
            decode(changes, contexts, retired);
            applied[0] += changes.getJsonObject("tickets", new JsonObject()).size();
            asOf = Math.max(asOf, changes.getLong("asOf"));
        }
        return asOf;
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

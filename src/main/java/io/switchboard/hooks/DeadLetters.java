package io.switchboard.hooks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.logging.Logger;

/**
 * One subscription's dead letters: messages that failed for the whole retry horizon, kept with
 * their bodies (exactly as signed) until a replay delivers them, oldest first.
 *
 * <p>Where: with a data dir, {@code <id>.dead.log} under {@code <data dir>/webhooks/}, JSON lines,
 * each one change: {@code {"add": letter}} (a new dead letter, or a replay that failed again) or
 * {@code {"remove": webhookId}} (a replay delivered it). Changes are appended (and forced to disk)
 * in order on a worker thread, a batch per file task; once the file holds more than twice as many
 * lines as there are letters (and at least {@link #COMPACT_MIN_LINES}) it is rewritten with the
 * letters alone (temporary file, forced, renamed). A line torn by a crash is skipped when read.
 * A data dir written by an earlier build ({@code <id>.dead.json}, one array rewritten whole on each
 * change) is read once and replaced by the log at the first flush.
 *
 * <p>Bound: at most {@link #MAX_LETTERS} per subscription; a new one beyond that drops the oldest
 * (logged): an endpoint dead for days must not fill the disk or the heap. Without a data dir
 * (in-memory mode) they are kept in memory only.
 *
 * <p>Threading: confined to the dispatcher's context, except {@link #count()}; {@link #load} blocks.
 */
final class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class.getName());
    static final int MAX_LETTERS = 10_000;
    static final int COMPACT_MIN_LINES = 256;

    private final Vertx vertx;
    private final Path file;
    private final Path legacy;
    private final String subscriptionId;
    private final int maxLetters;
    private final LinkedHashMap<String, JsonObject> letters;
    private List<String> unwritten = new ArrayList<>();
    private Future<Void> writing = Future.succeededFuture();
    private boolean flushScheduled;
    /** Lines in the file (after the writes queued so far); -1: rewrite it whole (migrating from the legacy file). */
    private long lines;
    private volatile int count;

    private DeadLetters(Vertx vertx, Path dir, String subscriptionId, int maxLetters,
            LinkedHashMap<String, JsonObject> letters, long lines) {
        this.vertx = vertx;
        this.file = dir == null ? null : dir.resolve(subscriptionId + ".dead.log");
        this.legacy = dir == null ? null : dir.resolve(subscriptionId + ".dead.json");
        this.subscriptionId = subscriptionId;
        this.maxLetters = maxLetters;
        this.letters = letters;
        this.lines = lines;
        this.count = letters.size();
    }

    /** Reads the dead letters of {@code subscriptionId} in {@code dir} (null: in memory, none). Blocking. */
    static DeadLetters load(Vertx vertx, Path dir, String subscriptionId) {
        return load(vertx, dir, subscriptionId, MAX_LETTERS);
    }

    /** As {@link #load(Vertx, Path, String)} with another bound (tests). */
    static DeadLetters load(Vertx vertx, Path dir, String subscriptionId, int maxLetters) {
        LinkedHashMap<String, JsonObject> letters = new LinkedHashMap<>();
        if (dir == null) {
            return new DeadLetters(vertx, null, subscriptionId, maxLetters, letters, 0);
        }
        List<String> log = readLines(dir.resolve(subscriptionId + ".dead.log"));
        if (log == null) {
            List<String> old = readLines(dir.resolve(subscriptionId + ".dead.json"));
            if (old != null) {
                new JsonArray(String.join("\n", old)).forEach(o -> {
                    JsonObject letter = (JsonObject) o;
                    letters.put(letter.getString("webhookId"), letter);
                });
                return new DeadLetters(vertx, dir, subscriptionId, maxLetters, letters, -1);
            }
            return new DeadLetters(vertx, dir, subscriptionId, maxLetters, letters, 0);
        }
        for (String line : log) {
            JsonObject change = parse(line);
            if (change == null) {
                continue; // torn by a crash
            }
            if (change.getValue("add") instanceof JsonObject letter) {
                letters.put(letter.getString("webhookId"), letter);
            } else if (change.getValue("remove") instanceof String webhookId) {
                letters.remove(webhookId);
            }
        }
        return new DeadLetters(vertx, dir, subscriptionId, maxLetters, letters, log.size());
    }

    /** Adds (or, for a replay that failed again, updates) the dead letter of message {@code webhookId}. */
    void add(String webhookId, String type, long position, String key, String body, int attempts, long firstAttemptAt,
            long now, Integer status, String error) {
        JsonObject letter = letters.get(webhookId);
        if (letter == null) {
            letter = new JsonObject().put("webhookId", webhookId).put("type", type).put("position", position)
                    .put("key", key).put("body", body);
            letters.put(webhookId, letter);
        }
        letter.put("attempts", attempts).put("firstAttemptAt", Instant.ofEpochMilli(firstAttemptAt).toString())
                .put("deadLetteredAt", Instant.ofEpochMilli(now).toString()).put("lastStatus", status)
                .put("lastError", error);
        changed(new JsonObject().put("add", letter.copy()).encode());
        Iterator<String> oldest = letters.keySet().iterator();
        while (letters.size() > maxLetters) {
            String dropped = oldest.next();
            oldest.remove();
            LOG.warning("webhook subscription " + subscriptionId + ": dead letter " + dropped
                    + " dropped (more than " + maxLetters + " kept)");
            changed(new JsonObject().put("remove", dropped).encode());
        }
    }

    /** Forgets the dead letter of {@code webhookId} (a replay delivered it); none is fine. */
    void remove(String webhookId) {
        if (letters.remove(webhookId) != null) {
            changed(new JsonObject().put("remove", webhookId).encode());
        }
    }

    /** The dead letter of message {@code webhookId}, or null. */
    JsonObject find(String webhookId) {
        return letters.get(webhookId);
    }

    /** Every dead letter, oldest first (copies). */
    JsonArray all() {
        JsonArray out = new JsonArray();
        letters.values().forEach(letter -> out.add(letter.copy()));
        return out;
    }

    long count() {
        return count;
    }

    /** Completes once every change so far is on disk. */
    Future<Void> flush() {
        if (file == null || (unwritten.isEmpty() && lines >= 0)) {
            return writing;
        }
        // lines < 0 with nothing new: a write failed (or the legacy file is still there): rewrite whole
        List<String> batch = unwritten;
        unwritten = new ArrayList<>();
        boolean whole = lines < 0 || lines + batch.size() > Math.max(COMPACT_MIN_LINES, 2L * letters.size());
        List<String> snapshot = whole ? snapshot() : batch;
        lines = whole ? snapshot.size() : lines + batch.size();
        writing = writing.transform(ignored -> vertx.<Void>executeBlocking(() -> {
            if (whole) {
                rewrite(snapshot);
            } else {
                append(file, snapshot, StandardOpenOption.APPEND);
            }
            return null;
        }, false)).onFailure(e -> {
            lines = -1; // unknown on disk: the next write rewrites it whole
            LOG.severe("cannot save dead letters of webhook subscription " + subscriptionId + ": " + e);
        });
        return writing;
    }

    private void changed(String line) {
        count = letters.size();
        if (file == null) {
            return;
        }
        unwritten.add(line);
        if (!flushScheduled) { // every change of this turn in one file task
            flushScheduled = true;
            vertx.getOrCreateContext().runOnContext(v -> {
                flushScheduled = false;
                flush();
            });
        }
    }

    private List<String> snapshot() {
        List<String> out = new ArrayList<>(letters.size());
        letters.values().forEach(letter -> out.add(new JsonObject().put("add", letter).encode()));
        return out;
    }

    private void rewrite(List<String> snapshot) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        append(tmp, snapshot, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(legacy);
    }

    private static void append(Path target, List<String> lines, StandardOpenOption mode) throws IOException {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append('\n'));
        Files.createDirectories(target.getParent());
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
            restrict(target);
            ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(false);
        }
    }

    /** Bodies may carry customer data: owner-only, like the other webhook files. */
    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: the data directory's own permissions protect it
        }
    }

    /** Forgets a deleted subscription's dead letters (both forms). Blocking. */
    static void delete(Path dir, String subscriptionId) throws IOException {
        Files.deleteIfExists(dir.resolve(subscriptionId + ".dead.log"));
        Files.deleteIfExists(dir.resolve(subscriptionId + ".dead.log.tmp"));
        Files.deleteIfExists(dir.resolve(subscriptionId + ".dead.json"));
    }

    private static JsonObject parse(String line) {
        if (line.isBlank()) {
            return null;
        }
        try {
            return new JsonObject(line);
        } catch (DecodeException e) {
            return null;
        }
    }

    /** The file's lines, or null when there is no file. */
    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

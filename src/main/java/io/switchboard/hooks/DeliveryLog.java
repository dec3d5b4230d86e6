package io.switchboard.hooks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.logging.Logger;

/**
 * One subscription's delivery log: every attempt (time, status, error, latency, outcome), numbered
 * {@code seq} 1, 2, … for the subscription's whole life, read newest first in pages.
 *
 * <p>Where: with a data dir, JSON lines appended to {@code <id>.log} under
 * {@code <data dir>/webhooks/}; when an append would take the file past {@link #SEGMENT_BYTES} it
 * becomes {@code <id>.log.1} (replacing the one before) and a new {@code <id>.log} starts, so a
 * subscription keeps between one and two segments: the newest ~{@code SEGMENT_BYTES} of attempts
 * at least, 2 × {@code SEGMENT_BYTES} on disk at most, however long an endpoint fails. Attempts are
 * buffered and appended (then forced to disk) by {@link #flush()}, which the dispatcher calls
 * every 200 ms and at stop: a {@code kill -9} loses at most the attempts of the last flush period
 * (the deliveries themselves are safe: the cursor decides what is sent again). A line torn by a
 * power loss is cut off at the next start. Without a data dir (in-memory mode) the newest
 * {@link #MEMORY_ENTRIES} attempts are kept in memory.
 *
 * <p>Why files and not the history store: attempts are not domain events (journaling them would
 * put every webhook attempt on the engine's write path, which the budget forbids) and they are
 * operational, bounded, per subscription and deleted with it; an append file needs no schema and
 * costs one sequential write per flush.
 *
 * <p>Threading: {@link #record}, {@link #flush} and {@link #page} on the dispatcher's context; file
 * work runs on worker threads, one task at a time (each chained after the previous).
 */
final class DeliveryLog {
    private static final Logger LOG = Logger.getLogger(DeliveryLog.class.getName());
    /** Size of one log segment; a subscription keeps at most two. */
    static final long SEGMENT_BYTES = 4L << 20;
    static final int MEMORY_ENTRIES = 1_000;
    /** Attempts waiting for a flush beyond this are dropped (and counted in the log): a stalled disk must not fill the heap. */
    private static final int MAX_UNWRITTEN = 200_000;
    private static final JsonFactory JSON = new JsonFactory();

    private final Vertx vertx;
    private final Path current;
    private final Path previous;
    private final String subscriptionId;
    private final long segmentBytes;
    private final ArrayDeque<Entry> memory = new ArrayDeque<>();
    private ArrayDeque<Entry> unwritten = new ArrayDeque<>();
    private Future<Void> writing = Future.succeededFuture();
    private long seq;
    private long dropped;
    /** Bytes in {@link #current}; touched only by the (serialised) file tasks. */
    private long currentBytes;

    private DeliveryLog(Vertx vertx, Path dir, String subscriptionId, long segmentBytes, long seq, long currentBytes) {
        this.vertx = vertx;
        this.segmentBytes = segmentBytes;
        this.subscriptionId = subscriptionId;
        this.current = dir == null ? null : dir.resolve(subscriptionId + ".log");
        this.previous = dir == null ? null : dir.resolve(subscriptionId + ".log.1");
        this.seq = seq;
        this.currentBytes = currentBytes;
    }

    /**
     * Opens the log of {@code subscriptionId} in {@code dir} (null: in memory), continuing its
     * numbering; cuts off a torn last line. Blocking: call from a worker.
     */
    static DeliveryLog load(Vertx vertx, Path dir, String subscriptionId) {
        return load(vertx, dir, subscriptionId, SEGMENT_BYTES);
    }

    /** As {@link #load(Vertx, Path, String)} with segments of {@code segmentBytes} (tests rotate small ones). */
    static DeliveryLog load(Vertx vertx, Path dir, String subscriptionId, long segmentBytes) {
        if (dir == null) {
            return new DeliveryLog(vertx, null, subscriptionId, segmentBytes, 0, 0);
        }
        Path current = dir.resolve(subscriptionId + ".log");
        long bytes = cutTornTail(current);
        long last = lastSeq(current);
        if (last == 0) {
            last = lastSeq(dir.resolve(subscriptionId + ".log.1"));
        }
        return new DeliveryLog(vertx, dir, subscriptionId, segmentBytes, last, bytes);
    }

    /**
     * One attempt: {@code at} in epoch milliseconds, {@code status} null when no answer came.
     * Kept as it is until written (or paged): the JSON is made on the file task's worker thread,
     * not on the dispatcher's context that books it.
     */
    record Attempt(String webhookId, String type, int attempt, long at, Integer status, String error,
            double latencyMillis, String outcome, boolean replay) {
    }

    record Entry(long seq, Attempt attempt) {
        JsonObject json() {
            Attempt a = attempt;
            return new JsonObject().put("seq", seq).put("webhookId", a.webhookId()).put("type", a.type())
                    .put("attempt", a.attempt()).put("at", java.time.Instant.ofEpochMilli(a.at()).toString())
                    .put("status", a.status()).put("error", a.error()).put("latencyMillis", a.latencyMillis())
                    .put("outcome", a.outcome()).put("replay", a.replay());
        }
    }

    /** Books one attempt; it gets the next {@code seq}. */
    void record(Attempt attempt) {
        Entry entry = new Entry(++seq, attempt);
        if (current == null) {
            if (memory.size() >= MEMORY_ENTRIES) {
                memory.pollFirst();
            }
            memory.addLast(entry);
            return;
        }
        if (unwritten.size() >= MAX_UNWRITTEN) {
            unwritten.pollFirst();
            dropped++;
        }
        unwritten.add(entry);
    }

    /** Appends what was booked since the last flush (after any write still running); completes when it is on disk. */
    Future<Void> flush() {
        if (current == null || unwritten.isEmpty()) {
            return writing;
        }
        ArrayDeque<Entry> lines = unwritten;
        unwritten = new ArrayDeque<>();
        long lost = dropped;
        dropped = 0;
        if (lost > 0) {
            LOG.warning("webhook subscription " + subscriptionId + ": " + lost
                    + " delivery log entries dropped (the disk did not keep up)");
        }
        writing = writing.transform(ignored -> vertx.<Void>executeBlocking(() -> {
            append(lines);
            return null;
        }, false)).onFailure(e -> LOG.severe("cannot append to the delivery log of webhook subscription "
                + subscriptionId + ": " + e));
        return writing;
    }

    /**
     * Up to {@code limit} attempts with a {@code seq} below {@code before} (0: from the newest),
     * newest first: {@code {"deliveries": [...], "olderThan": seq or null}}, where {@code olderThan}
     * is the {@code before} of the next page when older attempts are kept.
     */
    Future<JsonObject> page(long before, int limit) {
        long below = before <= 0 ? Long.MAX_VALUE : before;
        if (current == null) {
            List<JsonObject> newestFirst = new ArrayList<>();
            memory.descendingIterator().forEachRemaining(e -> newestFirst.add(e.json()));
            return Future.succeededFuture(pageOf(newestFirst.iterator(), below, limit));
        }
        Future<JsonObject> read = flush().transform(ignored -> vertx.executeBlocking(() -> {
            List<String> lines = new ArrayList<>(readLines(previous));
            lines.addAll(readLines(current));
            List<JsonObject> newestFirst = new ArrayList<>();
            for (int i = lines.size() - 1; i >= 0; i--) {
                JsonObject entry = parse(lines.get(i));
                if (entry != null) {
                    newestFirst.add(entry);
                }
            }
            return pageOf(newestFirst.iterator(), below, limit);
        }, false));
        writing = read.transform(ignored -> Future.<Void>succeededFuture()); // no append or rotation mid-read
        return read;
    }

    private static JsonObject pageOf(Iterator<JsonObject> newestFirst, long below, int limit) {
        JsonArray out = new JsonArray();
        Long olderThan = null;
        while (newestFirst.hasNext()) {
            JsonObject entry = newestFirst.next();
            long s = entry.getLong("seq", 0L);
            if (s >= below) {
                continue;
            }
            if (out.size() == limit) {
                olderThan = out.getJsonObject(out.size() - 1).getLong("seq");
                break;
            }
            out.add(entry);
        }
        return new JsonObject().put("deliveries", out).put("olderThan", olderThan);
    }

    /** Forgets the log (the subscription was deleted). Blocking. */
    static void delete(Path dir, String subscriptionId) throws IOException {
        Files.deleteIfExists(dir.resolve(subscriptionId + ".log"));
        Files.deleteIfExists(dir.resolve(subscriptionId + ".log.1"));
    }

    /**
     * The lines of {@code entries}, UTF-8, each {@link Entry#json()}'s encoding and a newline,
     * streamed through one generator: a {@code JsonObject} per attempt and its string cost the
     * worker threads more than the deliveries' own writes (BENCHMARKS.md, issue 14).
     */
    static byte[] lines(Iterable<Entry> entries) {
        int count = entries instanceof java.util.Collection<?> c ? c.size() : 32;
        // ~250 bytes a line: sized once rather than doubled and copied while it grows
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(Math.max(256, Math.min(count, 1 << 16) * 256));
        Timestamps at = new Timestamps();
        // through a Writer, as JsonObject.encode() does: the byte generator would write a character
        // beyond the BMP as two escaped surrogates where encode() writes it as it is
        java.io.Writer text = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
        try (JsonGenerator g = JSON.createGenerator(text)) {
            g.setRootValueSeparator(null);
            for (Entry e : entries) {
                Attempt a = e.attempt();
                g.writeStartObject();
                g.writeNumberField("seq", e.seq());
                g.writeStringField("webhookId", a.webhookId());
                g.writeStringField("type", a.type());
                g.writeNumberField("attempt", a.attempt());
                g.writeFieldName("at");
                at.write(g, a.at());
                if (a.status() == null) {
                    g.writeNullField("status");
                } else {
                    g.writeNumberField("status", a.status());
                }
                g.writeStringField("error", a.error());
                g.writeNumberField("latencyMillis", a.latencyMillis());
                g.writeStringField("outcome", a.outcome());
                g.writeBooleanField("replay", a.replay());
                g.writeEndObject();
                g.writeRaw('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * {@code Instant.ofEpochMilli(millis).toString()} written to a generator, with the text of the
     * whole second made once per second (a flush's attempts share a few seconds): the formatter
     * built a string and its builders per line. Not thread-safe: one per {@link #lines} call.
     */
    static final class Timestamps {
        private long second = Long.MIN_VALUE;
        private char[] text = new char[0];
        /** Length of the second's text without its 'Z'. */
        private int prefix;

        void write(JsonGenerator g, long millis) throws IOException {
            long s = Math.floorDiv(millis, 1000);
            int ms = (int) Math.floorMod(millis, 1000);
            if (s != second) {
                String whole = java.time.Instant.ofEpochSecond(s).toString(); // "...:ss" + 'Z'
                prefix = whole.length() - 1;
                text = new char[prefix + 5];
                whole.getChars(0, prefix, text, 0);
                second = s;
            }
            if (ms == 0) { // as Instant.toString: no fraction on a whole second
                text[prefix] = 'Z';
                g.writeString(text, 0, prefix + 1);
                return;
            }
            text[prefix] = '.';
            text[prefix + 1] = (char) ('0' + ms / 100);
            text[prefix + 2] = (char) ('0' + ms / 10 % 10);
            text[prefix + 3] = (char) ('0' + ms % 10);
            text[prefix + 4] = 'Z';
            g.writeString(text, 0, prefix + 5);
        }
    }

    private void append(ArrayDeque<Entry> lines) {
        byte[] bytes = lines(lines);
        try {
            Files.createDirectories(current.getParent());
            if (currentBytes > 0 && currentBytes + bytes.length > segmentBytes) {
                Files.move(current, previous, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                currentBytes = 0;
            }
            try (FileChannel out = FileChannel.open(current, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(false);
            }
            currentBytes += bytes.length;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonObject parse(String line) {
        if (line.isEmpty()) {
            return null;
        }
        try {
            return new JsonObject(line);
        } catch (DecodeException e) {
            return null;
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long lastSeq(Path file) {
        List<String> lines = readLines(file);
        for (int i = lines.size() - 1; i >= 0; i--) {
            JsonObject entry = parse(lines.get(i));
            if (entry != null) {
                return entry.getLong("seq", 0L);
            }
        }
        return 0;
    }

    /** Truncates {@code file} after its last newline (a line torn by a crash); returns its length. */
    private static long cutTornTail(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            long keep = size;
            ByteBuffer one = ByteBuffer.allocate(1);
            while (keep > 0) {
                one.clear();
                channel.read(one, keep - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                keep--;
            }
            if (keep < size) {
                channel.truncate(keep);
                channel.force(true);
            }
            return keep;
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.switchboard.store;

import io.switchboard.core.event.DomainEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Redis journal: the stream {@code switchboard:events} holds the events in order, up to 256 per
 * entry; an entry's id {@code n-0} is the position of its first event and its fields {@code 0, 1, ...}
 * are the {@link EventCodec} bytes of events n, n+1, ... A batch is written with pipelined
 * {@code XADD}s (one per 256 events, not one per event). Snapshots are incremental windows:
 * the list {@code switchboard:snapshots} names, oldest first, lists {@code switchboard:snapshot:<n>}
 * of framed chunks, each the compacted events after the previous window up to event n. Explicit
 * entry ids make a retried batch safe: before retrying, the journal reads the stream's last id and
 * writes only what is missing.
 *
 * <p>Acknowledged means Redis answered every {@code XADD} of the batch, and, on Redis 7.2 or newer
 * with AOF on, that {@code WAITAOF 1 0} confirmed the local AOF fsync. Redis must run with
 * {@code appendonly yes} (docs/configuration.md); without it a Redis crash loses acknowledged events.
 *
 * <p>Fenced ({@link #fence}, high availability): every write then carries the node's lease token
 * and runs as a Lua script that first compares it with {@code switchboard:fence}
 * ({@link RedisLease}); a stale token fails the write with {@link FencedOutException}, having
 * changed nothing, and the journal stays unwritable until it is opened again. Unfenced (one node),
 * the batch is the pipelined {@code XADD}s above.
 *
 * <p>The Vert.x client neither reconnects by itself nor notices a silently dropped connection, so
 * a heartbeat {@code PING} every second with a deadline decides {@link #writable()}, and a missed
 * deadline replaces the client. Threading: one context (the engine's).
 */
public final class RedisJournal implements Journal {
    static final String EVENTS = "switchboard:events";
    static final String SNAPSHOT = "switchboard:snapshot";
    /** The list of snapshot windows, oldest first; each names a list of framed chunks. */
    static final String SNAPSHOTS = "switchboard:snapshots";
    private static final Logger LOG = Logger.getLogger(RedisJournal.class.getName());
    private static final long HEARTBEAT_MILLIS = 1_000;
    private static final long COMMAND_DEADLINE_MILLIS = 3_000;
    private static final int PAGE = 10_000;
    private static final int CHUNK_BYTES = 1 << 20;
    /** Events per stream entry: one XADD carries a batch's events, not one each. */
    private static final int EVENTS_PER_ENTRY = 256;
    /** Fails the script (changing nothing) unless ARGV[1] is 0 (unfenced) or the current token in KEYS[2]. */
    private static final String FENCE_CHECK = "if ARGV[1] ~= '0' and redis.call('GET', KEYS[2]) ~= ARGV[1] then "
            + "return redis.error_reply('" + RedisLease.FENCED + " token ' .. ARGV[1] .. ' is stale') end ";
    /** KEYS: the stream, the fence; ARGV: the token, then per entry its id, field count and fields. */
    private static final String FENCED_XADD = FENCE_CHECK + "local i = 2 while i <= #ARGV do "
            + "local n = tonumber(ARGV[i + 1]) "
            + "redis.call('XADD', KEYS[1], ARGV[i], unpack(ARGV, i + 2, i + 1 + n)) i = i + 2 + n end return 1";
    /** KEYS: the fence, the key written; ARGV: the token, the command, its arguments after the key. */
    private static final String FENCED_CALL = "if redis.call('GET', KEYS[1]) ~= ARGV[1] then "
            + "return redis.error_reply('" + RedisLease.FENCED + " token ' .. ARGV[1] .. ' is stale') end "
            + "return redis.call(ARGV[2], KEYS[2], unpack(ARGV, 3))";
    /** No floor on merging (see {@link FileJournal}): merges stay proportional to what was written. */
    static final int MERGE_MIN_EVENTS = 0;

    private final Vertx vertx;
    private final String url;
    private final boolean waitAofWanted;
    private final EventCodec codec = EventCodec.instance();
    /** Guarded by this: see {@link #client()}. */
    private Redis redis;
    private boolean waitAof;
    private volatile long position;
    private volatile boolean writable;
    private boolean lastAppendFailed;
    private long heartbeat = -1;
    /** The lease token every write carries; 0 = unfenced (one node). */
    private volatile long fenceToken;
    private volatile boolean fencedOut;
    /** Events in the merged base and in the windows after it (decide when to merge; see {@link #snapshot}). */
    private int baseEvents;
    private int windowEvents;
    private final int mergeMinEvents;

    public RedisJournal(Vertx vertx, String url, boolean waitAof) {
        this(vertx, url, waitAof, MERGE_MIN_EVENTS);
    }

    /** {@code mergeMinEvents}: windows with fewer events stay windows (tests merge at every snapshot with 0). */
    RedisJournal(Vertx vertx, String url, boolean waitAof, int mergeMinEvents) {
        this.mergeMinEvents = mergeMinEvents;
        this.vertx = vertx;
        this.url = url;
        this.waitAofWanted = waitAof;
    }

    /**
     * From now on every write carries {@code token} (the lease's fencing token; 0 = unfenced) and
     * is refused by Redis once another node holds a higher one. Set before {@link #open}.
     */
    public void fence(long token) {
        this.fenceToken = token;
        this.fencedOut = false;
    }

    /** True once Redis refused a write for a stale token (until the next {@link #fence}). */
    public boolean fencedOut() {
        return fencedOut;
    }

    /**
     * The client, created at first use. Synchronized: besides the engine's context, journal
     * followers (webhooks, history, a warm standby) read through it from their own threads, and a
     * reconnect may swap it meanwhile; two racing creations would leak a pool.
     */
    private synchronized Redis client() {
        if (redis == null) {
            // owned: closed by close() alone, not by the undeploy of whichever verticle asked first
            redis = OwnedRedis.create(vertx, new RedisOptions().setConnectionString(url).setMaxPoolSize(4)
                    .setMaxPoolWaiting(1024)
                    .setNetClientOptions(new NetClientOptions().setConnectTimeout(2_000).setTcpKeepAlive(true)));
        }
        return redis;
    }

    private Future<Response> send(Request request) {
        return deadline(client().send(request));
    }

    private <T> Future<T> deadline(Future<T> future) {
        Promise<T> promise = Promise.promise();
        long timer = vertx.setTimer(COMMAND_DEADLINE_MILLIS,
                id -> promise.tryFail("Redis did not answer within " + COMMAND_DEADLINE_MILLIS + " ms"));
        future.onComplete(result -> {
            vertx.cancelTimer(timer);
            if (result.succeeded()) {
                promise.tryComplete(result.result());
            } else {
                promise.tryFail(result.cause());
            }
        });
        return promise.future();
    }

    @Override
    public Future<List<DomainEvent>> open() {
        return connect().compose(v -> load()).onSuccess(events -> startHeartbeat());
    }

    /**
     * Opens after a warm standby replayed events 1..{@code after}: reads only the stream behind it
     * (none of the snapshots). The first snapshot after this merges its windows into a new base
     * (what they hold was not counted).
     */
    @Override
    public Future<List<DomainEvent>> openAfter(long after) {
        return connect().compose(v -> follow(after, Integer.MAX_VALUE)).onSuccess(tail -> {
            position = after + tail.size();
            baseEvents = 0;
            windowEvents = 0;
            startHeartbeat();
        });
    }

    private void startHeartbeat() {
        writable = true;
        heartbeat = vertx.setPeriodic(HEARTBEAT_MILLIS, id -> beat());
    }

    /** Checks the server (version, AOF) before the journal is read. */
    private Future<String> connect() {
        if (heartbeat >= 0) {
            vertx.cancelTimer(heartbeat);
            heartbeat = -1;
        }
        lastAppendFailed = false;
        return send(Request.cmd(Command.INFO).arg("server")).compose(info -> {
            String version = field(info.toString(), "redis_version");
            waitAof = waitAofWanted && atLeast(version, 7, 2);
            return send(Request.cmd(Command.CONFIG).arg("GET").arg("appendonly")).map(aof -> {
                boolean aofOn = aof.size() >= 2 && "yes".equals(aof.get(1).toString());
                if (!aofOn) {
                    LOG.warning("Redis at " + redactedUrl() + " runs without appendonly: a crash of Redis itself can "
                            + "lose acknowledged events. Set appendonly yes (docs/configuration.md).");
                    waitAof = false;
                }
                LOG.info("Redis " + version + " at " + redactedUrl() + (waitAof ? ", WAITAOF on" : ", WAITAOF off"));
                return version;
            }).recover(e -> Future.succeededFuture(version));
        });
    }

    private void beat() {
        send(Request.cmd(Command.PING)).onComplete(result -> {
            if (result.succeeded()) {
                // after a failed append only the group commit's successful retry restores writability
                if (!writable && !lastAppendFailed && !fencedOut) {
                    LOG.info("Redis at " + redactedUrl() + " answers again; journal writable");
                    writable = true;
                }
            } else {
                if (writable) {
                    LOG.warning("Redis at " + redactedUrl() + " is unreachable (" + result.cause().getMessage()
                            + "); refusing new work until it answers");
                }
                writable = false;
                reconnect();
            }
        });
    }

    /** Drops the client and its pool, whose connections may be dead without knowing it. */
    private void reconnect() {
        Redis old;
        synchronized (this) {
            old = redis;
            redis = null;
        }
        if (old != null) {
            old.close();
        }
    }

    @Override
    public Future<Void> append(List<DomainEvent> events) {
        List<Buffer> encoded = new ArrayList<>(events.size());
        for (DomainEvent event : events) {
            encoded.add(Buffer.buffer(codec.encode(event)));
        }
        long first = position + 1;
        Future<Long> alreadyWritten = lastAppendFailed ? lastId().map(last -> Math.max(0, last - position))
                : Future.succeededFuture(0L);
        return alreadyWritten.compose(skip -> {
            List<Request> batch = fenceToken == 0 ? entries(encoded, (int) Math.min(skip, encoded.size()), first)
                    : fencedEntries(encoded, (int) Math.min(skip, encoded.size()), first);
            if (batch.isEmpty()) {
                return Future.succeededFuture();
            }
            if (waitAof) {
                batch.add(Request.cmd(Command.WAITAOF).arg(1).arg(0).arg(COMMAND_DEADLINE_MILLIS));
            }
            return deadline(client().batch(batch)).compose(replies -> {
                if (waitAof) {
                    Response acked = replies.get(replies.size() - 1);
                    if (acked.get(0).toLong() < 1) {
                        return Future.failedFuture("WAITAOF: the local AOF fsync was not confirmed");
                    }
                }
                return Future.succeededFuture();
            });
        }).<Void>mapEmpty().onSuccess(v -> {
            position += events.size();
            if (lastAppendFailed || !writable) {
                LOG.info("journal append to Redis succeeded again; journal writable");
            }
            lastAppendFailed = false;
            writable = true;
        }).recover(e -> Future.failedFuture(FencedOutException.is(e) ? fencedOut(e) : e)).onFailure(e -> {
            if (e instanceof FencedOutException) {
                LOG.severe("journal append to Redis refused: " + e.getMessage());
                lastAppendFailed = true;
                writable = false;
                return;
            }
            if (!lastAppendFailed) {
                LOG.log(Level.SEVERE, "journal append to Redis failed; refusing new work until it succeeds: " + e);
            }
            lastAppendFailed = true;
            writable = false;
            reconnect();
        });
    }

    /** Pipelined XADDs of events {@code from..} (an entry per {@link #EVENTS_PER_ENTRY}). */
    private static List<Request> entries(List<Buffer> encoded, int from, long first) {
        List<Request> batch = new ArrayList<>();
        Request entry = null;
        int inEntry = 0;
        for (int i = from; i < encoded.size(); i++) {
            if (entry == null || inEntry == EVENTS_PER_ENTRY) {
                entry = Request.cmd(Command.XADD).arg(EVENTS).arg((first + i) + "-0");
                batch.add(entry);
                inEntry = 0;
            }
            entry.arg(inEntry++).arg(encoded.get(i));
        }
        return batch;
    }

    /**
     * The same entries as one script that first compares the fencing token: all of them or, with a
     * stale token, none. ARGV: the token, then per entry its id, its field count and the fields.
     */
    private List<Request> fencedEntries(List<Buffer> encoded, int from, long first) {
        if (from >= encoded.size()) {
            return List.of();
        }
        Request script = Request.cmd(Command.EVAL).arg(FENCED_XADD).arg(2).arg(EVENTS).arg(RedisLease.FENCE)
                .arg(fenceToken);
        for (int start = from; start < encoded.size(); start += EVENTS_PER_ENTRY) {
            int end = Math.min(encoded.size(), start + EVENTS_PER_ENTRY);
            script.arg((first + start) + "-0").arg(2 * (end - start));
            for (int i = start; i < end; i++) {
                script.arg(i - start).arg(encoded.get(i));
            }
        }
        return new ArrayList<>(List.of(script));
    }

    private FencedOutException fencedOut(Throwable cause) {
        fencedOut = true;
        return cause instanceof FencedOutException fenced ? fenced : new FencedOutException("the fencing token "
                + fenceToken + " is stale: another node took the lease (" + cause.getMessage() + ")");
    }

    /**
     * A write of one command to {@code key}: plain when unfenced, otherwise a script that first
     * compares the fencing token (a stale one changes nothing and fails with {@code FENCED}).
     */
    private Request write(Command command, String key, Object... args) {
        Request request = fenceToken == 0 ? Request.cmd(command).arg(key)
                : Request.cmd(Command.EVAL).arg(FENCED_CALL).arg(2).arg(RedisLease.FENCE).arg(key).arg(fenceToken)
                        .arg(command.toString());
        for (Object arg : args) {
            if (arg instanceof Buffer buffer) {
                request.arg(buffer);
            } else {
                request.arg(String.valueOf(arg));
            }
        }
        return request;
    }

    /** The position of the stream's last event (the current position when the stream is empty or trimmed). */
    private Future<Long> lastId() {
        return send(Request.cmd(Command.XREVRANGE).arg(EVENTS).arg("+").arg("-").arg("COUNT").arg(1)).map(reply ->
                reply.size() == 0 ? position : idOf(reply.get(0)) + reply.get(0).get(1).size() / 2 - 1);
    }

    /**
     * Compacts the stream up to {@code min(position, limit)} into a window and registers it. Once
     * the events in windows since the last merge are as many as the merged base's (and at least
     * {@code mergeMinEvents}), base and windows are merged into one list instead, which drops the
     * tickets archived since ({@link Compaction}); each merge reads at most twice what was written
     * since the last one. The new list of windows replaces the old in one atomic step.
     */
    @Override
    public Future<Void> snapshot(long limit) {
        long upTo = Math.min(position, limit);
        return snapshotPosition().compose(from -> from >= upTo ? Future.succeededFuture()
                : readStream(from + 1, upTo).compose(window -> snapshot(from, window)));
    }

    /** {@code window}: the events after {@code from}; it may stop short of the limit (an entry holds a whole batch). */
    private Future<Void> snapshot(long from, List<byte[]> window) {
        if (window.isEmpty()) {
            return Future.succeededFuture();
        }
        boolean merge = windowEvents + window.size() >= Math.max(mergeMinEvents, baseEvents);
        Future<List<byte[]>> input = merge
                ? loadSnapshot().map(base -> {
                    List<byte[]> all = new ArrayList<>(base.payloads());
                    all.addAll(window);
                    return all;
                })
                : Future.succeededFuture(window);
        long end = from + window.size();
        return input.compose(events -> vertx.executeBlocking(() -> chunks(events, merge), false))
                .compose(chunks -> register(end, chunks, merge, window.size()));
    }

    /** Writes the snapshot list, registers it (appended, or replacing every window when merged), trims the stream. */
    private Future<Void> register(long upTo, Chunks chunks, boolean merge, int windowSize) {
        String key = SNAPSHOT + ":" + upTo;
        List<Request> writes = new ArrayList<>();
        writes.add(write(Command.DEL, key));
        for (Buffer chunk : chunks.buffers()) {
            writes.add(write(Command.RPUSH, key, chunk));
        }
        Future<List<String>> replaced = merge
                ? send(Request.cmd(Command.LRANGE).arg(SNAPSHOTS).arg(0).arg(-1)).map(keys -> {
                    List<String> names = new ArrayList<>();
                    keys.forEach(k -> names.add(k.toString()));
                    return names;
                })
                : Future.succeededFuture(List.of());
        // Registering is one command (RPUSH, or a script that swaps the list): atomic either way.
        Request registration = merge
                ? Request.cmd(Command.EVAL).arg(FENCE_CHECK + "redis.call('DEL', KEYS[1]); "
                        + "return redis.call('RPUSH', KEYS[1], ARGV[2])").arg(2).arg(SNAPSHOTS).arg(RedisLease.FENCE)
                        .arg(fenceToken).arg(key)
                : write(Command.RPUSH, SNAPSHOTS, key);
        return replaced.compose(old -> deadline(client().batch(writes))
                .compose(v -> send(registration))
                .compose(v -> send(write(Command.XTRIM, EVENTS, "MINID", (upTo + 1) + "-0")))
                .compose(v -> {
                    List<Request> deletes = new ArrayList<>();
                    for (String name : old) {
                        if (!name.equals(key)) {
                            deletes.add(write(Command.DEL, name));
                        }
                    }
                    return deletes.isEmpty() ? Future.succeededFuture() : deadline(client().batch(deletes));
                })
                .map(v -> {
                    if (merge) {
                        baseEvents = chunks.kept();
                        windowEvents = 0;
                    } else {
                        windowEvents += windowSize;
                    }
                    LOG.info((merge ? "snapshot base" : "snapshot") + " of events up to " + upTo + " written to Redis: "
                            + chunks.kept() + " events in " + chunks.buffers().size() + " chunks, "
                            + chunks.purged() + " archived tickets dropped");
                    return (Void) null;
                }));
    }

    /** The last event the snapshots cover (0 without snapshots): from the name of the last window. */
    private Future<Long> snapshotPosition() {
        return send(Request.cmd(Command.LINDEX).arg(SNAPSHOTS).arg(-1)).map(last ->
                last == null ? 0L : Long.parseLong(last.toString().substring(SNAPSHOT.length() + 1)));
    }

    private record Base(long position, List<byte[]> payloads) {}

    /** Every snapshot window in order (each the compacted events after the one before). */
    private Future<Base> loadSnapshot() {
        return send(Request.cmd(Command.LRANGE).arg(SNAPSHOTS).arg(0).arg(-1)).compose(keys -> {
            List<byte[]> payloads = new ArrayList<>();
            Future<Void> all = Future.succeededFuture();
            long at = 0;
            int[] counts = new int[keys.size()];
            int index = 0;
            for (Response key : keys) {
                String name = key.toString();
                int slot = index++;
                at = Long.parseLong(name.substring(SNAPSHOT.length() + 1));
                all = all.compose(v -> send(Request.cmd(Command.LRANGE).arg(name).arg(0).arg(-1)).map(chunks -> {
                    int before = payloads.size();
                    for (Response chunk : chunks) {
                        Records.Scan scan = Records.scan(ByteBuffer.wrap(chunk.toBytes()));
                        if (scan.damage() != null) {
                            throw new JournalCorruptException("Redis snapshot " + name + " is damaged: "
                                    + scan.damage());
                        }
                        payloads.addAll(scan.payloads());
                    }
                    counts[slot] = payloads.size() - before;
                    return (Void) null;
                }));
            }
            long position = at;
            return all.map(v -> {
                // the first list is the last merge's base (or the oldest window, which counts the same)
                baseEvents = counts.length == 0 ? 0 : counts[0];
                windowEvents = payloads.size() - baseEvents;
                return new Base(position, payloads);
            });
        });
    }

    /** Stream entries {@code from..upTo} (inclusive) as encoded events, checked to be gap-free. */
    private Future<List<byte[]>> readStream(long from, long upTo) {
        List<byte[]> out = new ArrayList<>();
        return page(from, upTo, out).map(v -> out);
    }

    private Future<Void> page(long from, long upTo, List<byte[]> out) {
        if (from > upTo) {
            return Future.succeededFuture();
        }
        Request range = Request.cmd(Command.XRANGE).arg(EVENTS).arg(from + "-0")
                .arg(upTo == Long.MAX_VALUE ? "+" : upTo + "-0").arg("COUNT").arg(PAGE);
        return send(range).compose(entries -> {
            long expected = from;
            for (Response entry : entries) {
                long id = idOf(entry);
                if (id != expected) {
                    return Future.failedFuture(new JournalCorruptException("Redis stream " + EVENTS + " has a gap: "
                            + "expected event " + expected + ", found " + id + "; refusing to start with lost history"));
                }
                Response fields = entry.get(1);
                if (expected + fields.size() / 2 - 1 > upTo) {
                    return Future.succeededFuture(); // the entry's batch ends past upTo: stop before it
                }
                for (int i = 1; i < fields.size(); i += 2) {
                    out.add(fields.get(i).toBytes());
                    expected++;
                }
            }
            return entries.size() < PAGE ? Future.succeededFuture() : page(expected, upTo, out);
        });
    }

    private Future<List<DomainEvent>> load() {
        return loadSnapshot().compose(base -> readStream(base.position() + 1, Long.MAX_VALUE).compose(tail ->
                vertx.executeBlocking(() -> {
                    List<byte[]> payloads = new ArrayList<>(base.payloads().size() + tail.size());
                    payloads.addAll(base.payloads());
                    payloads.addAll(tail);
                    List<DomainEvent> events = codec.decodeAll(payloads, "Redis journal");
                    position = base.position() + tail.size();
                    return events;
                }, false)));
    }

    /** A compacted snapshot as list items: {@code kept} events, {@code purged} archived tickets dropped. */
    private record Chunks(List<Buffer> buffers, int kept, int purged) {}

    private Chunks chunks(List<byte[]> input, boolean complete) {
        Compaction plan = Compaction.ofEncoded(input, codec, complete);
        List<Buffer> chunks = new ArrayList<>();
        int kept = 0;
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES);
        for (int i = 0; i < input.size(); i++) {
            if (!plan.keeps(i)) {
                continue;
            }
            byte[] payload = input.get(i);
            if (chunk.remaining() < Records.framedSize(payload)) {
                chunks.add(Buffer.buffer(java.util.Arrays.copyOf(chunk.array(), chunk.position())));
                chunk = ByteBuffer.allocate(Math.max(CHUNK_BYTES, Records.framedSize(payload)));
            }
            Records.frame(chunk, payload);
            kept++;
        }
        if (chunk.position() > 0) {
            chunks.add(Buffer.buffer(java.util.Arrays.copyOf(chunk.array(), chunk.position())));
        }
        return new Chunks(chunks, kept, plan.purgedTickets());
    }

    /**
     * The followers' cursors, in the hash {@code switchboard:cursors} beside the stream, sent
     * through this journal's client (its heartbeat and reconnects cover them too).
     */
    public io.switchboard.follow.CursorStore cursors() {
        return new RedisCursorStore(this::send, redactedUrl());
    }

    @Override
    public Future<List<DomainEvent>> readAfter(long after, int max) {
        if (position <= after) {
            return Future.succeededFuture(List.of());
        }
        // An entry holds a whole batch, so the entry with event after+1 may start before it.
        return send(Request.cmd(Command.XREVRANGE).arg(EVENTS).arg((after + 1) + "-0").arg("-").arg("COUNT").arg(1))
                .compose(start -> {
                    if (start.size() == 0) {
                        return Future.failedFuture(new JournalCorruptException("events after " + after
                                + " were compacted into a snapshot"));
                    }
                    long from = idOf(start.get(0));
                    // read to the end: a limit inside an entry would stop before it
                    return readStream(from, Long.MAX_VALUE).map(payloads -> {
                        int skip = (int) Math.min(payloads.size(), after + 1 - from);
                        return payloads.subList(skip, (int) Math.min(payloads.size(), skip + (long) max));
                    });
                })
                .compose(payloads -> vertx.executeBlocking(() -> codec.decodeAll(payloads, "Redis journal"), false));
    }

    /**
     * Up to {@code max} events after {@code after} as the stream holds them now, whatever this
     * client's own position (a warm standby follows the active's appends with it; it never
     * appends): empty when nothing follows yet. Fails with {@link JournalCorruptException} when
     * events after {@code after} were compacted into a snapshot (the follower starts over from
     * {@link #open}). Reads at most {@code max} plus one entry's events.
     */
    public Future<List<DomainEvent>> follow(long after, int max) {
        // The entry holding event after+1 starts at or before it (an entry holds a whole batch).
        return send(Request.cmd(Command.XREVRANGE).arg(EVENTS).arg((after + 1) + "-0").arg("-").arg("COUNT").arg(1))
                .compose(start -> {
                    if (start.size() > 0) {
                        long from = idOf(start.get(0));
                        long upTo = max >= Integer.MAX_VALUE - EVENTS_PER_ENTRY ? Long.MAX_VALUE
                                : after + Math.max(max, EVENTS_PER_ENTRY);
                        return readStream(from, upTo).map(payloads -> payloads.subList(
                                (int) Math.min(payloads.size(), after + 1 - from), payloads.size()));
                    }
                    // nothing at or before after+1: an empty stream, or one trimmed past it
                    return snapshotPosition().compose(covered -> covered > after
                            ? Future.failedFuture(new JournalCorruptException("events after " + after
                                    + " were compacted into a snapshot"))
                            : send(Request.cmd(Command.XRANGE).arg(EVENTS).arg("-").arg("+").arg("COUNT").arg(1))
                                    .compose(first -> first.size() > 0 && idOf(first.get(0)) > after + 1
                                            ? Future.failedFuture(new JournalCorruptException("Redis stream " + EVENTS
                                                    + " has a gap after event " + after))
                                            : Future.succeededFuture(List.<byte[]>of())));
                })
                .compose(payloads -> payloads.isEmpty() ? Future.succeededFuture(List.<DomainEvent>of())
                        : vertx.executeBlocking(() -> codec.decodeAll(payloads, "Redis journal"), false));
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public String acknowledgement() {
        return "Redis journal at " + redactedUrl() + ": acknowledged after Redis answered every XADD of the batch"
                + (waitAof ? " and WAITAOF confirmed the local AOF fsync" : " (durable per Redis's appendfsync policy)");
    }

    @Override
    public boolean writable() {
        return writable;
    }

    @Override
    public Future<Void> close() {
        if (heartbeat >= 0) {
            vertx.cancelTimer(heartbeat);
            heartbeat = -1;
        }
        writable = false;
        Redis old;
        synchronized (this) {
            old = redis;
            redis = null;
        }
        return old == null ? Future.succeededFuture() : old.close();
    }

    private static long idOf(Response entry) {
        String id = entry.get(0).toString();
        return Long.parseLong(id.substring(0, id.indexOf('-')));
    }

    /** The URL without its password (secrets never reach logs). */
    private String redactedUrl() {
        return url.replaceAll("//[^@/]*@", "//***@");
    }

    private static String field(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return "0";
    }

    private static boolean atLeast(String version, int major, int minor) {
        String[] parts = version.split("\\.");
        try {
            int actualMajor = Integer.parseInt(parts[0]);
            int actualMinor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return actualMajor > major || (actualMajor == major && actualMinor >= minor);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}

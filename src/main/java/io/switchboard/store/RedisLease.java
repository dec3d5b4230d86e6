package io.switchboard.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * Which node of several sharing one Redis owns the engine (docs/operations.md, "High
 * availability"). The lease is the key {@code switchboard:lease}, set with a TTL to
 * {@code "<nodeId> <token>"} only if absent; the token comes from {@code INCR switchboard:fence}
 * in the same script, so every acquisition gets a higher one. The holder renews well inside the
 * TTL with a compare-and-renew script. Every journal write of the holder carries its token and is
 * refused atomically by Redis once {@code switchboard:fence} has moved past it
 * ({@link RedisJournal#fence}), so a paused or partitioned former holder can never append after
 * a successor took over.
 *
 * <p>A renewal that finds the key expired while the fence still holds this token re-takes it
 * (nobody acquired in between, so no write of another node can exist): a pause shorter than a
 * successor's attempt costs nothing. Threading: any context; each call is one Redis command with a
 * deadline.
 */
public final class RedisLease {
    public static final String KEY = "switchboard:lease";
    public static final String FENCE = "switchboard:fence";
    /** The start of Redis's error reply to a write with a stale token. */
    static final String FENCED = "FENCED";
    /** SET NX PX, and only then INCR: the new token, or nil when another node holds the lease. */
    private static final String ACQUIRE = "if redis.call('EXISTS', KEYS[1]) == 1 then return false end "
            + "local token = redis.call('INCR', KEYS[2]) "
            + "redis.call('SET', KEYS[1], ARGV[1] .. ' ' .. token, 'PX', ARGV[2]) return token";
    /** 1 while this acquisition holds the lease (renewed, or re-taken if it lapsed and nobody took over). */
    private static final String RENEW = "local holder = redis.call('GET', KEYS[1]) "
            + "if holder == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[3]) return 1 end "
            + "if holder == false and redis.call('GET', KEYS[2]) == ARGV[2] then "
            + "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3]) return 1 end return 0";
    private static final String RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then "
            + "return redis.call('DEL', KEYS[1]) end return 0";
    private static final long COMMAND_DEADLINE_MILLIS = 1_000;

    private final Vertx vertx;
    private final String url;
    private final String nodeId;
    private final long ttlMillis;
    private Redis redis;

    /** {@code nodeId}: names this node in the lease (logs, operators); {@code ttlMillis}: the lease's TTL. */
    public RedisLease(Vertx vertx, String url, String nodeId, long ttlMillis) {
        this.vertx = vertx;
        this.url = url;
        this.nodeId = nodeId;
        this.ttlMillis = ttlMillis;
    }

    public String nodeId() {
        return nodeId;
    }

    public long ttlMillis() {
        return ttlMillis;
    }

    /** The new fencing token if this node took the lease; 0 when another node holds it. */
    public Future<Long> tryAcquire() {
        return send(Request.cmd(Command.EVAL).arg(ACQUIRE).arg(2).arg(KEY).arg(FENCE).arg(nodeId).arg(ttlMillis))
                .map(reply -> reply == null ? 0L : reply.toLong());
    }

    /** True while the acquisition that got {@code token} still holds the lease (its TTL restarted). */
    public Future<Boolean> renew(long token) {
        return send(Request.cmd(Command.EVAL).arg(RENEW).arg(2).arg(KEY).arg(FENCE).arg(holder(token)).arg(token)
                .arg(ttlMillis)).map(reply -> reply != null && reply.toLong() == 1);
    }

    /** Gives the lease up (a clean stop), so a standby need not wait for the TTL; a no-op if not held. */
    public Future<Void> release(long token) {
        return send(Request.cmd(Command.EVAL).arg(RELEASE).arg(1).arg(KEY).arg(holder(token))).mapEmpty();
    }

    /** Who holds the lease now ({@code "<nodeId> <token>"}), or null. */
    public Future<String> holder() {
        return send(Request.cmd(Command.GET).arg(KEY)).map(reply -> reply == null ? null : reply.toString());
    }

    public Future<Void> close() {
        Redis old = redis;
        redis = null;
        return old == null ? Future.succeededFuture() : old.close();
    }

    private String holder(long token) {
        return nodeId + " " + token;
    }

    private Redis client() {
        if (redis == null) {
            // owned: a hand-over at Vert.x's close still releases the lease through it
            redis = OwnedRedis.create(vertx, new RedisOptions().setConnectionString(url).setMaxPoolSize(2)
                    .setNetClientOptions(new NetClientOptions().setConnectTimeout(1_000).setTcpKeepAlive(true)));
        }
        return redis;
    }

    /** One command with a deadline; a failure drops the client (its connection may be dead without knowing it). */
    private Future<Response> send(Request request) {
        Promise<Response> promise = Promise.promise();
        long timer = vertx.setTimer(COMMAND_DEADLINE_MILLIS,
                id -> promise.tryFail("Redis did not answer within " + COMMAND_DEADLINE_MILLIS + " ms"));
        client().send(request).onComplete(result -> {
            vertx.cancelTimer(timer);
            if (result.succeeded()) {
                promise.tryComplete(result.result());
            } else {
                promise.tryFail(result.cause());
            }
        });
        return promise.future().onFailure(e -> close());
    }
}

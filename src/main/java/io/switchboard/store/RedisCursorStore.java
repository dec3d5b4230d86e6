package io.switchboard.store;

import io.switchboard.follow.CursorStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.function.Function;

/**
 * Follower cursors beside the Redis journal: the hash {@code switchboard:cursors}, one field per
 * cursor name, written through the journal's own client ({@link RedisJournal#cursors()}), so
 * they live, are backed up and fail over with the events they point into. An {@code HSET} of one
 * field is atomic; it is as durable as the journal's appends (Redis's AOF policy). Futures complete
 * on the caller's context (the client answers on the context its connection was made on, often the
 * engine's: a follower must not go on there).
 */
final class RedisCursorStore implements CursorStore {
    static final String CURSORS = "switchboard:cursors";
    /**
     * Appends to a hash field inside Redis (a hash has no APPEND of its own): only the appended
     * text crosses the network, and the field stays where every build reads it.
     */
    private static final String APPEND = "local old = redis.call('HGET', KEYS[1], ARGV[1]) "
            + "if old then redis.call('HSET', KEYS[1], ARGV[1], old .. ARGV[2]) "
            + "else redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end return 1";

    private final Function<Request, Future<Response>> redis;
    private final String where;

    RedisCursorStore(Function<Request, Future<Response>> redis, String where) {
        this.redis = redis;
        this.where = where;
    }

    private <T> Future<T> onCaller(Future<T> answer) {
        Context caller = Vertx.currentContext();
        if (caller == null) {
            return answer;
        }
        Promise<T> back = Promise.promise();
        answer.onComplete(result -> caller.runOnContext(v -> back.handle(result)));
        return back.future();
    }

    @Override
    public Future<String> read(String name) {
        return onCaller(redis.apply(Request.cmd(Command.HGET).arg(CURSORS).arg(name))
                .map(found -> found == null ? null : found.toString(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Override
    public Future<Void> write(String name, String document) {
        return onCaller(redis.apply(Request.cmd(Command.HSET).arg(CURSORS).arg(name).arg(document)).mapEmpty());
    }

    /**
     * One script, atomic like an {@code HSET}: no read of the document into this process and no
     * rewrite of it from here (the default's cost, which grew with the document).
     */
    @Override
    public Future<Void> append(String name, String text) {
        return onCaller(redis.apply(Request.cmd(Command.EVAL).arg(APPEND).arg(1).arg(CURSORS).arg(name).arg(text))
                .mapEmpty());
    }

    @Override
    public Future<Void> delete(String name) {
        return onCaller(redis.apply(Request.cmd(Command.HDEL).arg(CURSORS).arg(name)).mapEmpty());
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public String describe() {
        return "the Redis hash " + CURSORS + " at " + where;
    }
}

package io.switchboard.store;

import io.vertx.core.Vertx;
import io.vertx.core.internal.CloseFuture;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/**
 * Makes a Redis client that only its owner closes. Vert.x ties a client to the context that
 * creates it: made on a verticle's context it is closed when that verticle undeploys, made
 * elsewhere when Vert.x starts to close, before any verticle stops. A client shared by the
 * engine, the journal followers and their cursor saves must outlive all of them and close when
 * its owner says (the journal's {@code close}, after the last append and the followers' last
 * cursor saves), so it is created on a context of its own whose close future nobody closes.
 *
 * <p>Its connections still live on the event loops of the contexts that ask (Vert.x's pool makes
 * a connection on the requester's loop): a caller's loop must outlive the client, which is why
 * the webhooks' own loop ends only after the journal closed ({@code Switchboard#stop}).
 */
final class OwnedRedis {
    private OwnedRedis() {
    }

    /** A client on a context of its own: closed by {@link Redis#close()} only, never by an undeploy or Vert.x's close hooks. */
    static Redis create(Vertx vertx, RedisOptions options) {
        VertxInternal internal = (VertxInternal) vertx;
        ContextInternal own = internal.contextBuilder().withCloseFuture(new CloseFuture()).build();
        Redis[] made = new Redis[1];
        own.dispatch(v -> made[0] = Redis.createClient(vertx, options));
        return made[0];
    }
}

package io.switchboard.hooks;

import io.netty.channel.EventLoopGroup;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.VertxThreadFactory;
import io.vertx.core.spi.transport.Transport;
import java.util.concurrent.TimeUnit;

/**
 * The webhooks' own event-loop thread, {@code switchboard-webhooks}: one per node, made at the
 * first dispatcher's start and ended by {@link #close}, not per dispatcher. A node of a highly
 * available group starts a dispatcher at each takeover; the shared Redis client keeps pooled
 * connections on the loop of whoever asked (cursor saves and journal reads from here), so a loop
 * that ended with a term left connections on a dead loop and the journal's close never finished.
 * Close it only after the journal (and everything else that talks over connections made here).
 *
 * <p>Threading: any thread.
 */
public final class WebhookLoop {
    private final Vertx vertx;
    private EventLoopGroup group;
    private Future<Void> closed;

    public WebhookLoop(Vertx vertx) {
        this.vertx = vertx;
    }

    /** A new event-loop context on this node's webhooks thread (started at the first call). */
    synchronized Context newContext() {
        if (closed != null) {
            throw new IllegalStateException("the webhooks' event loop is closed");
        }
        VertxInternal internal = (VertxInternal) vertx;
        if (group == null) {
            group = internal.transport().eventLoopGroup(Transport.IO_EVENT_LOOP_GROUP, 1,
                    task -> VertxThreadFactory.INSTANCE.newVertxThread(task, "switchboard-webhooks", false,
                            VertxOptions.DEFAULT_MAX_EVENT_LOOP_EXECUTE_TIME,
                            VertxOptions.DEFAULT_MAX_EVENT_LOOP_EXECUTE_TIME_UNIT), 50);
        }
        return internal.contextBuilder().withThreadingModel(ThreadingModel.EVENT_LOOP)
                .withEventLoop((io.netty.channel.EventLoop) group.next()).build();
    }

    /** Ends the thread (its remaining connections close with it); completes once it has ended. Idempotent. */
    public synchronized Future<Void> close() {
        if (closed == null) {
            if (group == null) {
                closed = Future.succeededFuture();
            } else {
                Promise<Void> ended = Promise.promise();
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS).addListener(f -> ended.complete());
                closed = ended.future();
            }
        }
        return closed;
    }
}

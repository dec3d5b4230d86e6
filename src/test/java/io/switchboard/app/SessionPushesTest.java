package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.Sequenced;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A real Vert.x instance: pushes handed from another thread reach the session's context in order. */
class SessionPushesTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void deliver_manyFromAnotherThread_arriveInOrderOnTheSessionsContext() throws Exception {
        SessionPushes pushes = SessionPushes.of(vertx);
        Context context = vertx.getOrCreateContext();
        List<Long> seen = new CopyOnWriteArrayList<>();
        List<Boolean> onContext = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1000);
        pushes.register("s1", context, message -> {
            seen.add(message.agentSeq());
            onContext.add(Vertx.currentContext() == context);
            done.countDown();
        });

        for (long seq = 1; seq <= 1000; seq++) {
            pushes.deliver("s1", new Sequenced(seq, 0, "m" + seq));
        }

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).isEqualTo(java.util.stream.LongStream.rangeClosed(1, 1000).boxed().toList());
        assertThat(onContext).containsOnly(true);
    }

    @Test
    void deliver_afterUnregisterOrToUnknownSession_dropped() throws Exception {
        SessionPushes pushes = SessionPushes.of(vertx);
        List<Object> seen = new CopyOnWriteArrayList<>();
        Runnable unregister = pushes.register("s1", vertx.getOrCreateContext(), m -> seen.add(m.message()));
        unregister.run();

        pushes.deliver("s1", new Sequenced(1, 0, "late"));
        pushes.deliver("nobody", new Sequenced(1, 0, "lost"));
        CountDownLatch flushed = new CountDownLatch(1);
        vertx.getOrCreateContext().runOnContext(v -> flushed.countDown());

        assertThat(flushed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).isEmpty();
    }

    @Test
    void unregister_olderRegistrationOfTheSameSession_leavesTheNewerOne() throws Exception {
        SessionPushes pushes = SessionPushes.of(vertx);
        List<Object> older = new CopyOnWriteArrayList<>();
        List<Object> newer = new CopyOnWriteArrayList<>();
        CountDownLatch got = new CountDownLatch(1);
        Runnable first = pushes.register("s1", vertx.getOrCreateContext(), m -> older.add(m.message()));
        pushes.register("s1", vertx.getOrCreateContext(), m -> {
            newer.add(m.message());
            got.countDown();
        });
        first.run();

        pushes.deliver("s1", new Sequenced(1, 0, "hello"));

        assertThat(got.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(newer).containsExactly("hello");
        assertThat(older).isEmpty();
    }
}

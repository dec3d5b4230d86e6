package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.api.TestServer;
import io.switchboard.engine.Command;
import io.switchboard.engine.Outcome;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bounded engine inbox, against a real event bus with a stand-in engine that answers on demand. */
class EngineClientTest {
    private Vertx vertx;
    private final List<Message<EngineRequest>> held = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        EngineClient.registerCodecs(vertx);
        TestServer.await(vertx.eventBus().<EngineRequest>localConsumer(EngineClient.ENGINE_ADDRESS, held::add)
                .completion());
    }

    @AfterEach
    void stop() {
        TestServer.await(vertx.close());
    }

    @Test
    void trySend_inboxFull_refusedAtOnceUntilAnAnswerFreesASlot() throws InterruptedException {
        EngineClient client = new EngineClient(vertx, 2);
        Future<Outcome> first = client.trySend(new Command.ListQueues());
        client.trySend(new Command.ListQueues());
        awaitHeld(2);

        Future<Outcome> refused = client.trySend(new Command.ListQueues());
        assertThat(refused.failed()).isTrue();
        assertThat(refused.cause()).isInstanceOf(EngineClient.Overloaded.class);
        Future<Outcome> critical = new EngineClient(vertx, 2).send(new Command.ListAgents());
        awaitHeld(3);
        assertThat(critical.isComplete()).as("send() is never refused").isFalse();

        held.get(0).reply(Outcome.rejected(null));
        TestServer.await(first);
        held.get(2).reply(Outcome.rejected(null));
        TestServer.await(critical);
        assertThat(client.inFlight()).isEqualTo(1);
        assertThat(client.trySend(new Command.ListQueues()).failed()).isFalse();
    }

    private void awaitHeld(int count) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (held.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(held).hasSize(count);
    }
}

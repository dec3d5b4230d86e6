package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.api.TestServer;
import io.switchboard.engine.Command;
import io.switchboard.engine.Outcome;
import io.switchboard.port.EngineOverloaded;
import io.switchboard.port.EngineRefusals;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bounded engine inbox, against a real Vert.x with a stand-in engine that answers on demand. */
class EngineClientTest {
    private static final long TIMEOUT_MILLIS = 2_000; // long enough that a loaded box answers the held commands in time; only one test waits it out

    private record Held(Command command, EngineInbox.Reply reply) {}

    private Vertx vertx;
    private EngineInbox inbox;
    private final List<Held> held = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        inbox = EngineInbox.of(vertx, TIMEOUT_MILLIS);
        inbox.register(vertx.getOrCreateContext(), (command, reply) -> held.add(new Held(command, reply)));
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
        assertThat(refused.cause()).isInstanceOf(EngineOverloaded.class);
        Future<Outcome> critical = new EngineClient(vertx, 2).send(new Command.ListAgents());
        awaitHeld(3);
        assertThat(critical.isComplete()).as("send() is never refused").isFalse();

        held.get(0).reply().succeed(Outcome.rejected(null));
        TestServer.await(first);
        held.get(2).reply().succeed(Outcome.rejected(null));
        TestServer.await(critical);
        assertThat(client.inFlight()).isEqualTo(1);
        assertThat(client.trySend(new Command.ListQueues()).failed()).isFalse();
    }

    @Test
    void send_fromAContext_commandReachesEngineAndAnswerArrivesOnThatContext() throws InterruptedException {
        Context caller = vertx.getOrCreateContext();
        Promise<Context> answeredOn = Promise.promise();
        caller.runOnContext(v -> new EngineClient(vertx).send(new Command.ListAgents())
                .onSuccess(outcome -> answeredOn.complete(Vertx.currentContext())));
        awaitHeld(1);
        assertThat(held.get(0).command()).isInstanceOf(Command.ListAgents.class);

        held.get(0).reply().succeed(Outcome.rejected(null));
        assertThat(TestServer.await(answeredOn.future())).isSameAs(caller);
    }

    @Test
    void send_engineFails_failsWithRecipientFailureAndItsCode() throws InterruptedException {
        Future<Outcome> sent = new EngineClient(vertx).send(new Command.ListAgents());
        awaitHeld(1);
        held.get(0).reply().fail(EngineRefusals.UNAVAILABLE, "journal down");

        ReplyException failure = awaitFailure(sent);
        assertThat(failure.failureType()).isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
        assertThat(failure.failureCode()).isEqualTo(EngineRefusals.UNAVAILABLE);
        assertThat(failure.getMessage()).isEqualTo("journal down");
    }

    @Test
    void send_engineNeverAnswers_failsWithTimeoutAndALateAnswerIsIgnored() throws InterruptedException {
        EngineClient client = new EngineClient(vertx);
        Future<Outcome> sent = client.send(new Command.ListAgents());
        awaitHeld(1);

        assertThat(awaitFailure(sent).failureType()).isEqualTo(ReplyFailure.TIMEOUT);
        assertThat(client.inFlight()).isZero();
        held.get(0).reply().succeed(Outcome.rejected(null));
        assertThat(sent.failed()).isTrue();
        assertThat(client.inFlight()).isZero();
    }

    @Test
    void send_answeredInTime_notFailedBySweepsAfterwards() throws InterruptedException {
        Future<Outcome> sent = new EngineClient(vertx).send(new Command.ListAgents());
        awaitHeld(1);
        held.get(0).reply().succeed(Outcome.rejected(null));
        TestServer.await(sent);
        inbox.sweep(System.nanoTime() + 10 * TIMEOUT_MILLIS * 1_000_000);
        assertThat(sent.succeeded()).isTrue();
    }

    @Test
    void send_noEngineRegistered_failsWithNoHandlers() {
        inbox.unregister();
        Future<Outcome> sent = new EngineClient(vertx).send(new Command.ListAgents());

        assertThat(awaitFailure(sent).failureType()).isEqualTo(ReplyFailure.NO_HANDLERS);
        assertThat(held).isEmpty();
        assertThat(inbox.inFlight()).isZero();
    }

    @Test
    void send_intakeFloodQueued_agentCommandsAnsweredBeforeTheQueuedCreates() throws Exception {
        // An engine context of its own, held busy while everything is sent, so all of it queues up.
        io.vertx.core.internal.ContextInternal[] loops = twoLoops();
        io.vertx.core.internal.ContextInternal engineContext = loops[0];
        io.vertx.core.internal.ContextInternal caller = loops[1];
        List<Command> handled = new CopyOnWriteArrayList<>();
        inbox.register(engineContext, (command, reply) -> {
            handled.add(command);
            reply.succeed(Outcome.rejected(null));
        });
        java.util.concurrent.CountDownLatch release = holdUntilReleased(engineContext);
        List<Command> creates = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            creates.add(new Command.CreateTicket(null, null, null, "intake-" + i));
        }
        List<Command> agent = List.of(new Command.Accept("a1", "s1", "off_1"),
                new Command.SetPresence("a1", "s1", io.switchboard.core.agent.Presence.AVAILABLE),
                new Command.Resolve("tkt_1", "done", "a1"));
        List<Command> answered = new CopyOnWriteArrayList<>();
        Promise<Void> allSent = Promise.promise();
        List<Future<Outcome>> sent = new CopyOnWriteArrayList<>();
        caller.runOnContext(v -> {
            EngineClient client = new EngineClient(vertx);
            for (Command c : creates.subList(0, 25)) {
                sent.add(client.send(c).onSuccess(o -> answered.add(c)));
            }
            for (Command c : agent) {
                sent.add(client.send(c).onSuccess(o -> answered.add(c)));
            }
            for (Command c : creates.subList(25, 50)) {
                sent.add(client.send(c).onSuccess(o -> answered.add(c)));
            }
            allSent.complete();
        });
        TestServer.await(allSent.future());
        release.countDown();
        TestServer.await(Future.all(sent));

        List<Command> expected = new java.util.ArrayList<>(agent);
        expected.addAll(creates);
        assertThat(handled).as("the engine serves agent commands first, then intake, each lane in order")
                .containsExactlyElementsOf(expected);
        assertThat(answered).as("answers on the caller's context, in the order served")
                .containsExactlyElementsOf(expected);
    }

    @Test
    void send_commandsAndAnswersInABurst_oneTaskEachWayNotOnePerCommand() throws Exception {
        io.vertx.core.internal.ContextInternal[] loops = twoLoops();
        io.vertx.core.internal.ContextInternal engineContext = loops[0];
        io.vertx.core.internal.ContextInternal caller = loops[1];
        io.vertx.core.internal.ContextInternal callerContext = caller;
        // A marker task is queued on each loop right after the first command (answer) is handed
        // over: with a task per command (answer) the others would run after the marker.
        List<String> engineSide = new CopyOnWriteArrayList<>();
        List<String> callerSide = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch settled = new java.util.concurrent.CountDownLatch(20);
        inbox.register(engineContext, (command, reply) -> {
            engineSide.add(((Command.CreateTicket) command).actor());
            reply.succeed(Outcome.rejected(null));
            if (engineSide.size() == 1) {
                callerContext.runOnContext(v -> callerSide.add("marker"));
            }
            settled.countDown();
        });
        java.util.concurrent.CountDownLatch release = holdUntilReleased(engineContext);
        List<Future<Outcome>> sent = new CopyOnWriteArrayList<>();
        Promise<Void> allSent = Promise.promise();
        List<String> sources = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sources.add("c-" + i);
        }
        callerContext.runOnContext(v -> {
            EngineClient client = new EngineClient(vertx);
            for (String source : sources) {
                sent.add(client.send(new Command.CreateTicket(null, null, null, source)).onSuccess(o -> {
                    assertThat(Vertx.currentContext()).isSameAs(callerContext);
                    callerSide.add(source);
                }));
                if (sent.size() == 1) {
                    engineContext.runOnContext(x -> engineSide.add("marker"));
                }
            }
            // Holds this loop until the engine settled every answer, so they all wait in its queue.
            // Queued before the engine is let go (allSent): an answer settled earlier would schedule
            // its task ahead of this one and run alone, before the marker.
            callerContext.runOnContext(x -> {
                try {
                    settled.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            allSent.complete();
        });
        TestServer.await(allSent.future());
        release.countDown();
        TestServer.await(Future.all(sent));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while ((engineSide.size() <= sources.size() || callerSide.size() <= sources.size())
                && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }

        List<String> expected = new java.util.ArrayList<>(sources);
        expected.add("marker");
        assertThat(engineSide).as("every queued command served by the task the first one scheduled")
                .containsExactlyElementsOf(expected);
        assertThat(callerSide).as("every answer of the burst run by one task, in order, on the caller's context")
                .containsExactlyElementsOf(expected);
    }

    @Test
    void isIntake_commandsThatBringANewTicket_onlyThose() {
        Command.CreateTicket create = new Command.CreateTicket(null, null, null, "bot");
        assertThat(EngineInbox.isIntake(create)).isTrue();
        assertThat(EngineInbox.isIntake(new Command.HandOff(create, null))).isTrue();
        assertThat(EngineInbox.isIntake(new Command.Accept("a1", "s1", "off_1"))).isFalse();
        assertThat(EngineInbox.isIntake(new Command.Resolve("tkt_1", "r", "a1"))).isFalse();
        assertThat(EngineInbox.isIntake(new Command.SetPresence("a1", "s1",
                io.switchboard.core.agent.Presence.AWAY))).isFalse();
    }

    private static ReplyException awaitFailure(Future<Outcome> future) {
        Throwable cause = TestServer.await(future.transform(done -> Future.succeededFuture(done.cause())));
        assertThat(cause).isInstanceOf(ReplyException.class);
        return (ReplyException) cause;
    }

    private void awaitHeld(int count) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (held.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(held).hasSize(count);
    }

    /** An engine context and a caller context on two different event loops (a real thread hop between them). */
    private io.vertx.core.internal.ContextInternal[] twoLoops() {
        io.vertx.core.internal.VertxInternal internal = (io.vertx.core.internal.VertxInternal) vertx;
        io.vertx.core.internal.ContextInternal engineContext = internal.createEventLoopContext();
        io.vertx.core.internal.ContextInternal caller = internal.createEventLoopContext();
        while (caller.nettyEventLoop() == engineContext.nettyEventLoop()) {
            caller = internal.createEventLoopContext();
        }
        return new io.vertx.core.internal.ContextInternal[] {engineContext, caller};
    }

    /** Holds {@code context}'s event loop busy until the returned latch is counted down. */
    private static java.util.concurrent.CountDownLatch holdUntilReleased(io.vertx.core.internal.ContextInternal context) {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        context.runOnContext(v -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return release;
    }
}

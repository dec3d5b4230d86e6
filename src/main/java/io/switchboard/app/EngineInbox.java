package io.switchboard.app;

import io.switchboard.engine.Command;
import io.switchboard.engine.Outcome;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.shareddata.Shareable;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where {@link EngineClient}s of one Vert.x instance hand commands to its one engine: a command
 * is a task on the engine's context, its answer a task on the caller's. Replaces an event-bus
 * request, which cost per command two message objects and their copies, a reply handler, a
 * reply-timeout timer and (Vert.x 5.1: the reply is dispatched outside any context) a throwaway
 * context for the reply handler's unregistration, about 12 KB per ticket lifecycle in all.
 *
 * <p>Two lanes: commands that bring a new ticket in ({@link #isIntake}: creates, hand-overs, mail
 * and WeChat intake) wait in the intake lane; every other command (agents' accept, reject,
 * presence, resolve and the other ticket actions, reads) in the first lane, which the engine
 * always serves first. An intake flood therefore never holds up an agent's accept or resolve: the
 * work that frees agents and ends tickets jumps the queue of new tickets (issue 12). Each send
 * hands the engine's context one task that serves the head of the first lane, or else of the
 * intake lane; within a lane commands are served in the order sent.
 *
 * <p>The other guarantees are the event bus's: commands from one caller reach the engine in the
 * order sent within each lane (a new ticket cannot be referred to before its creation is
 * answered, so no caller depends on an order across the lanes), each answer arrives on the caller's context, a command nobody
 * answers within the reply timeout fails with a {@link ReplyException} of
 * {@link ReplyFailure#TIMEOUT}, one the engine refuses with {@link ReplyFailure#RECIPIENT_FAILURE}
 * and its code, and with no engine registered with {@link ReplyFailure#NO_HANDLERS}. Instead of a
 * timer per command, one periodic sweep (every {@link #SWEEP_MILLIS} ms, on a context of its own,
 * so a busy engine loop does not hold it up) fails the overdue ones: commands wait in a queue in
 * the order sent, which is the order of their deadlines, so the sweep looks only at the oldest.
 * A timeout thus fires up to {@link #SWEEP_MILLIS} ms late.
 *
 * <p>Threading: every method may be called from any thread.
 */
final class EngineInbox implements Shareable {
    /** How often overdue commands are looked for. */
    static final long SWEEP_MILLIS = 100;

    /** The engine's side: answer through {@code reply} exactly once, from any thread. */
    interface Engine {
        void handle(Command command, Reply reply);
    }

    /** How the engine answers one command. */
    interface Reply {
        void succeed(Outcome outcome);

        /** As an event-bus {@code Message.fail}: {@code code} reaches the caller's {@link ReplyException}. */
        void fail(int code, String message);
    }

    private record Registration(Context context, Engine engine) {}

    private record Queued(Command command, Pending pending) {}

    private final AtomicInteger inFlight = new AtomicInteger();
    private final Queue<Pending> waiting = new ConcurrentLinkedQueue<>();
    /** Commands not yet handed to the engine: the first lane, served before the intake lane. */
    private final Queue<Queued> first = new ConcurrentLinkedQueue<>();
    private final Queue<Queued> intake = new ConcurrentLinkedQueue<>();
    private final long timeoutMillis;
    private volatile Registration registration;

    private EngineInbox(Vertx vertx, long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
        ((VertxInternal) vertx).createEventLoopContext().setPeriodic(SWEEP_MILLIS, id -> sweep(System.nanoTime()));
    }

    /** The instance's inbox, made on first use with the standard reply timeout. */
    static EngineInbox of(Vertx vertx) {
        return of(vertx, EngineClient.REPLY_TIMEOUT_MILLIS);
    }

    /** As {@link #of(Vertx)}; {@code timeoutMillis} applies only if this call makes the inbox (tests). */
    static EngineInbox of(Vertx vertx, long timeoutMillis) {
        return vertx.sharedData().<String, EngineInbox>getLocalMap("switchboard.engine.inbox")
                .computeIfAbsent("inbox", k -> new EngineInbox(vertx, timeoutMillis));
    }

    /** From now on commands run on {@code context}, the engine's own. */
    void register(Context context, Engine engine) {
        registration = new Registration(context, engine);
    }

    /** Commands sent from now on fail with NO_HANDLERS; those already handed over are still answered. */
    void unregister() {
        registration = null;
    }

    /** Commands sent and not yet answered, over every client. */
    int inFlight() {
        return inFlight.get();
    }

    /**
     * Hands {@code command} to the engine; the future completes on the context of the calling
     * thread (made if it has none, as Vert.x does).
     */
    io.vertx.core.Future<Outcome> send(Vertx vertx, Command command) {
        Pending pending = new Pending(vertx.getOrCreateContext(), System.nanoTime() + timeoutMillis * 1_000_000);
        inFlight.incrementAndGet();
        Registration engine = registration;
        if (engine == null) {
            pending.settle(null, new ReplyException(ReplyFailure.NO_HANDLERS, "no routing engine is running"));
            return pending.promise.future();
        }
        waiting.add(pending);
        (isIntake(command) ? intake : first).add(new Queued(command, pending));
        engine.context().runOnContext(v -> serveNext(engine.engine()));
        return pending.promise.future();
    }

    /** Commands that bring a new ticket in: they wait behind every other command. */
    static boolean isIntake(Command command) {
        return command instanceof Command.CreateTicket || command instanceof Command.HandOff
                || command instanceof Command.IntakeMail || command instanceof Command.IntakeWeChat;
    }

    /** One task per send: the oldest command of the first lane, or else of the intake lane. */
    private void serveNext(Engine engine) {
        Queued next = first.poll();
        if (next == null) {
            next = intake.poll();
        }
        if (next != null) {
            engine.handle(next.command(), next.pending());
        }
    }

    /** Fails the commands past their deadline; drops answered ones from the head. */
    void sweep(long nowNanos) {
        for (Pending head = waiting.peek(); head != null; head = waiting.peek()) {
            if (!head.get() && head.deadlineNanos - nowNanos > 0) {
                return;
            }
            waiting.poll();
            if (!head.get()) { // an answered command only leaves the line: no message and exception made for it
                head.settle(null, new ReplyException(ReplyFailure.TIMEOUT, "the routing engine did not answer within "
                        + timeoutMillis + " ms"));
            }
        }
    }

    /** One command's answer; true once settled (the first answer, failure or timeout wins). */
    private final class Pending extends AtomicBoolean implements Reply {
        private final Context caller;
        private final long deadlineNanos;
        private final Promise<Outcome> promise = Promise.promise();

        Pending(Context caller, long deadlineNanos) {
            this.caller = caller;
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public void succeed(Outcome outcome) {
            settle(outcome, null);
        }

        @Override
        public void fail(int code, String message) {
            settle(null, new ReplyException(ReplyFailure.RECIPIENT_FAILURE, code, message));
        }

        void settle(Outcome outcome, Throwable failure) {
            if (!compareAndSet(false, true)) {
                return;
            }
            inFlight.decrementAndGet();
            caller.runOnContext(v -> {
                if (failure == null) {
                    promise.complete(outcome);
                } else {
                    promise.fail(failure);
                }
            });
        }
    }
}

package io.switchboard.app;

import io.switchboard.engine.Command;
import io.switchboard.engine.Outcome;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.internal.ContextInternal;
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
 * work that frees agents and ends tickets jumps the queue of new tickets (issue 12). The
 * engine's context serves, one command after another, the head of the first lane, or else of the
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
 * <p>Hops are batched both ways (issue 12: each cross-thread task is a lambda, a queue slot and,
 * when the loop sleeps, a wake-up system call). Toward the engine: one task serves every command
 * waiting when it runs (at most {@link #SERVED_PER_TASK}, then it hands the loop back and runs
 * again), and a send schedules a task only when none is scheduled or running. Back to the
 * callers: answers settled for the contexts of one event loop (or worker context) wait in that
 * loop's queue, and one task runs them all in the order settled, each on its caller's own
 * context, so the engine's burst of answers after a group commit costs each HTTP loop one hop.
 *
 * <p>Threading: every method may be called from any thread.
 */
final class EngineInbox implements Shareable {
    /** How often overdue commands are looked for. */
    static final long SWEEP_MILLIS = 100;
    /** Commands one engine task serves before it lets the loop run other tasks. */
    static final int SERVED_PER_TASK = 64;

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

    private final AtomicInteger inFlight = new AtomicInteger();
    private final Queue<Pending> waiting = new ConcurrentLinkedQueue<>();
    /** Commands not yet handed to the engine: the first lane, served before the intake lane. */
    private final Queue<Pending> first = new ConcurrentLinkedQueue<>();
    private final Queue<Pending> intake = new ConcurrentLinkedQueue<>();
    /** True while a serving task is scheduled on (or running on) the engine's context. */
    private final AtomicBoolean serving = new AtomicBoolean();
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
        ContextInternal caller = (ContextInternal) vertx.getOrCreateContext();
        Pending pending = new Pending(command, caller, answersOf(caller), System.nanoTime() + timeoutMillis * 1_000_000);
        inFlight.incrementAndGet();
        Registration engine = registration;
        if (engine == null) {
            pending.settle(null, new ReplyException(ReplyFailure.NO_HANDLERS, "no routing engine is running"));
            return pending.promise.future();
        }
        waiting.add(pending);
        (isIntake(command) ? intake : first).add(pending);
        if (serving.compareAndSet(false, true)) {
            engine.context().runOnContext(v -> serve(engine));
        }
        return pending.promise.future();
    }

    /** Commands that bring a new ticket in: they wait behind every other command. */
    static boolean isIntake(Command command) {
        return command instanceof Command.CreateTicket || command instanceof Command.HandOff
                || command instanceof Command.IntakeMail || command instanceof Command.IntakeWeChat;
    }

    /**
     * One task: the oldest command of the first lane, or else of the intake lane, again and again
     * until both are empty or {@link #SERVED_PER_TASK} were served; then another task if commands
     * are left (or arrived after the lanes were last seen empty).
     */
    private void serve(Registration engine) {
        try {
            for (int served = 0; served < SERVED_PER_TASK; served++) {
                Pending next = first.poll();
                if (next == null) {
                    next = intake.poll();
                }
                if (next == null) {
                    break;
                }
                engine.engine().handle(next.command, next);
            }
        } finally {
            serving.set(false);
            if ((!first.isEmpty() || !intake.isEmpty()) && serving.compareAndSet(false, true)) {
                engine.context().runOnContext(v -> serve(engine));
            }
        }
    }

    /** The queue of answers for {@code caller}'s event loop (or worker context), made on first use. */
    private Answers answersOf(ContextInternal caller) {
        ContextInternal base = caller.unwrap();
        Object answers = base.contextData().get(this);
        return answers != null ? (Answers) answers
                : (Answers) base.contextData().computeIfAbsent(this, k -> new Answers(base));
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
        private final Command command;
        private final ContextInternal caller;
        private final Answers answers;
        private final long deadlineNanos;
        private final Promise<Outcome> promise = Promise.promise();
        private Outcome outcome;
        private Throwable failure;

        Pending(Command command, ContextInternal caller, Answers answers, long deadlineNanos) {
            this.command = command;
            this.caller = caller;
            this.answers = answers;
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

        /** The fields are written before the queue's hand-over and read after it (its happens-before). */
        void settle(Outcome outcome, Throwable failure) {
            if (!compareAndSet(false, true)) {
                return;
            }
            inFlight.decrementAndGet();
            this.outcome = outcome;
            this.failure = failure;
            answers.add(this);
        }

        /** On the caller's context. */
        void complete() {
            if (failure == null) {
                promise.complete(outcome);
            } else {
                promise.fail(failure);
            }
        }
    }

    private static final Handler<Pending> COMPLETE = Pending::complete;

    /**
     * The settled answers of every caller context on one event loop (or one worker context), run
     * by one task in the order settled, each dispatched on its own caller's context.
     */
    private static final class Answers extends AtomicBoolean implements Runnable {
        private final ContextInternal base;
        private final Queue<Pending> ready = new ConcurrentLinkedQueue<>();

        Answers(ContextInternal base) {
            this.base = base;
        }

        void add(Pending pending) {
            ready.add(pending);
            if (compareAndSet(false, true)) {
                base.executor().execute(this);
            }
        }

        /** Cleared before the queue is read: an answer added meanwhile schedules another run. */
        @Override
        public void run() {
            set(false);
            for (Pending next = ready.poll(); next != null; next = ready.poll()) {
                next.caller.dispatch(next, COMPLETE);
            }
        }
    }
}

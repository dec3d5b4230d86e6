package io.switchboard.app;

import io.switchboard.core.routing.RoutingConfig;
import io.switchboard.core.sla.SlaConfig;
import io.switchboard.engine.Command;
import io.switchboard.engine.Engine;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.Rejection;
import io.switchboard.engine.Retention;
import io.switchboard.engine.StreamResume;
import io.switchboard.engine.StreamWindows;
import io.switchboard.store.EventTimelineCodec;
import io.switchboard.store.Journal;
import io.switchboard.metrics.EngineObserver;
import io.switchboard.port.EngineRefusals;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.switchboard.core.event.DomainEvent;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hosts the single-writer {@link Engine} on one event-loop context: runs each command with the
 * current wall-clock time, delivers the resulting pushes to agent sessions and notifications to
 * every session of each person named, and answers.
 * One Vert.x timer, always set to the engine's earliest deadline, fires all due timers.
 * Every push and notification is numbered in its resumable stream and journaled with the events
 * behind it ({@link StreamBook}); resuming sockets ask for what they missed at
 * {@link EngineClient#STREAMS_ADDRESS}, answered on this context.
 *
 * <p>High availability: when the journal refuses a batch by fencing (another node took the
 * lease), the engine stops deciding at once: its timer is cancelled, every command waiting or
 * arriving is refused with {@link EngineRefusals#NOT_LEADER} (nothing acknowledged), and the
 * {@link #onFencedOut} action (the node's step-down) runs once.
 */
public final class EngineVerticle extends VerticleBase {
    private static final Logger LOG = Logger.getLogger(EngineVerticle.class.getName());
    private static final Command.Tick TICK = new Command.Tick();

    private final RoutingConfig config;
    private final SlaConfig sla;
    private final Retention retention;
    private final GroupCommit.Follower follower;
    private final LongSupplier snapshotLimit;
    private final Journal journal;
    private final DurabilitySettings durability;
    private final EngineObserver observer;
    private final GroupCommit.Meter journalMeter;
    private StreamBook streams;
    private WarmStandby.Warm warm;
    private Engine engine;
    private io.switchboard.core.intake.IntakeRules intake = io.switchboard.core.intake.IntakeRules.NONE;
    private MessageConsumer<StreamResume> resumes;
    private GroupCommit commits;
    private EngineInbox inbox;
    private SessionPushes sessionPushes;
    private long timerId = -1;
    private long timerDue = Long.MAX_VALUE;
    private boolean fencedOut;
    /** Set by {@link #stop}: what is refused from then on is refused as shutting down. */
    private boolean stopping;
    private Runnable onFencedOut = () -> { };

    /**
     * {@code observer} sees every outcome on this verticle's loop; {@code journalMeter} times
     * appends and counts failures (metrics); {@code follower} gets every durable batch (the history
     * projection) and {@code snapshotLimit} bounds what snapshots compact (what it committed).
     */
    public EngineVerticle(RoutingConfig config, SlaConfig sla, Retention retention, Journal journal,
            DurabilitySettings durability, EngineObserver observer, GroupCommit.Meter journalMeter,
            GroupCommit.Follower follower, LongSupplier snapshotLimit) {
        this(config, sla, retention, journal, durability, observer, journalMeter, follower, snapshotLimit,
                StreamWindows.Limits.DEFAULT);
    }

    /** As above, with the resume windows bounded by {@code resume} (server.websocket.resume). */
    public EngineVerticle(RoutingConfig config, SlaConfig sla, Retention retention, Journal journal,
            DurabilitySettings durability, EngineObserver observer, GroupCommit.Meter journalMeter,
            GroupCommit.Follower follower, LongSupplier snapshotLimit, StreamWindows.Limits resume) {
        this.streams = new StreamBook(resume);
        this.config = config;
        this.sla = sla;
        this.retention = retention;
        this.follower = follower;
        this.snapshotLimit = snapshotLimit;
        this.journal = journal;
        this.durability = durability;
        this.observer = observer;
        this.journalMeter = journalMeter;
    }

    /** The ticket types' fields, for completing tickets from later customer messages; call before deploying. */
    public EngineVerticle intake(io.switchboard.core.intake.IntakeRules rules) {
        this.intake = rules;
        return this;
    }

    /**
     * Starts from a warm standby's replayed state (high availability): only the journal after
     * {@code warm.position()} is read and replayed; when the journal cannot open there (it
     * compacted that far meanwhile) the start recovers cold. Call before deploying.
     */
    EngineVerticle warm(WarmStandby.Warm warm) {
        this.warm = warm;
        return this;
    }

    /** {@code stepDown} runs once, on this verticle's context, when the journal refuses a batch by fencing. */
    public EngineVerticle onFencedOut(Runnable stepDown) {
        this.onFencedOut = stepDown;
        return this;
    }

    /**
     * Recovers from the journal (snapshot + tail), journals what the restart decided, and only
     * then starts taking commands.
     */
    @Override
    public Future<?> start() {
        long started = System.nanoTime();
        sessionPushes = SessionPushes.of(vertx);
        WarmStandby.Warm from = warm;
        warm = null; // the replayed state is this start's alone
        boolean[] warmStarted = {false};
        Future<List<DomainEvent>> opened = from == null ? journal.open() : journal.openAfter(from.position())
                .onSuccess(tail -> warmStarted[0] = true)
                .recover(failure -> {
                    LOG.warning("high availability: the journal cannot be opened after the standby's position "
                            + from.position() + " (" + failure.getMessage() + "); recovering cold");
                    return journal.open();
                });
        return opened.compose(history -> {
            long read = System.nanoTime();
            boolean warmStart = warmStarted[0];
            Engine.Recovery recovery;
            if (warmStart) {
                from.engine().replay(history);
                recovery = Engine.resume(from.engine(), System.currentTimeMillis());
                streams = from.streams();
            } else {
                recovery = Engine.restore(config, sla, retention, new EventTimelineCodec(), history,
                        System.currentTimeMillis());
            }
            long replayed = System.nanoTime();
            recovery.configChanges().forEach(change -> LOG.warning("configuration changed since the journal was"
                    + " written: " + change));
            engine = recovery.engine();
            engine.intake(intake);
            streams.restore(engine, history, System.currentTimeMillis());
            observer.attach(vertx, engine);
            commits = new GroupCommit(vertx, journal, durability.snapshotEvents(), durability.snapshotMillis(),
                    journalMeter, follower, snapshotLimit);
            commits.onFencedOut(this::fencedOut);
            Promise<Void> recovered = Promise.promise();
            StreamBook.Marked startup = streams.mark(recovery.startup(), System.currentTimeMillis());
            commits.submit(startup.journaled(), () -> {
                streams.durable(startup, System.currentTimeMillis());
                recovered.complete();
            }, () -> recovered.tryFail(new io.switchboard.store.FencedOutException(
                    "another node took the lease while this one recovered")));
            return recovered.future().map(v -> {
                LOG.info(String.format("recovered %d journaled events%s in %d ms (read %d ms, replay %d ms; %d"
                        + " events decided at restart); %s", history.size(), warmStart ? " after the warm standby's "
                        + from.position() : "", (System.nanoTime() - started) / 1_000_000,
                        (read - started) / 1_000_000, (replayed - read) / 1_000_000, recovery.startup().events().size(),
                        journal.acknowledgement()));
                return history.size();
            });
        }).compose(v -> {
            resumes = vertx.eventBus().localConsumer(EngineClient.STREAMS_ADDRESS,
                    m -> m.reply(streams.resume(m.body().stream(), m.body().after(), System.currentTimeMillis())));
            return resumes.completion();
        }).onSuccess(v -> {
            inbox = EngineInbox.of(vertx);
            inbox.register(context, this::onRequest);
            armTimer();
        });
    }

    /**
     * Stops taking commands and timers, lets the group commit write what it was given (the last
     * append, at most {@link #DRAIN_MILLIS}: a journal that keeps failing is not waited for, and
     * what it held stays unacknowledged), then closes the journal.
     */
    @Override
    public Future<?> stop() {
        stopping = true;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
        if (inbox != null) {
            inbox.unregister();
        }
        Future<Void> written = Future.succeededFuture();
        if (commits != null) {
            io.vertx.core.Promise<Void> bounded = io.vertx.core.Promise.promise();
            long deadline = vertx.setTimer(DRAIN_MILLIS, id -> bounded.tryComplete());
            commits.drain().onComplete(done -> {
                vertx.cancelTimer(deadline);
                bounded.tryComplete();
            });
            written = bounded.future().andThen(done -> commits.close());
        }
        return written.eventually(() -> resumes == null ? Future.<Void>succeededFuture() : resumes.unregister())
                .eventually(journal::close);
    }

    /** How long a stop waits for the last append before it closes the journal anyway. */
    static final long DRAIN_MILLIS = 5_000;

    /**
     * A failure here is a bug in the engine: logged in full, answered as an internal error. While
     * the journal cannot be written, commands that would change state are refused before they
     * run (nothing changes, the client may retry); reads, disconnects and timers still run.
     */
    private void onRequest(Command command, EngineInbox.Reply message) {
        if (fencedOut) {
            message.fail(EngineRefusals.NOT_LEADER, NOT_LEADER);
            return;
        }
        if (!journal.writable() && refusedWhileUnwritable(command)) {
            message.fail(EngineRefusals.UNAVAILABLE, "the journal cannot be written; nothing was changed");
            return;
        }
        try {
            long started = System.nanoTime();
            Outcome outcome = engine.handle(command, System.currentTimeMillis());
            observer.onOutcome(command, outcome, System.nanoTime() - started);
            if (Engine.readOnly(command) && (outcome.ok() || outcome.rejection().kind() != Rejection.Kind.NOT_FOUND)) {
                message.succeed(outcome);
            } else if (Engine.readOnly(command)) {
                // A miss may be a ticket archived by events not yet durable: answer once they are
                // (and the history store has been handed them), so the caller's fallback finds it.
                commits.submit(outcome.events(), () -> message.succeed(outcome), () -> refuse(message));
            } else {
                StreamBook.Marked marked = streams.mark(outcome, System.currentTimeMillis());
                commits.submit(marked.journaled(), () -> {
                    deliver(marked);
                    message.succeed(outcome);
                }, () -> refuse(message));
            }
            armTimer();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "engine failed on " + command.getClass().getSimpleName(), e);
            message.fail(EngineRefusals.INTERNAL_ERROR, "engine failure");
        }
    }

    private static final String NOT_LEADER = "this node lost the lease to another node; nothing was changed";

    /** A command whose events were never acknowledged: fenced out (another node leads), stopping, or the journal down. */
    private void refuse(EngineInbox.Reply message) {
        if (stopping && !fencedOut) {
            message.fail(EngineRefusals.SHUTTING_DOWN, "the engine is stopping; nothing was changed");
        } else if (fencedOut || journal.writable()) {
            message.fail(EngineRefusals.NOT_LEADER, NOT_LEADER);
        } else {
            message.fail(EngineRefusals.UNAVAILABLE, "the journal cannot be written; nothing was changed");
        }
    }

    /** Stops deciding: no more timers or commands; the node steps down. */
    private void fencedOut() {
        fencedOut = true;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
        onFencedOut.run();
    }

    private static boolean refusedWhileUnwritable(Command command) {
        return !Engine.readOnly(command) && !(command instanceof Command.Disconnect)
                && !(command instanceof Command.Tick);
    }

    private void tick() {
        if (fencedOut) {
            return;
        }
        long started = System.nanoTime();
        Outcome outcome = engine.handle(TICK, System.currentTimeMillis());
        observer.onOutcome(TICK, outcome, System.nanoTime() - started);
        StreamBook.Marked marked = streams.mark(outcome, System.currentTimeMillis());
        commits.submit(marked.journaled(), () -> deliver(marked));
        armTimer();
    }

    /**
     * Pushes and notifications leave only once the events behind them (and their stream markers)
     * are durable; they enter the replay windows first, so a resume answered after this sees them.
     */
    private void deliver(StreamBook.Marked marked) {
        if (marked.deliveries().isEmpty() && marked.markers().isEmpty()) {
            return;
        }
        streams.durable(marked, System.currentTimeMillis());
        for (StreamBook.Delivery delivery : marked.deliveries()) {
            if (delivery.publish()) {
                vertx.eventBus().publish(delivery.to(), delivery.message());
            } else {
                sessionPushes.deliver(delivery.to(), delivery.message());
            }
        }
    }

    private void armTimer() {
        if (fencedOut) {
            return;
        }
        long due = engine.nextTimerDue();
        if (due >= timerDue) {
            return;
        }
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        timerDue = due;
        timerId = vertx.setTimer(Math.max(1, due - System.currentTimeMillis()), id -> {
            timerId = -1;
            timerDue = Long.MAX_VALUE;
            try {
                tick();
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "engine failed on timer tick", e);
            }
        });
    }
}

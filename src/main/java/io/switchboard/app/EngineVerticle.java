package io.switchboard.app;

import io.switchboard.core.routing.RoutingConfig;
import io.switchboard.core.sla.SlaConfig;
import io.switchboard.engine.AgentPush;
import io.switchboard.engine.Command;
import io.switchboard.engine.Engine;
import io.switchboard.engine.Notification;
import io.switchboard.engine.Outcome;
import io.switchboard.metrics.EngineObserver;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hosts the single-writer {@link Engine} on one event-loop context: runs each command with the
 * current wall-clock time, delivers the resulting pushes to agent sessions and notifications to
 * every session of each person named, and answers.
 * One Vert.x timer, always set to the engine's earliest deadline, fires all due timers.
 */
public final class EngineVerticle extends VerticleBase {
    /** Failure code of an event-bus reply when the engine itself failed. */
    public static final int INTERNAL_ERROR = 500;
    private static final Logger LOG = Logger.getLogger(EngineVerticle.class.getName());
    private static final Command.Tick TICK = new Command.Tick();

    private final RoutingConfig config;
    private final SlaConfig sla;
    private final EngineObserver observer;
    private Engine engine;
    private MessageConsumer<EngineRequest> consumer;
    private long timerId = -1;
    private long timerDue = Long.MAX_VALUE;

    public EngineVerticle(RoutingConfig config, SlaConfig sla) {
        this(config, sla, EngineObserver.NOOP);
    }

    /** {@code observer} sees every outcome on this verticle's loop (metrics). */
    public EngineVerticle(RoutingConfig config, SlaConfig sla, EngineObserver observer) {
        this.config = config;
        this.sla = sla;
        this.observer = observer;
    }

    @Override
    public Future<?> start() {
        engine = new Engine(config, sla, System.currentTimeMillis());
        observer.attach(vertx, engine);
        consumer = vertx.eventBus().localConsumer(EngineClient.ENGINE_ADDRESS, this::onRequest);
        return consumer.completion();
    }

    /** A failure here is a bug in the engine: logged in full, answered as an internal error. */
    private void onRequest(Message<EngineRequest> message) {
        try {
            message.reply(run(message.body().command()));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "engine failed on " + message.body().command().getClass().getSimpleName(), e);
            message.fail(INTERNAL_ERROR, "engine failure");
        }
    }

    private Outcome run(Command command) {
        long started = System.nanoTime();
        Outcome outcome = engine.handle(command, System.currentTimeMillis());
        observer.onOutcome(command, outcome, System.nanoTime() - started);
        for (AgentPush push : outcome.pushes()) {
            vertx.eventBus().send(EngineClient.sessionAddress(push.sessionId()), push);
        }
        for (Notification notification : outcome.notifications()) {
            for (String person : notification.recipients()) {
                vertx.eventBus().publish(EngineClient.personAddress(person), notification);
            }
        }
        armTimer();
        return outcome;
    }

    private void armTimer() {
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
                run(TICK);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "engine failed on timer tick", e);
            }
        });
    }
}

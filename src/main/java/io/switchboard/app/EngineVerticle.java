package io.switchboard.app;

import io.switchboard.core.routing.RoutingConfig;
import io.switchboard.engine.AgentPush;
import io.switchboard.engine.Command;
import io.switchboard.engine.Engine;
import io.switchboard.engine.Outcome;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * Hosts the single-writer {@link Engine} on one event-loop context: runs each command with the
 * current wall-clock time, delivers the resulting pushes to WebSocket sessions, and answers.
 * One Vert.x timer, always set to the engine's earliest deadline, fires all due timers.
 */
public final class EngineVerticle extends VerticleBase {
    private static final Command.Tick TICK = new Command.Tick();

    private final RoutingConfig config;
    private Engine engine;
    private MessageConsumer<EngineRequest> consumer;
    private long timerId = -1;
    private long timerDue = Long.MAX_VALUE;

    public EngineVerticle(RoutingConfig config) {
        this.config = config;
    }

    @Override
    public Future<?> start() {
        engine = new Engine(config, System.currentTimeMillis());
        consumer = vertx.eventBus().localConsumer(EngineClient.ENGINE_ADDRESS, this::onRequest);
        return consumer.completion();
    }

    private void onRequest(Message<EngineRequest> message) {
        Outcome outcome = run(message.body().command());
        message.reply(outcome);
    }

    private Outcome run(Command command) {
        Outcome outcome = engine.handle(command, System.currentTimeMillis());
        for (AgentPush push : outcome.pushes()) {
            vertx.eventBus().send(EngineClient.sessionAddress(push.sessionId()), push);
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
            run(TICK);
        });
    }
}

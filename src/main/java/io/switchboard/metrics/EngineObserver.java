package io.switchboard.metrics;

import io.switchboard.engine.Command;
import io.switchboard.engine.Engine;
import io.switchboard.engine.Outcome;
import io.vertx.core.Vertx;

/**
 * What the engine's host tells the metrics: every command it ran with its outcome and the time
 * {@link Engine#handle} took. Threading: every method is called on the engine's event loop, the
 * only thread that may touch the engine, so implementations may query it there.
 */
public interface EngineObserver {
    /** Records nothing; for servers with metrics turned off. */
    EngineObserver NOOP = new EngineObserver() {
        @Override
        public void attach(Vertx vertx, Engine engine) {
        }

        @Override
        public void onOutcome(Command command, Outcome outcome, long nanos) {
        }
    };

    /**
     * Called once from the engine verticle's {@code start()}, on its context: periodic sampling of
     * engine state (queue depth, agents) is scheduled here, so it runs on the engine's loop too.
     */
    void attach(Vertx vertx, Engine engine);

    /** {@code nanos}: wall time spent in {@code engine.handle(command, now)}. */
    void onOutcome(Command command, Outcome outcome, long nanos);
}

package io.switchboard.port;

/** The engine's inbox is full ({@link EnginePort#trySend}); the caller should answer 503 and retry later. */
public final class EngineOverloaded extends RuntimeException {
    public EngineOverloaded() {
        super("the routing engine is overloaded", null, false, false);
    }
}

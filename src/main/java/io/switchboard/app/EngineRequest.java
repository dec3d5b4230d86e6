package io.switchboard.app;

import io.switchboard.engine.Command;

/** The event-bus envelope for a command to the engine (one codec for every command type). */
public record EngineRequest(Command command) {}

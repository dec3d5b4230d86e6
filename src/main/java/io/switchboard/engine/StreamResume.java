package io.switchboard.engine;

/** A resuming WebSocket asks for the messages of {@code stream} after {@code after} (the last seq it processed). */
public record StreamResume(String stream, long after) {}

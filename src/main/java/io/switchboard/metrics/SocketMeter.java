package io.switchboard.metrics;

/**
 * What WebSocket sessions report: opened and closed (the open-connection gauge), messages
 * dropped, and sessions closed because the client read too slowly. Threading: any event loop;
 * implementations are thread-safe.
 */
public interface SocketMeter {
    SocketMeter NOOP = new SocketMeter() {
        @Override
        public void opened() {
        }

        @Override
        public void closed() {
        }

        @Override
        public void dropped() {
        }

        @Override
        public void closedTooSlow(SlowConsumer trigger) {
        }
    };

    /** Why a slow client's session was closed (1013): the bounded label of the counter. */
    enum SlowConsumer {
        /** More unsent messages that cannot be coalesced than the session may hold. */
        BACKLOG,
        /** Unsent messages waiting for longer than the WebSocket idle timeout. */
        STALLED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A WebSocket session started. */
    void opened();

    /** A session that {@link #opened()} ended; called exactly once per session. */
    void closed();

    /** A message for a session that had already closed was not sent. */
    void dropped();

    /** A session was closed with 1013 because its client did not read what it was sent. */
    void closedTooSlow(SlowConsumer trigger);
}

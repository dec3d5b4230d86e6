package io.switchboard.metrics;

/**
 * What WebSocket sessions report: opened and closed (the open-connection gauge) and messages
 * dropped. Threading: any event loop; implementations are thread-safe.
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
    };

    /** A WebSocket session started. */
    void opened();

    /** A session that {@link #opened()} ended; called exactly once per session. */
    void closed();

    /** A message for a session that had already closed was not sent. */
    void dropped();
}

package io.switchboard.engine;

import java.util.List;

/**
 * The answer to a {@link StreamResume}: {@code resumed} when the window held every message after
 * the client's seq, then {@code messages} are those still to send, in order (offers no longer open
 * left out); otherwise empty, and the client gets the full current state instead. {@code position}
 * is the stream's last durable seq when the answer was made.
 */
public record StreamReplay(long position, boolean resumed, List<Sequenced> messages) {
    public StreamReplay {
        messages = List.copyOf(messages);
    }
}

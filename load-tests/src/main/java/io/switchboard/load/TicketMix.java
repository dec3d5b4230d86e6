package io.switchboard.load;

import io.vertx.core.buffer.Buffer;

/** Makes the body of the {@code seq}-th ticket; called on one thread (the sending context). */
interface TicketMix {
    Buffer body(long seq, long intendedNanos);
}

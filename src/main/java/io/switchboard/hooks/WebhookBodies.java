package io.switchboard.hooks;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import io.switchboard.core.event.DomainEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Each event's webhook body encoded once for every subscription that sends it, not once per
 * subscription: a body depends only on the event and the ticket's context (the subscription shows
 * up in the {@code webhook-id} header, not the body), and subscriptions read the same events from
 * the same buffer within moments of each other.
 *
 * <p>How: a direct-mapped table of the latest {@link #SLOTS} positions. A hit needs the same
 * position, the same event instance and an equal ticket context (a subscription restarted from an
 * older saved context may see a ticket differently; it then encodes its own). A miss encodes and
 * takes the slot. Trade-off: a subscription far behind the others misses and encodes, as before.
 *
 * <p>A miss streams the body through one generator kept open over one buffer (each body a root
 * value, no separator; the buffer's bytes copied out and the buffer reset): no generator, context
 * or tree per body.
 *
 * <p>Threading: confined to the dispatcher's context (every worker of one dispatcher shares one).
 */
final class WebhookBodies {
    static final int SLOTS = 1 << 13;

    private final long[] positions = new long[SLOTS];
    private final DomainEvent[] events = new DomainEvent[SLOTS];
    private final TicketContext[] tickets = new TicketContext[SLOTS];
    private final byte[][] bodies = new byte[SLOTS][];
    /** Each slot's body as the buffer {@link WebhookHttp#post} sends (made on first ask), or null. */
    private final io.vertx.core.buffer.Buffer[] payloads = new io.vertx.core.buffer.Buffer[SLOTS];
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    private JsonGenerator generator;

    WebhookBodies() {
        java.util.Arrays.fill(positions, -1);
    }

    /** The UTF-8 body of {@code event} at {@code position} ({@link WebhookPayloads#body}), or null when it has none. */
    byte[] body(long position, String type, DomainEvent event, TicketContext ticket) {
        int slot = (int) (position & (SLOTS - 1));
        if (positions[slot] == position && events[slot] == event && Objects.equals(tickets[slot], ticket)) {
            return bodies[slot];
        }
        byte[] body = encode(type, event, ticket);
        positions[slot] = position;
        events[slot] = event;
        tickets[slot] = ticket;
        bodies[slot] = body;
        payloads[slot] = null;
        return body;
    }

    /**
     * {@code body} (from {@link #body} at {@code position}) as the buffer every subscription's
     * attempts send: one view of the bytes per body rather than one per delivery (Vert.x writes a
     * slice of it and never moves its indexes). A body no longer in its slot gets a buffer of its own.
     */
    io.vertx.core.buffer.Buffer payload(long position, byte[] body) {
        int slot = (int) (position & (SLOTS - 1));
        if (bodies[slot] != body || positions[slot] != position) {
            return WebhookHttp.payload(body);
        }
        io.vertx.core.buffer.Buffer payload = payloads[slot];
        if (payload == null) {
            payload = WebhookHttp.payload(body);
            payloads[slot] = payload;
        }
        return payload;
    }

    private byte[] encode(String type, DomainEvent event, TicketContext ticket) {
        try {
            if (generator == null) {
                generator = WebhookPayloads.JSON.createGenerator(out, JsonEncoding.UTF8);
                generator.setRootValueSeparator(null);
            }
            boolean written = WebhookPayloads.write(generator, type, event, ticket);
            generator.flush();
            return written ? out.toByteArray() : null;
        } catch (IOException | RuntimeException e) {
            generator = null; // half a value may be in it: the next body starts a new one
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        } finally {
            out.reset();
        }
    }
}

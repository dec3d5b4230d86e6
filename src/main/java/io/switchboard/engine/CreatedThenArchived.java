package io.switchboard.engine;

/**
 * The answer to a {@link Command.CreateTicket} retried with the {@code Idempotency-Key} of a
 * ticket the engine no longer holds: it was created under that key, then closed and archived
 * (creation keys outlive their tickets). The caller reads {@code ticketId} from the history store
 * and answers it as the original creation's result.
 */
public record CreatedThenArchived(String ticketId) {}

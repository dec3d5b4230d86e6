package io.switchboard.engine;

/**
 * What became of a customer e-mail: {@code outcome} is {@code created} (a new ticket),
 * {@code threaded} (added to an open or resolved ticket as a customer message) or
 * {@code duplicate} (its Message-ID was seen before; nothing changed).
 */
public record MailOutcome(TicketView ticket, String outcome) {}

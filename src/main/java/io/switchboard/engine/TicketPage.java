package io.switchboard.engine;

import java.util.List;

/** One page of a ticket listing; {@code nextAfterSeq} is 0 on the last page. */
public record TicketPage(List<TicketView> tickets, long nextAfterSeq) {}

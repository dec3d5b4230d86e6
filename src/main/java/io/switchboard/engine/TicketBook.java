package io.switchboard.engine;

import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Ticket;
import io.switchboard.core.ticket.TicketStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Every ticket the engine holds, by id and in creation order: open ones as objects, resolved and
 * closed ones parked as bytes ({@link ParkedTickets}) when parking is on.
 *
 * <p>A parked ticket is thawed back into an object by {@link #get}, the lookup of every command
 * that may change it, and parked again by {@link #settle} at the end of the command if it is
 * still resolved or closed. Reads that change nothing ({@link #peek}, {@link #walk}) rebuild a
 * copy and leave it parked. So between commands no resolved or closed ticket is an object, and
 * within one, everything sees the one object the command works on.
 *
 * <p>Threading: single-writer; not thread-safe.
 */
final class TicketBook implements CustomerAffinity.Tickets {
    /** What a ticket listing filters on; see {@link Command.ListTickets#matches}. */
    @FunctionalInterface
    interface Filter {
        boolean test(TicketStatus status, String queue, String assignee, String customerId, Channel channel,
                long createdAt);
    }

    private final Map<String, Ticket> live = new HashMap<>();
    private final TreeMap<Long, Ticket> liveBySeq = new TreeMap<>();
    /** Tickets thawed or changed by the command being run: parked again at {@link #settle} if they may be. */
    private final List<Ticket> settling = new ArrayList<>();
    private ParkedTickets parked;

    /** Turns parking on: resolved and closed tickets are kept as bytes from the next {@link #settle}. */
    void parkWith(ParkedTickets tickets) {
        this.parked = tickets;
    }

    /** A ticket just created. */
    void add(Ticket ticket) {
        live.put(ticket.id(), ticket);
        liveBySeq.put(ticket.seq(), ticket);
    }

    /** The ticket, thawed if it was parked (to be parked again at {@link #settle}); null if unknown. */
    Ticket get(String id) {
        Ticket ticket = peek(id);
        if (ticket != null && live.get(id) != ticket) {
            parked.remove(ticket.seq());
            add(ticket);
            settling.add(ticket);
        }
        return ticket;
    }

    /** The ticket as it is, a rebuilt copy if it is parked (it stays parked): for reading only. */
    Ticket peek(String id) {
        if (id == null) {
            return null;
        }
        Ticket ticket = live.get(id);
        if (ticket != null || parked == null) {
            return ticket;
        }
        long seq = Ids.mintedTicketSeq(id);
        return seq < 0 ? null : parked.decode(seq);
    }

    boolean contains(String id) {
        if (id == null) {
            return false;
        }
        if (live.containsKey(id)) {
            return true;
        }
        if (parked == null) {
            return false;
        }
        long seq = Ids.mintedTicketSeq(id);
        return seq >= 0 && parked.contains(seq);
    }

    @Override
    public String customerOf(long seq) {
        Ticket ticket = numbered(seq);
        if (ticket != null) {
            return ticket.customer().id();
        }
        return parked == null ? null : parked.customerOf(seq);
    }

    @Override
    public String lastAssigneeIf(long seq, String customerId) {
        Ticket ticket = numbered(seq);
        if (ticket != null) {
            return ticket.customer().id().equals(customerId) ? ticket.lastAssignee() : null;
        }
        return parked == null ? null : parked.lastAssigneeIf(seq, customerId);
    }

    /** The ticket held as an object whose id is the engine's for {@code seq}, or null. */
    private Ticket numbered(long seq) {
        Ticket ticket = liveBySeq.get(seq);
        return ticket != null && Ids.mintedTicketSeq(ticket.id()) == seq ? ticket : null;
    }

    /** Drops the ticket (archived) and returns it as it was, or null if unknown. */
    Ticket remove(String id) {
        Ticket ticket = live.remove(id);
        if (ticket != null) {
            liveBySeq.remove(ticket.seq());
            return ticket;
        }
        ticket = peek(id);
        if (ticket != null) {
            parked.remove(ticket.seq());
        }
        return ticket;
    }

    /** Tickets held, objects and parked alike. */
    int size() {
        return live.size() + (parked == null ? 0 : parked.size());
    }

    /** Tickets held as objects (for tests and diagnostics). */
    int liveCount() {
        return live.size();
    }

    /** An event was applied to {@code ticket}: if it is now resolved or closed, it is parked at {@link #settle}. */
    void changed(Ticket ticket) {
        if (parked != null && isParkable(ticket.status())) {
            settling.add(ticket);
        }
    }

    /** Parks the tickets the command thawed or resolved or closed, where they still are. */
    void settle() {
        if (settling.isEmpty()) {
            return;
        }
        for (Ticket ticket : settling) {
            if (isParkable(ticket.status()) && live.get(ticket.id()) == ticket && parked.park(ticket)) {
                live.remove(ticket.id());
                liveBySeq.remove(ticket.seq());
            }
        }
        settling.clear();
    }

    /**
     * Visits the tickets created after {@code afterSeq} that pass {@code filter}, in creation
     * order, until {@code visitor} returns false. Parked tickets are visited as rebuilt copies (a
     * parked one that fails the filter is not rebuilt). The visitor must not add, thaw or drop
     * tickets: collect first, then act.
     */
    void walk(long afterSeq, Filter filter, Predicate<Ticket> visitor) {
        Iterator<Ticket> objects = liveBySeq.tailMap(afterSeq, false).values().iterator();
        Ticket nextObject = objects.hasNext() ? objects.next() : null;
        long nextParked = parked == null ? -1 : parked.nextSeq(afterSeq);
        while (nextObject != null || nextParked >= 0) {
            Ticket ticket;
            if (nextObject != null && (nextParked < 0 || nextObject.seq() < nextParked)) {
                ticket = passes(nextObject, filter) ? nextObject : null;
                nextObject = objects.hasNext() ? objects.next() : null;
            } else {
                ticket = parked.matches(nextParked, filter) ? parked.decode(nextParked) : null;
                nextParked = parked.nextSeq(nextParked);
            }
            if (ticket != null && !visitor.test(ticket)) {
                return;
            }
        }
    }

    /** Every ticket in creation order (parked ones as copies): for restarts, tests and diagnostics. */
    List<Ticket> all() {
        List<Ticket> all = new ArrayList<>();
        walk(Long.MIN_VALUE, (status, queue, assignee, customer, channel, createdAt) -> true, all::add);
        return all;
    }

    private static boolean passes(Ticket ticket, Filter filter) {
        return filter.test(ticket.status(), ticket.queue(), ticket.assignee(), ticket.customer().id(), ticket.channel(),
                ticket.createdAt());
    }

    private static boolean isParkable(TicketStatus status) {
        return status == TicketStatus.RESOLVED || status == TicketStatus.CLOSED;
    }
}

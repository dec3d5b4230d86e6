package io.switchboard.core.routing;

import io.switchboard.core.ticket.Ticket;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Waiting tickets with one {@link Demand}, lowest order key first (then higher priority, then
 * arrival), and the groups that meet it.
 */
final class DemandBucket {
    static final Comparator<Ticket> ORDER =
            Comparator.<Ticket>comparingLong(Ticket::orderKey).thenComparingInt(t -> t.priority().ordinal())
                    .thenComparingLong(Ticket::seq);

    final Demand demand;
    final TreeSet<Ticket> waiting = new TreeSet<>(ORDER);
    final List<ProfileGroup> groups = new ArrayList<>();
    /** Per linked group (same index as {@link #groups}): its most_skilled score for this demand. */
    final List<Integer> proficiency = new ArrayList<>();

    DemandBucket(Demand demand) {
        this.demand = demand;
    }
}

package io.switchboard.core.ticket;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Ticket lifecycle: new → queued → offered → assigned → pending_customer | pending_internal →
 * resolved → closed; a reopen moves a resolved ticket back to queued. {@link #canMoveTo} is the
 * single table of legal transitions; the engine rejects everything else with a conflict.
 */
public enum TicketStatus {
    NEW, QUEUED, OFFERED, ASSIGNED, PENDING_CUSTOMER, PENDING_INTERNAL, RESOLVED, CLOSED;

    /** The lower-case name, made once: JSON and metrics ask for it on every write. */
    private final String wire = name().toLowerCase(Locale.ROOT);

    public String wire() {
        return wire;
    }

    public static Optional<TicketStatus> parse(String value) {
        for (TicketStatus s : values()) {
            if (s.wire().equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** True while an agent owns the ticket (assigned or pending). */
    public boolean isWithAgent() {
        return this == ASSIGNED || this == PENDING_CUSTOMER || this == PENDING_INTERNAL;
    }

    /** True while the ticket waits for routing (queued or offered). */
    public boolean isRouting() {
        return this == QUEUED || this == OFFERED;
    }

    public boolean canMoveTo(TicketStatus next) {
        return SUCCESSORS[ordinal()].contains(next);
    }

    /** {@link #successors} of each status by ordinal, made once: every event applied asks (a set per call before). */
    private static final Set<TicketStatus>[] SUCCESSORS = successorTable();

    @SuppressWarnings("unchecked")
    private static Set<TicketStatus>[] successorTable() {
        Set<TicketStatus>[] table = new Set[values().length];
        for (TicketStatus status : values()) {
            table[status.ordinal()] = Collections.unmodifiableSet(status.successors());
        }
        return table;
    }

    private Set<TicketStatus> successors() {
        switch (this) {
            case NEW:
                return EnumSet.of(QUEUED);
            case QUEUED:
                return EnumSet.of(QUEUED, OFFERED, ASSIGNED);
            case OFFERED:
                return EnumSet.of(QUEUED, ASSIGNED);
            case ASSIGNED:
                return EnumSet.of(ASSIGNED, PENDING_CUSTOMER, PENDING_INTERNAL, RESOLVED, QUEUED);
            case PENDING_CUSTOMER:
            case PENDING_INTERNAL:
                return EnumSet.of(ASSIGNED, PENDING_CUSTOMER, PENDING_INTERNAL, RESOLVED, QUEUED);
            case RESOLVED:
                return EnumSet.of(CLOSED, QUEUED);
            default:
                return EnumSet.noneOf(TicketStatus.class);
        }
    }
}

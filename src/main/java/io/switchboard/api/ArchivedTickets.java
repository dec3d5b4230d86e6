package io.switchboard.api;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.engine.Command;
import io.switchboard.engine.TicketView;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * Reads of tickets that left the engine (archived), for the HTTP layer: the same views the engine
 * gave while it held them. Implemented over the history store; futures complete on a Vert.x
 * context and never block the caller. When the store cannot answer, futures fail with
 * {@link Unavailable} (answered 503 with {@code Retry-After}).
 */
public interface ArchivedTickets {
    /** An archived ticket and its timeline (journal order), or empty when no such archived ticket exists. */
    Future<Optional<Archived>> find(String ticketId);

    /**
     * Archived tickets with {@code seq > query.afterSeq()}, by seq, at most {@code query.limit()},
     * matching every non-null filter of {@code query}.
     */
    Future<List<TicketView>> list(Command.ListTickets query);

    record Archived(TicketView ticket, List<DomainEvent.TicketEvent> timeline) {}

    /**
     * A report over the history store (docs/reports.md); fails with {@link Unavailable} when the
     * store cannot answer, or when there is none.
     */
    default Future<io.switchboard.history.ReportTable> report(io.switchboard.history.ReportQuery query) {
        return Future.failedFuture(new Unavailable("this server keeps no history store", null));
    }

    /** SLA advice over the history store (docs/reports.md, "SLA advice"); fails as {@link #report}. */
    default Future<io.switchboard.history.ReportTable> advice(io.switchboard.history.AdviceQuery query) {
        return Future.failedFuture(new Unavailable("this server keeps no history store", null));
    }

    /** The SLA advice's staffing check (docs/reports.md, "Staffing check"); fails as {@link #report}. */
    default Future<io.switchboard.history.ReportTable> staffing(io.switchboard.history.StaffingQuery query) {
        return Future.failedFuture(new Unavailable("this server keeps no history store", null));
    }

    /** The SLA dry-run over the history store (docs/reports.md, "SLA dry-run"); fails as {@link #report}. */
    default Future<io.switchboard.history.ReportTable> dryRun(io.switchboard.history.DryRunQuery query) {
        return Future.failedFuture(new Unavailable("this server keeps no history store", null));
    }

    /**
     * The SLA configuration in force and the team and queue names it may refer to (a proposed
     * configuration is validated against them); empty when this server has none to tell.
     */
    default Optional<LiveSla> liveSla() {
        return Optional.empty();
    }

    /** The SLA configuration the server started with, and the teams and queues it defines. */
    record LiveSla(io.switchboard.core.sla.SlaConfig sla, java.util.Set<String> teams, java.util.Set<String> queues) {
        public LiveSla {
            teams = java.util.Set.copyOf(teams);
            queues = java.util.Set.copyOf(queues);
        }
    }

    /** The zone of the configured business calendar {@code name} (the built-in {@code 24x7} is UTC), if any. */
    default Optional<java.time.ZoneId> calendarZone(String name) {
        return "24x7".equals(name) ? Optional.of(java.time.ZoneOffset.UTC) : Optional.empty();
    }

    /** The history store cannot answer now; the client should retry. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** No history store: nothing is ever archived (engines that never archive). */
    ArchivedTickets NONE = new ArchivedTickets() {
        @Override
        public Future<Optional<Archived>> find(String ticketId) {
            return Future.succeededFuture(Optional.empty());
        }

        @Override
        public Future<List<TicketView>> list(Command.ListTickets query) {
            return Future.succeededFuture(List.of());
        }
    };
}

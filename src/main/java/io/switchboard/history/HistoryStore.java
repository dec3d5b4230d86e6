package io.switchboard.history;

import io.switchboard.core.event.DomainEvent;
import java.util.List;
import java.util.Optional;

/**
 * The history store: durable events projected into tables for archived reads and reports (one
 * row per archived ticket with its SLA outcome, one per ticket event, agent presence history,
 * compensations) plus the journal position the projection has committed.
 *
 * <p>Threading: every method is blocking JDBC and must run off the event loop. Implementations
 * are safe for one writer thread and any number of reader threads at once.
 *
 * <p>Errors: a backend that cannot be reached or refuses a statement throws
 * {@link HistoryUnavailableException}; nothing is half-written (each write is one transaction).
 */
public interface HistoryStore extends AutoCloseable {

    /** The highest journal position whose events are committed here; 0 for an empty store. */
    long committedPosition();

    /**
     * Projects {@code events}, the first at journal position {@code firstPosition} (1-based) and the
     * rest at the following positions. Positions at or below {@link #committedPosition()} are
     * skipped, so re-writing an overlapping batch is harmless; the rows and the new committed
     * position commit in one transaction.
     *
     * @throws IllegalArgumentException when the batch starts beyond {@code committedPosition() + 1}:
     *     the store never holds a gap, the caller must first write what lies between
     */
    void write(long firstPosition, List<DomainEvent> events);

    /**
     * An archived ticket and its timeline (its events in journal order, without the
     * {@code TicketArchived} itself, whose content is the ticket), or empty when no TicketArchived
     * for it was projected.
     */
    Optional<ArchivedRecord> ticket(String ticketId);

    /**
     * Archived tickets matching {@code filter} with {@code seq > afterSeq} (0 = from the start),
     * ordered by seq, at most {@code limit} (1..1000) of them. The seq is the cursor, so a caller
     * can merge these pages with the engine's open tickets, which share the sequence.
     *
     * @throws IllegalArgumentException for a limit out of range
     */
    HistoryPage list(HistoryFilter filter, long afterSeq, int limit);

    /**
     * Runs a report (docs/reports.md) over the committed history.
     *
     * @throws HistoryUnavailableException when the backend fails
     */
    ReportTable report(ReportQuery query);

    /**
     * SLA advice (docs/reports.md, "SLA advice") over the committed history: per group, the
     * metric's achieved business-time distribution and the target the percentile supports.
     *
     * @throws HistoryUnavailableException when the backend fails
     */
    ReportTable advice(AdviceQuery query);

    /**
     * The staffing check (docs/reports.md, "Staffing check"): per hour of the week, arrivals,
     * agents available and Erlang C agents needed.
     *
     * @throws HistoryUnavailableException when the backend fails
     */
    ReportTable staffing(StaffingQuery query);

    /**
     * The SLA dry-run (docs/reports.md, "SLA dry-run"): the period's archived tickets replayed
     * under a proposed SLA configuration, per group, next to the outcome recorded. Reads only.
     *
     * @throws HistoryUnavailableException when the backend fails
     */
    ReportTable dryRun(DryRunQuery query);

    /** Which backend this is, for logs and {@code /health}: {@code duckdb:<path>} or {@code postgresql://host:port/db}. */
    String describe();

    @Override
    void close();
}

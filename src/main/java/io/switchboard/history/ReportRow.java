package io.switchboard.history;

import java.sql.Types;
import java.util.Map;

/**
 * One {@code report_tickets} row (column order as in {@link Schema}): an archived ticket's
 * dimensions and SLA outcome as archived, its timeline facts ({@link TicketOutcome}) and its
 * handling agent's team as the store knew it at archiving.
 */
final class ReportRow {
    private static final int B = Types.BIGINT;
    private static final int V = Types.VARCHAR;
    private static final int I = Types.INTEGER;
    private static final int Z = Types.BOOLEAN;
    static final int[] TYPES = {V, B, B, V, V, V, V, V, V, V, V, B, B, I, I, I, B, B, Z, B, B, Z, I, I};
    /**
     * The archived columns a row takes, in this order: the {@code archived_tickets} columns of
     * {@link #ARCHIVED_COLUMNS}.
     */
    static final String ARCHIVED_COLUMNS = "ticket_id, archived_position, created_at, channel, priority, customer_tier,"
            + " type, queue, sla_policy, first_response_target_ms, first_response_elapsed_ms, first_response_breached,"
            + " resolution_target_ms, resolution_elapsed_ms, resolution_breached";
    /** Where those columns sit in a {@link TicketRow#values} array. */
    private static final int[] FROM_TICKET_ROW = {0, 16, 12, 3, 4, 5, 7, 8, 18, 19, 20, 21, 27, 28, 29};

    private ReportRow() {}

    /** The archived columns of {@link #ARCHIVED_COLUMNS} out of a {@link TicketRow#values} array. */
    static Object[] archived(Object[] ticketRow) {
        Object[] out = new Object[FROM_TICKET_ROW.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = ticketRow[FROM_TICKET_ROW[i]];
        }
        return out;
    }

    /** {@code archived}: the values of {@link #ARCHIVED_COLUMNS}; {@code teams}: agent id to team. */
    static Object[] values(Object[] archived, TicketOutcome outcome, Map<String, String> teams) {
        String handledBy = outcome.handledBy();
        return new Object[] {archived[0], archived[1], archived[2], archived[3], archived[4], archived[5], archived[6],
            archived[7], archived[8], handledBy, handledBy == null ? null : teams.get(handledBy),
            outcome.firstReplyAt(), outcome.resolvedAt(), outcome.reopens(), outcome.transfers(), outcome.agents(),
            archived[9], archived[10], archived[11], archived[12], archived[13], archived[14], outcome.csat(),
            outcome.nps()};
    }
}

package io.switchboard.history;

import io.switchboard.core.event.DomainEvent.FeedbackGiven;
import io.switchboard.core.event.DomainEvent.TicketAssigned;
import io.switchboard.store.EventCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an archived ticket's timeline says that its archived state does not, as its
 * {@code ticket_outcomes} row: when it was first replied to and last resolved (epoch millis, null
 * when never), how often it was reopened and transferred, how many distinct agents it was assigned
 * to and the last of them ({@code handledBy}, null when never assigned). {@code closedAt} is the
 * last close ({@code -1} when none); {@code csat} and {@code nps} the customer's feedback (null
 * when none). docs/reports.md defines the measures built on these.
 */
record TicketOutcome(String ticketId, Long firstReplyAt, Long resolvedAt, int reopens, int transfers, int agents,
        String handledBy, long closedAt, Integer csat, Integer nps) {
    private static final EventCodec CODEC = EventCodec.instance();

    /**
     * Reads the ticket's timeline from {@code ticket_events} (one indexed lookup; only assignments
     * and feedback are decoded).
     */
    static TicketOutcome read(Connection c, String ticketId) throws SQLException {
        return readAll(c, List.of(ticketId)).get(ticketId);
    }

    /**
     * The outcomes of {@code ticketIds} (a writer's batch of archived tickets), one per id, from
     * one query per {@value #PER_QUERY} tickets: {@code ticket_id IN (...)} is an index scan on
     * DuckDB 1.4 (EXPLAIN ANALYZE) and PostgreSQL, and cost a sixth of one query per ticket
     * (~350 µs each, whatever the table's size) in HistoryWriteCost. DuckDB uses the ticket_id
     * index only when it is the only filter, hence no event_type filter in SQL. A ticket with no
     * stored event gets the outcome of an empty timeline.
     */
    static Map<String, TicketOutcome> readAll(Connection c, List<String> ticketIds) throws SQLException {
        Map<String, Fold> folds = new LinkedHashMap<>();
        for (String id : ticketIds) {
            folds.put(id, new Fold());
        }
        List<String> ids = new ArrayList<>(folds.keySet());
        for (int from = 0; from < ids.size(); from += PER_QUERY) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + PER_QUERY));
            try (PreparedStatement ps = c.prepareStatement("SELECT ticket_id, position, event_at, event_type, payload"
                    + " FROM ticket_events WHERE ticket_id IN (" + "?, ".repeat(chunk.size() - 1) + "?)")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        folds.get(rs.getString(1)).add(rs);
                    }
                }
            }
        }
        Map<String, TicketOutcome> out = new LinkedHashMap<>();
        folds.forEach((id, fold) -> out.put(id, fold.outcome(id)));
        return out;
    }

    /** Tickets per lookup: well under DuckDB's index_scan_max_count (2048), so the IN list stays an index scan. */
    static final int PER_QUERY = 200;

    /** One ticket's timeline facts, its rows folded in any order. */
    private static final class Fold {
        private Long firstReply;
        private Long resolved;
        private int reopens;
        private int transfers;
        private long closed = -1;
        private long lastAssignedPosition = -1;
        private String handledBy;
        private final Set<String> agents = new HashSet<>();
        private long feedbackPosition = -1;
        private Integer csat;
        private Integer nps;

        /** {@code rs}: ticket_id, position, event_at, event_type, payload. */
        void add(ResultSet rs) throws SQLException {
            long position = rs.getLong(2);
            long at = rs.getLong(3);
            switch (rs.getString(4)) {
                case "TicketReplied" -> firstReply = firstReply == null ? at : Math.min(firstReply, at);
                case "TicketResolved" -> resolved = resolved == null ? at : Math.max(resolved, at);
                case "TicketReopened" -> reopens++;
                case "TicketTransferred" -> transfers++;
                case "TicketClosed" -> closed = Math.max(closed, at);
                case "TicketAssigned" -> {
                    String agent = ((TicketAssigned) CODEC.decode(rs.getBytes(5))).agentId();
                    agents.add(agent);
                    if (position > lastAssignedPosition) {
                        lastAssignedPosition = position;
                        handledBy = agent;
                    }
                }
                case "FeedbackGiven" -> {
                    if (position > feedbackPosition) { // the latest feedback counts, whatever the rows' order
                        feedbackPosition = position;
                        FeedbackGiven feedback = (FeedbackGiven) CODEC.decode(rs.getBytes(5));
                        csat = feedback.csat();
                        nps = feedback.nps();
                    }
                }
                default -> {
                }
            }
        }

        TicketOutcome outcome(String ticketId) {
            return new TicketOutcome(ticketId, firstReply, resolved, reopens, transfers, agents.size(), handledBy,
                    closed, csat, nps);
        }
    }
}

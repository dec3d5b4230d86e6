package io.switchboard.history;

import io.switchboard.core.event.DomainEvent.FeedbackGiven;
import io.switchboard.core.event.DomainEvent.TicketAssigned;
import io.switchboard.store.EventCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
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
     * are decoded). DuckDB 1.4 uses the ticket_id index only when it is the only filter, hence no
     * event_type filter in SQL.
     */
    static TicketOutcome read(Connection c, String ticketId) throws SQLException {
        try (Reader reader = new Reader(c)) {
            return reader.read(ticketId);
        }
    }

    /**
     * Reads the outcomes of several tickets with one prepared statement (a writer's batch of
     * archived tickets): preparing it per ticket cost as much as running it. Confined to the
     * caller's thread; close it before the connection.
     */
    static final class Reader implements AutoCloseable {
        private final PreparedStatement timeline;

        Reader(Connection c) throws SQLException {
            timeline = c.prepareStatement("SELECT position, event_at, event_type, payload FROM ticket_events"
                    + " WHERE ticket_id = ?");
        }

        TicketOutcome read(String ticketId) throws SQLException {
            Long firstReply = null;
            Long resolved = null;
            int reopens = 0;
            int transfers = 0;
            long closed = -1;
            long lastAssignedPosition = -1;
            String handledBy = null;
            Set<String> agents = new HashSet<>();
            Integer csat = null;
            Integer nps = null;
            timeline.setString(1, ticketId);
            try (ResultSet rs = timeline.executeQuery()) {
                while (rs.next()) {
                    long position = rs.getLong(1);
                    long at = rs.getLong(2);
                    switch (rs.getString(3)) {
                        case "TicketReplied":
                            firstReply = firstReply == null ? at : Math.min(firstReply, at);
                            break;
                        case "TicketResolved":
                            resolved = resolved == null ? at : Math.max(resolved, at);
                            break;
                        case "TicketReopened":
                            reopens++;
                            break;
                        case "TicketTransferred":
                            transfers++;
                            break;
                        case "TicketClosed":
                            closed = Math.max(closed, at);
                            break;
                        case "TicketAssigned":
                            String agent = ((TicketAssigned) CODEC.decode(rs.getBytes(4))).agentId();
                            agents.add(agent);
                            if (position > lastAssignedPosition) {
                                lastAssignedPosition = position;
                                handledBy = agent;
                            }
                            break;
                        case "FeedbackGiven":
                            FeedbackGiven feedback = (FeedbackGiven) CODEC.decode(rs.getBytes(4));
                            csat = feedback.csat();
                            nps = feedback.nps();
                            break;
                        default:
                            break;
                    }
                }
            }
            return new TicketOutcome(ticketId, firstReply, resolved, reopens, transfers, agents.size(), handledBy,
                    closed, csat, nps);
        }

        @Override
        public void close() throws SQLException {
            timeline.close();
        }
    }
}

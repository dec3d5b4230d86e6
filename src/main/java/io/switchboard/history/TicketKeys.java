package io.switchboard.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The history store's integer surrogate key for tickets (schema 5), {@code ticket_key}: the
 * journal position of the ticket's first event in {@code ticket_events} (its {@code TicketCreated};
 * positions are unique, so keys are). Carried by {@code ticket_dims}, {@code backlog_moves} and
 * {@code sla_alerts}, so the grouped, filtered and scoped event reports join each event to its
 * ticket's dimensions on a {@code BIGINT} instead of the ticket id string (half the join's cost
 * at 1M tickets, docs/BENCHMARKS.md).
 *
 * <p>The writer gives its rows their keys: a ticket created in the batch has its creation's
 * position; another is looked up here (a bounded cache of the tickets this writer has seen,
 * dropped at archiving; a miss reads the least committed position of the ticket's events, one
 * indexed lookup) or, with no event stored, is the position of its first event in the batch. The
 * rule is a function of the committed timeline, so a retried batch, a standby writing the same
 * positions and {@link #FILL} all give a ticket the same key. Rows written without a key (by the
 * schema-4 migration's back-fills, or by a schema-4 build sharing a PostgreSQL store during a
 * rolling upgrade) are keyed by {@link #fill}, at open and when this writer sees another's
 * positions. A row whose ticket has no {@code ticket_dims} row keeps a null key: no dimensions
 * either way.
 *
 * <p>Threading: one per store, confined to the writer (the store's write lock).
 */
final class TicketKeys {
    /** Tickets a writer keeps keys for: live tickets (a few per agent) fit many times over. */
    static final int CACHED = 100_000;
    /** Rows without a key, positions above ?: the dimension rows first, then the rows that take their keys. */
    private static final List<String> FILL = List.of(
            "UPDATE ticket_dims SET ticket_key = k.ticket_key FROM (SELECT e.ticket_id, min(e.position) AS ticket_key"
                    + " FROM ticket_events e WHERE e.ticket_id IN (SELECT n.ticket_id FROM ticket_dims n WHERE"
                    + " n.ticket_key IS NULL AND n.position > ?) GROUP BY e.ticket_id) k WHERE ticket_dims.ticket_id"
                    + " = k.ticket_id AND ticket_dims.ticket_key IS NULL",
            "UPDATE backlog_moves SET ticket_key = d.ticket_key FROM ticket_dims d WHERE backlog_moves.ticket_key IS"
                    + " NULL AND backlog_moves.position > ? AND d.ticket_id = backlog_moves.ticket_id",
            "UPDATE sla_alerts SET ticket_key = d.ticket_key FROM ticket_dims d WHERE sla_alerts.ticket_key IS NULL"
                    + " AND sla_alerts.position > ? AND d.ticket_id = sla_alerts.ticket_id");

    private final Map<String, Long> cache = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > CACHED;
        }
    };

    /**
     * The key of {@code ticketId}, whose event at {@code position} (above {@code committed}) is
     * being written; {@code created}: that event is the ticket's creation.
     */
    long of(Connection c, String ticketId, long position, long committed, boolean created) throws SQLException {
        Long key = cache.get(ticketId);
        if (key != null) {
            return key;
        }
        long k = created ? position : stored(c, ticketId, committed, position);
        cache.put(ticketId, k);
        return k;
    }

    /** The ticket's life in the store is over (archived): its later events, if any, look it up again. */
    void forget(String ticketId) {
        cache.remove(ticketId);
    }

    /** Forgets every key: after a failed attempt whose keys were made from rows that did not commit. */
    void clear() {
        cache.clear();
    }

    private static long stored(Connection c, String ticketId, long committed, long otherwise) throws SQLException {
        // one filter on the indexed column (DuckDB 1.4 uses the ART index only then); positions above
        // `committed` (an attempt's garbage on DuckDB) are skipped in Java
        try (PreparedStatement ps = c.prepareStatement("SELECT position FROM ticket_events WHERE ticket_id = ?")) {
            ps.setString(1, ticketId);
            long least = Long.MAX_VALUE;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long p = rs.getLong(1);
                    if (p <= committed && p < least) {
                        least = p;
                    }
                }
            }
            return least == Long.MAX_VALUE ? otherwise : least;
        }
    }

    /** Keys the rows above {@code after} that were written without one (inside the caller's transaction, if any). */
    static void fill(Connection c, long after) throws SQLException {
        for (String sql : FILL) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, after);
                ps.executeUpdate();
            }
        }
    }
}

package io.switchboard.history;

import io.switchboard.engine.Ids;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
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
 * <p>The cache allocates no object per ticket: at 5,000 tickets/s a map entry, a boxed key and the
 * id string held ~20 s each were copied by every young GC pause in between (issue 12). A ticket
 * id as the engine mints it, {@code tkt_<seq>} ({@link #mintedSeq}), has a slot of two
 * {@code long} arrays allocated once, {@code seq} modulo {@link #SLOTS}, holding (seq, key): the
 * engine mints seqs in order, so the last {@link #SLOTS} tickets never share a slot, and an older
 * ticket still open gives up its slot to the newer one (its next event reads the store). A key
 * above the write's {@code committed} position is pinned: it was made from this batch's rows,
 * which the store cannot be asked about before they commit, so it is never displaced; the entry
 * that finds its slot pinned, and any other id (tests' ids, say), goes to a small
 * bounded map instead, whose eviction also skips pinned keys.
 *
 * <p>Threading: one per store, confined to the writer (the store's write lock).
 */
final class TicketKeys {
    /**
     * Slots for minted ids, a power of two (two arrays of 1 MiB): 26 s of tickets at 5,000/s, so
     * the live tickets (a few per agent) fit.
     */
    static final int SLOTS = 1 << 17;
    /** Entries the map of other ids keeps beyond this batch's pinned ones. */
    static final int OTHERS = 4_096;
    /** A free slot's seq (a minted seq is at least 0). */
    private static final long EMPTY = -1;
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

    /** By slot: the seq of the ticket whose key is in {@link #keys}, or {@link #EMPTY}. */
    private final long[] seqs = new long[SLOTS];
    private final long[] keys = new long[SLOTS];
    /** The write's committed position (from {@link #of}): a key above it is pinned. */
    private long committed;
    /** Ids other than minted ones, and minted ones whose slot was pinned; least recently used first. */
    private final Map<String, Long> others = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > OTHERS && eldest.getValue() <= committed;
        }
    };

    TicketKeys() {
        Arrays.fill(seqs, EMPTY);
    }

    /**
     * The key of {@code ticketId}, whose event at {@code position} (above {@code committed}) is
     * being written; {@code created}: that event is the ticket's creation.
     */
    long of(Connection c, String ticketId, long position, long committed, boolean created) throws SQLException {
        this.committed = committed;
        long seq = mintedSeq(ticketId);
        int slot = (int) seq & (SLOTS - 1);
        if (seq != EMPTY && seqs[slot] == seq) {
            return keys[slot];
        }
        if (!others.isEmpty()) {
            Long key = others.get(ticketId);
            if (key != null) {
                return key;
            }
        }
        long k = created ? position : stored(c, ticketId, committed, position);
        if (seq != EMPTY && (seqs[slot] == EMPTY || keys[slot] <= committed)) {
            seqs[slot] = seq;
            keys[slot] = k;
        } else {
            others.put(ticketId, k);
        }
        return k;
    }

    /** The ticket's life in the store is over (archived): its later events, if any, look it up again. */
    void forget(String ticketId) {
        long seq = mintedSeq(ticketId);
        int slot = (int) seq & (SLOTS - 1);
        if (seq != EMPTY && seqs[slot] == seq) {
            seqs[slot] = EMPTY;
        } else if (!others.isEmpty()) {
            others.remove(ticketId);
        }
    }

    /** Forgets every key: after a failed attempt whose keys were made from rows that did not commit. */
    void clear() {
        Arrays.fill(seqs, EMPTY);
        others.clear();
    }

    /** The seq of a ticket id exactly as the engine mints it, or {@link #EMPTY} for any other string. */
    static long mintedSeq(String id) {
        return Ids.mintedTicketSeq(id);
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

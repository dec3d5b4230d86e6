package io.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TicketKeys}' cache on its own: a hit answers without a query, a miss reads the store (an
 * in-memory DuckDB {@code ticket_events}), and a key made from the batch being written (above
 * {@code committed}) survives any collision until that batch commits.
 */
class TicketKeysCacheTest {
    /** Shares a slot with ticket 5 (seq modulo {@link TicketKeys#SLOTS}). */
    private static final String SAME_SLOT_AS_5 = "tkt_" + (5 + TicketKeys.SLOTS);

    private Connection db;
    /** {@link #db}, counting the store lookups (each one prepares a statement). */
    private Connection c;
    private int lookups;
    private final TicketKeys keys = new TicketKeys();

    @BeforeEach
    void openStore() throws SQLException {
        db = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE ticket_events (position BIGINT, ticket_id VARCHAR)");
        }
        c = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement")) {
                        lookups++;
                    }
                    try {
                        return method.invoke(db, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @AfterEach
    void closeStore() throws SQLException {
        db.close();
    }

    @Test
    void of_afterACreationInAnEarlierBatch_hitWithoutALookup() throws SQLException {
        assertThat(keys.of(c, "tkt_0", 10, 9, true)).isEqualTo(10);
        assertThat(keys.of(c, "tkt_5", 11, 9, true)).isEqualTo(11);
        stored(10, "tkt_0");
        stored(11, "tkt_5");
        stored(3, "tkt_5"); // a row the cache must not consult: a hit answers from the cache

        assertThat(keys.of(c, "tkt_0", 20, 19, false)).isEqualTo(10);
        assertThat(keys.of(c, "tkt_5", 21, 19, false)).isEqualTo(11);
        assertThat(lookups).isZero();
    }

    @Test
    void of_aCollidingTicketAfterTheFirstCommitted_missReadsTheStore() throws SQLException {
        assertThat(keys.of(c, "tkt_5", 10, 9, true)).isEqualTo(10);
        stored(10, "tkt_5");
        assertThat(keys.of(c, SAME_SLOT_AS_5, 21, 20, true)).isEqualTo(21); // tkt_5's key is committed: displaced

        assertThat(keys.of(c, "tkt_5", 22, 20, false)).isEqualTo(10);
        assertThat(lookups).isEqualTo(1);
    }

    @Test
    void of_aCollisionInsideTheBatchThatCreatedIt_keepsTheUncommittedKey() throws SQLException {
        stored(3, "tkt_5"); // an old ticket, still open
        assertThat(keys.of(c, SAME_SLOT_AS_5, 101, 100, true)).isEqualTo(101); // created in this batch
        assertThat(keys.of(c, "tkt_5", 102, 100, false)).isEqualTo(3); // a miss: the store's key
        assertThat(lookups).isEqualTo(1);

        // the store has no row of this batch yet: a lookup would answer 103
        assertThat(keys.of(c, SAME_SLOT_AS_5, 103, 100, false)).isEqualTo(101);
        assertThat(keys.of(c, "tkt_5", 104, 100, false)).isEqualTo(3); // kept beside the pinned slot
        assertThat(lookups).isEqualTo(1);
    }

    @Test
    void forget_anotherTicketInTheSlot_keepsTheSlotsTicket() throws SQLException {
        keys.of(c, "tkt_5", 10, 9, true);
        stored(10, "tkt_5");

        keys.forget(SAME_SLOT_AS_5);
        assertThat(keys.of(c, "tkt_5", 20, 19, false)).isEqualTo(10);
        assertThat(lookups).isZero();

        keys.forget("tkt_5");
        assertThat(keys.of(c, "tkt_5", 21, 20, false)).isEqualTo(10);
        assertThat(lookups).isEqualTo(1);
    }

    @Test
    void forget_aTicketBesideAPinnedSlot_looksItUpAgain() throws SQLException {
        stored(3, "tkt_5");
        keys.of(c, SAME_SLOT_AS_5, 101, 100, true);
        keys.of(c, "tkt_5", 102, 100, false);

        keys.forget("tkt_5");
        assertThat(keys.of(c, "tkt_5", 103, 100, false)).isEqualTo(3);
        assertThat(keys.of(c, SAME_SLOT_AS_5, 104, 100, false)).isEqualTo(101);
        assertThat(lookups).isEqualTo(2);
    }

    @Test
    void of_idsTheEngineDidNotMint_cachedApartFromTheMintedSpelling() throws SQLException {
        assertThat(keys.of(c, "t1", 10, 9, true)).isEqualTo(10);
        assertThat(keys.of(c, "tkt_5", 11, 9, true)).isEqualTo(11);
        assertThat(keys.of(c, "tkt_05", 12, 9, true)).isEqualTo(12);
        assertThat(keys.of(c, "tkt_+5", 13, 9, true)).isEqualTo(13);

        assertThat(keys.of(c, "t1", 14, 9, false)).isEqualTo(10);
        assertThat(keys.of(c, "tkt_5", 15, 9, false)).isEqualTo(11);
        assertThat(keys.of(c, "tkt_05", 16, 9, false)).isEqualTo(12);
        assertThat(keys.of(c, "tkt_+5", 17, 9, false)).isEqualTo(13);
        assertThat(lookups).isZero();

        keys.forget("tkt_05");
        assertThat(keys.of(c, "tkt_05", 18, 17, false)).isEqualTo(18); // nothing stored: its first event here
        assertThat(keys.of(c, "tkt_5", 19, 17, false)).isEqualTo(11);
        assertThat(lookups).isEqualTo(1);
    }

    @Test
    void of_moreOtherIdsThanTheBoundInOneBatch_everyUncommittedKeyKept() throws SQLException {
        int tickets = TicketKeys.OTHERS + 10;
        for (int i = 0; i < tickets; i++) {
            keys.of(c, "t" + i, 101 + i, 100, true);
        }
        for (int i = 0; i < tickets; i++) {
            assertThat(keys.of(c, "t" + i, 101 + tickets + i, 100, false)).isEqualTo(101 + i);
        }
        assertThat(lookups).isZero();

        long committed = 100 + 2L * tickets; // that batch committed: its keys may go, least recently used first
        keys.of(c, "another", committed + 1, committed, true);
        keys.of(c, "t0", committed + 2, committed, false);
        keys.of(c, "t" + (tickets - 1), committed + 3, committed, false);
        assertThat(lookups).isEqualTo(1);
    }

    @Test
    void clear_afterMintedAndOtherIds_everyTicketLookedUpAgain() throws SQLException {
        keys.of(c, "tkt_5", 10, 9, true);
        keys.of(c, "t1", 11, 9, true);
        stored(10, "tkt_5");
        stored(11, "t1");

        keys.clear();
        assertThat(keys.of(c, "tkt_5", 20, 19, false)).isEqualTo(10);
        assertThat(keys.of(c, "t1", 21, 19, false)).isEqualTo(11);
        assertThat(lookups).isEqualTo(2);
    }

    @Test
    void mintedSeq_theEnginesSpellingOnly() {
        assertThat(TicketKeys.mintedSeq("tkt_0")).isZero();
        assertThat(TicketKeys.mintedSeq("tkt_7")).isEqualTo(7);
        assertThat(TicketKeys.mintedSeq("tkt_999999999999999999")).isEqualTo(999_999_999_999_999_999L);
        for (String other : new String[] {"tkt_", "tkt_07", "tkt_+7", "tkt_-7", "tkt_7a", "tkt_ 7", "TKT_7", "xtkt_7",
            "t7", "tkt_1000000000000000000"}) {
            assertThat(TicketKeys.mintedSeq(other)).as(other).isEqualTo(-1);
        }
    }

    private void stored(long position, String ticketId) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("INSERT INTO ticket_events VALUES (" + position + ", '" + ticketId + "')");
        }
    }
}

package io.switchboard.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The DuckDB writer's own connection, kept between writes with the statements it runs in every
 * transaction (the position's compare-and-set, {@code history_derived}'s move, the
 * {@code ticket_dims} update), each prepared once. Why: DuckDB parses, binds and plans a statement
 * at prepare, about as costly as running these small ones, and a write ran each of them afresh
 * on a new connection (docs/BENCHMARKS.md, branch {@code hist-cpu2}). Only fixed SQL belongs
 * here: SQL built per batch (multi-row INSERTs, {@code IN} lists) would grow the map.
 *
 * <p>Threading: confined to the writer (the store's write lock).
 */
final class WriterStatements implements AutoCloseable {
    /** Runs one DML statement with BIGINT parameters and returns its update count. */
    interface Updates {
        int run(String sql, long... params) throws SQLException;
    }

    private final Connection connection;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    WriterStatements(Connection connection) {
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    /** {@code sql} (fixed text) with {@code params}, prepared at its first use on this connection. */
    int update(String sql, long... params) throws SQLException {
        PreparedStatement ps = prepared.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            prepared.put(sql, ps);
        }
        for (int i = 0; i < params.length; i++) {
            ps.setLong(i + 1, params[i]);
        }
        return ps.executeUpdate();
    }

    /** The same on any connection, prepared and closed here: the writer's path on PostgreSQL. */
    static int updateOnce(Connection c, String sql, long... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setLong(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    /** Closes the statements and the connection; quietly (called after a failure, or at the store's close). */
    @Override
    public void close() {
        for (PreparedStatement ps : prepared.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // the connection goes next; nothing else holds the statement
            }
        }
        prepared.clear();
        try {
            connection.close();
        } catch (SQLException ignored) {
            // already broken: a new one is opened for the next write
        }
    }
}

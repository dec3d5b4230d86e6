package io.switchboard.history;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.duckdb.DuckDBConnection;

/**
 * Opens a {@link HistoryStore}: DuckDB embedded (default) or a shared PostgreSQL. Both create or
 * migrate the schema before returning. Blocking; call at start-up, off the event loop.
 */
public final class HistoryStores {
    /** The DuckDB file's name under the data directory. */
    public static final String DUCKDB_FILE = "history.duckdb";
    /**
     * The WAL size at which DuckDB checkpoints the file (its {@code checkpoint_threshold}; default
     * 16 MiB). A checkpoint runs on the committing thread (the history projection's) and rewrites
     * every table's row groups that took rows since the last one, the partly filled last one
     * included, so its cost is mostly fixed per checkpoint (200-500 ms of CPU with 20k-40k
     * tickets stored) rather than per row: at 16 MiB (about 5,000 tickets, a second at 5k/s) it
     * was 40 % of the writer's CPU; at 64 MB the writer's CPU per ticket, the last checkpoint at
     * close included, was 0.72x (docs/BENCHMARKS.md, branch {@code hist-file}). The price: up to
     * this much WAL on disk, replayed by the next open after a crash, and held in memory until the
     * checkpoint. Durability is unchanged: every commit is in the fsynced WAL.
     */
    static final String CHECKPOINT_THRESHOLD = "64MiB";
    /** The setting that selects PostgreSQL, named in every error about it. */
    public static final String URL_SETTING = "SWITCHBOARD_HISTORY_URL";

    private HistoryStores() {}

    /**
     * Opens (creating when missing) {@code dataDir/history.duckdb}.
     *
     * @throws HistoryOpenException when the file is damaged, not a DuckDB file, newer than this
     *     build or locked by another process; the message names the path and what to do
     */
    public static HistoryStore duckDb(Path dataDir) {
        Path file = dataDir.resolve(DUCKDB_FILE).toAbsolutePath();
        DuckDBConnection root;
        try {
            Files.createDirectories(dataDir);
            root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file, duckDbFileSettings());
        } catch (java.io.IOException | SQLException e) {
            String cause = e.getMessage() == null ? e.toString() : e.getMessage().strip();
            String advice = cause.toLowerCase(java.util.Locale.ROOT).contains("lock")
                    ? "another process holds it (a second server on the same data directory?): stop that one"
                    : "it is damaged or not a DuckDB database: stop the server, move the file aside (mv " + file + " "
                            + file + ".broken) and start again; the server rebuilds the history the journal still holds"
                            + " (tickets whose events the journal no longer has are only in the moved file)";
            throw new HistoryOpenException("history store " + file + " cannot be opened: " + cause + ". " + advice, e);
        }
        try {
            return new JdbcHistoryStore(new DuckDbConnections(root), Dialect.DUCKDB, "duckdb:" + file);
        } catch (RuntimeException e) {
            closeQuietly(root);
            throw e;
        }
    }

    /**
     * An in-memory DuckDB store: for in-memory mode, where nothing survives a restart anyway
     * (archived tickets stay readable while the process runs).
     */
    public static HistoryStore duckDbInMemory() {
        try {
            DuckDBConnection root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:", duckDbSettings());
            return new JdbcHistoryStore(new DuckDbConnections(root), Dialect.DUCKDB, "duckdb:memory");
        } catch (SQLException e) {
            throw new HistoryOpenException("in-memory history store cannot be opened: " + e.getMessage(), e);
        }
    }

    /**
     * Connects to the shared PostgreSQL store with a small pool (the pool reconnects after an
     * outage; the projection only has to retry).
     *
     * @throws HistoryOpenException when the server does not answer or refuses the login; the
     *     message names {@code SWITCHBOARD_HISTORY_URL} and the host
     */
    public static HistoryStore postgres(PostgresTarget target) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(target.jdbcUrl());
        config.setUsername(target.user());
        config.setPassword(target.password());
        config.setPoolName("switchboard-history");
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        // Fail fast: a write that cannot get a connection is retried by the projection anyway.
        config.setConnectionTimeout(2_000);
        config.setValidationTimeout(1_000);
        config.setInitializationFailTimeout(1);
        config.addDataSourceProperty("connectTimeout", "2");
        config.addDataSourceProperty("socketTimeout", "30");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        // One multi-row INSERT per batch instead of a round trip per row.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "switchboard-history");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new HistoryOpenException(URL_SETTING + " names " + target + ", which cannot be reached or refused"
                    + " the login (" + root.getMessage() + "): check that PostgreSQL runs on " + target.host() + ":"
                    + target.port() + ", that database '" + target.database() + "' exists and user '" + target.user()
                    + "' may connect, or unset " + URL_SETTING + " to use the embedded DuckDB store", e);
        }
        try {
            return new JdbcHistoryStore(new ConnectionSource() {
                @Override
                public Connection get() throws SQLException {
                    return pool.getConnection();
                }

                @Override
                public void close() {
                    pool.close();
                }
            }, Dialect.POSTGRESQL, target.toString());
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * preserve_insertion_order off: with it on, DuckDB 1.4.4 (2 threads, this store's mix of
     * appends, small INSERTs and UPDATEs) failed after ~130k events with "BatchedDataCollection::Merge
     * error - batch index 1 is present in both collections" and invalidated the database until a
     * restart. Nothing here relies on physical row order: every read orders by a column, and the
     * appender writes rows in position order either way.
     */
    private static java.util.Properties duckDbSettings() {
        java.util.Properties settings = new java.util.Properties();
        settings.setProperty("preserve_insertion_order", "false");
        return settings;
    }

    /** A DuckDB file's settings: {@link #duckDbSettings} and {@link #CHECKPOINT_THRESHOLD}. */
    static java.util.Properties duckDbFileSettings() {
        java.util.Properties settings = duckDbSettings();
        settings.setProperty("checkpoint_threshold", CHECKPOINT_THRESHOLD);
        return settings;
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // already failing; the first error is the one to report
        }
    }

    /**
     * DuckDB allows one open database per file per process: every caller gets a duplicate of the
     * one root connection (cheap: same database instance, its own transaction state).
     */
    private static final class DuckDbConnections implements ConnectionSource {
        private final DuckDBConnection root;

        DuckDbConnections(DuckDBConnection root) {
            this.root = root;
        }

        @Override
        public synchronized Connection get() throws SQLException {
            if (root.isClosed()) {
                throw new SQLException("history store is closed");
            }
            return root.duplicate();
        }

        @Override
        public synchronized void close() {
            closeQuietly(root);
        }
    }
}

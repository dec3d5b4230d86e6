package io.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The duckdb_jdbc behaviour the DuckDB writer relies on ({@link JdbcHistoryStore#write}): with
 * auto-commit off the driver begins a transaction at the first statement, not before. An
 * Appender flushed before that commits its rows on its own (a WAL flush and an fsync each in a
 * file); flushed after it, its rows are the transaction's and a rollback removes them. If a
 * driver upgrade changes either, this says so before the writer's cost or its garbage handling
 * silently does.
 */
class DuckDbAppenderTransactionTest {
    @TempDir
    Path dir;

    @Test
    void append_afterAStatementWithAutoCommitOff_isRolledBackWithTheTransaction() throws SQLException {
        try (DuckDBConnection c = open()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE marker SET n = n + 1"); // begins the transaction
            }
            append(c, 1);
            c.rollback();
            c.setAutoCommit(true);
            assertThat(count(c)).isZero();
        }
    }

    @Test
    void append_beforeAnyStatementWithAutoCommitOff_commitsOnItsOwn() throws SQLException {
        try (DuckDBConnection c = open()) {
            c.setAutoCommit(false);
            append(c, 1);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE marker SET n = n + 1");
            }
            c.rollback();
            c.setAutoCommit(true);
            assertThat(count(c)).isEqualTo(1);
        }
    }

    private DuckDBConnection open() throws SQLException {
        DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection(
                "jdbc:duckdb:" + dir.resolve("appender.duckdb").toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE rows (position BIGINT PRIMARY KEY)");
            s.execute("CREATE TABLE marker (n INTEGER)");
            s.execute("INSERT INTO marker VALUES (0)");
        }
        return c;
    }

    private static void append(DuckDBConnection c, long position) throws SQLException {
        try (DuckDBAppender appender = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "rows")) {
            appender.beginRow();
            appender.append(position);
            appender.endRow();
            appender.flush();
        }
    }

    private static long count(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM rows")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

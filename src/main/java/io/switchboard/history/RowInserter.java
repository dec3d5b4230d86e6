package io.switchboard.history;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Buffers rows of one table and inserts them with multi-row {@code INSERT ... VALUES (...), (...)}
 * statements, {@value #ROWS_PER_STATEMENT} rows each. Why: DuckDB runs a JDBC batch as one
 * statement per row (about 1 ms each, so a thousand events a second at best), while one statement
 * per few hundred rows is two orders of magnitude faster there and no slower on PostgreSQL; the
 * same SQL serves both backends.
 *
 * <p>Threading: one per write, confined to the writing thread.
 */
final class RowInserter {
    static final int ROWS_PER_STATEMENT = 200;

    private final String table;
    private final int[] sqlTypes;
    private final String suffix;
    private final List<Object[]> rows = new ArrayList<>();

    /** {@code sqlTypes}: the java.sql.Types of the table's columns in order, for typed nulls. */
    RowInserter(String table, int[] sqlTypes, String suffix) {
        this.table = table;
        this.sqlTypes = sqlTypes.clone();
        this.suffix = suffix;
    }

    void add(Object... row) {
        if (row.length != sqlTypes.length) {
            throw new IllegalArgumentException(table + " has " + sqlTypes.length + " columns, not " + row.length);
        }
        rows.add(row);
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /**
     * Appends the rows with DuckDB's Appender: no SQL parsing, no parameter binding, columnar
     * chunks straight into the table, several times faster than the multi-row INSERT there. The
     * rows are part of the connection's transaction only once one is open: with auto-commit off,
     * duckdb_jdbc 1.4 begins it at the first statement, and a flush before that commits on its own
     * (a rollback keeps the rows; {@code DuckDbAppenderTransactionTest}). The DuckDB writer runs a
     * statement first (see {@link JdbcHistoryStore}). The SQL suffix (ON CONFLICT) does not apply here.
     */
    void append(Connection c) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (DuckDBAppender appender = c.unwrap(DuckDBConnection.class).createAppender(DuckDBConnection.DEFAULT_SCHEMA,
                table)) {
            for (Object[] row : rows) {
                appender.beginRow();
                for (Object value : row) {
                    appendValue(appender, value);
                }
                appender.endRow();
            }
            appender.flush();
        }
        rows.clear();
    }

    private static void appendValue(DuckDBAppender appender, Object value) throws SQLException {
        if (value == null) {
            appender.appendNull();
        } else if (value instanceof Long l) {
            appender.append(l.longValue());
        } else if (value instanceof Integer i) {
            appender.append(i.intValue());
        } else if (value instanceof String s) {
            appender.append(s);
        } else if (value instanceof byte[] b) {
            appender.append(b);
        } else if (value instanceof Boolean b) {
            appender.append(b.booleanValue());
        } else if (value instanceof BigDecimal d) {
            appender.append(d);
        } else {
            throw new IllegalArgumentException("cannot append " + value.getClass());
        }
    }

    void insert(Connection c) throws SQLException {
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
            List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT));
            try (PreparedStatement ps = c.prepareStatement(sql(chunk.size()))) {
                int index = 1;
                for (Object[] row : chunk) {
                    for (int col = 0; col < row.length; col++) {
                        bind(ps, index++, row[col], sqlTypes[col]);
                    }
                }
                ps.executeUpdate();
            }
        }
        rows.clear();
    }

    private String sql(int count) {
        String one = "(" + "?,".repeat(sqlTypes.length - 1) + "?)";
        StringBuilder sql = new StringBuilder(32 + count * (one.length() + 1)).append("INSERT INTO ").append(table)
                .append(" VALUES ");
        for (int i = 0; i < count; i++) {
            sql.append(i == 0 ? "" : ",").append(one);
        }
        return sql.append(suffix).toString();
    }

    private static void bind(PreparedStatement ps, int index, Object value, int sqlType) throws SQLException {
        if (value == null) {
            ps.setNull(index, sqlType);
        } else if (value instanceof Long l) {
            ps.setLong(index, l);
        } else if (value instanceof Integer i) {
            ps.setInt(index, i);
        } else if (value instanceof String s) {
            ps.setString(index, s);
        } else if (value instanceof byte[] b) {
            ps.setBytes(index, b);
        } else if (value instanceof Boolean b) {
            ps.setBoolean(index, b);
        } else if (value instanceof BigDecimal d) {
            ps.setBigDecimal(index, d);
        } else {
            throw new IllegalArgumentException("cannot bind " + value.getClass());
        }
    }
}

package io.switchboard.history;

import java.util.Objects;

/**
 * Where a shared PostgreSQL history store lives, parsed from {@code SWITCHBOARD_HISTORY_URL}
 * ({@code postgresql://user:pass@host:port/db}, by {@code app.HistorySettings}). {@code password}
 * may be null (trust or .pgpass); it is kept out of {@link #toString}.
 */
public record PostgresTarget(String host, int port, String database, String user, String password) {
    public PostgresTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + database;
    }

    /** {@code postgresql://host:port/db}: safe for logs and error messages (no credentials). */
    @Override
    public String toString() {
        return "postgresql://" + host + ":" + port + "/" + database;
    }
}

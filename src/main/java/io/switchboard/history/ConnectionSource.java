package io.switchboard.history;

import java.sql.Connection;
import java.sql.SQLException;

/** Hands out connections to one history database; each caller closes what it got. Thread-safe. */
interface ConnectionSource extends AutoCloseable {
    Connection get() throws SQLException;

    @Override
    void close();
}

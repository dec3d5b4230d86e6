package io.switchboard.history;

/** The reports on a real PostgreSQL server: the same SQL, the same figures. */
class PostgresReportsTest extends ReportsContract {
    @Override
    HistoryStore open() {
        return HistoryStores.postgres(PostgresProcess.shared().newDatabase());
    }
}

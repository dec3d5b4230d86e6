package io.switchboard.history;

/** What differs between the two backends' SQL: only the binary column type, on purpose. */
enum Dialect {
    DUCKDB("BLOB"),
    POSTGRESQL("BYTEA");

    final String blob;

    Dialect(String blob) {
        this.blob = blob;
    }
}

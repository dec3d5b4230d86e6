package io.switchboard.history;

import java.util.List;

/**
 * A report's answer: {@code columns} names, then one row per bucket and group in bucket and group
 * order; values are {@code Long} (bucket starts, counts, sums), {@code Double} (means, percentiles,
 * rates; null where there is nothing to measure), {@code String} (dimension values, null when the
 * ticket has none) or {@code java.math.BigDecimal}.
 */
public record ReportTable(List<String> columns, List<List<Object>> rows) {
    public ReportTable {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }
}

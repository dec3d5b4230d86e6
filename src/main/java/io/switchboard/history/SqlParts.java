package io.switchboard.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Pieces every report's SQL shares: bound {@code IN} lists, prepared statements, group-key order. */
final class SqlParts {
    private static final Comparator<String> NULLS_LAST = Comparator.nullsLast(Comparator.naturalOrder());

    private SqlParts() {
    }

    /**
     * {@code column IN (?, ...)} with {@code values} (sorted, so the same filter makes the same
     * statement) appended to {@code args}; an empty set matches nothing ({@code 1 = 0}).
     */
    static String in(String column, Set<String> values, List<String> args) {
        if (values.isEmpty()) {
            return "1 = 0";
        }
        args.addAll(values.stream().sorted().toList());
        return column + " IN (" + "?, ".repeat(values.size() - 1) + "?)";
    }

    /** {@code sql} prepared on {@code c} with {@code args} bound as strings, in order. */
    static PreparedStatement prepare(Connection c, String sql, List<String> args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.size(); i++) {
            ps.setString(i + 1, args.get(i));
        }
        return ps;
    }

    /** Dimension values in order, nulls last (as the reports' {@code ORDER BY ... NULLS LAST}). */
    static int compareKeys(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = NULLS_LAST.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}

package io.switchboard.history;

import io.switchboard.core.event.ArchivedTicket;
import io.switchboard.core.event.ArchivedTicket.ClockOutcome;
import io.switchboard.core.sla.SlaMetric;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Locale;

/** Binds one archived ticket to the {@code archived_tickets} insert; column order as in {@link Schema}. */
final class TicketRow {
    static final String INSERT = "INSERT INTO archived_tickets VALUES (" + "?,".repeat(31) + "?)"
            + " ON CONFLICT (ticket_id) DO NOTHING";

    private TicketRow() {}

    static void bind(PreparedStatement ps, ArchivedTicket t, Long closedAt, long archivedAt, long position,
            byte[] archiveEvent) throws SQLException {
        int i = 1;
        ps.setString(i++, t.id());
        ps.setLong(i++, t.seq());
        ps.setString(i++, wire(t.status()));
        ps.setString(i++, wire(t.draft().channel()));
        ps.setString(i++, wire(t.priority()));
        ps.setString(i++, wire(t.tier()));
        ps.setString(i++, t.draft().customer().id());
        ps.setString(i++, t.draft().type());
        ps.setString(i++, t.queue());
        ps.setString(i++, t.assignee());
        ps.setString(i++, t.team());
        ps.setString(i++, wire(t.minTier()));
        ps.setLong(i++, t.createdAt());
        ps.setLong(i++, t.updatedAt());
        nullableLong(ps, i++, closedAt);
        ps.setLong(i++, archivedAt);
        ps.setLong(i++, position);
        ps.setString(i++, t.createdBy());
        ps.setString(i++, t.slaPolicy());
        for (SlaMetric metric : SlaMetric.values()) {
            ClockOutcome clock = t.clocks().get(metric);
            nullableLong(ps, i++, clock == null ? null : clock.targetMillis());
            nullableLong(ps, i++, clock == null ? null : clock.elapsedMillis());
            if (clock == null) {
                ps.setNull(i++, Types.BOOLEAN);
            } else {
                ps.setBoolean(i++, clock.breached());
            }
            nullableLong(ps, i++, clock == null || !clock.breached() ? null : clock.breachedAt());
        }
        ps.setBytes(i, archiveEvent);
    }

    static String wire(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT);
    }

    private static void nullableLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }
}

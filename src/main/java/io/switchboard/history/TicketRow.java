package io.switchboard.history;

import io.switchboard.core.event.ArchivedTicket;
import io.switchboard.core.event.ArchivedTicket.ClockOutcome;
import io.switchboard.core.sla.SlaMetric;
import java.sql.Types;
import java.util.Locale;

/** One archived ticket as an {@code archived_tickets} row; column order as in {@link Schema}. */
final class TicketRow {
    private static final int[] TYPES = types();
    /** Index of closed_at in {@link #values}. */
    static final int CLOSED_AT = 14;

    private TicketRow() {}

    static RowInserter inserter() {
        return new RowInserter("archived_tickets", TYPES, " ON CONFLICT (ticket_id) DO NOTHING");
    }

    /** closed_at ({@link #CLOSED_AT}) is left null here: the write fills it from the timeline. */
    static Object[] values(ArchivedTicket t, long archivedAt, long position, byte[] archiveEvent) {
        Object[] row = new Object[TYPES.length];
        int i = 0;
        row[i++] = t.id();
        row[i++] = t.seq();
        row[i++] = wire(t.status());
        row[i++] = wire(t.draft().channel());
        row[i++] = wire(t.priority());
        row[i++] = wire(t.tier());
        row[i++] = t.draft().customer().id();
        row[i++] = t.draft().type();
        row[i++] = t.queue();
        row[i++] = t.assignee();
        row[i++] = t.team();
        row[i++] = wire(t.minTier());
        row[i++] = t.createdAt();
        row[i++] = t.updatedAt();
        row[i++] = null; // closed_at
        row[i++] = archivedAt;
        row[i++] = position;
        row[i++] = t.createdBy();
        row[i++] = t.slaPolicy();
        for (SlaMetric metric : SlaMetric.values()) {
            ClockOutcome clock = t.clocks().get(metric);
            row[i++] = clock == null ? null : clock.targetMillis();
            row[i++] = clock == null ? null : clock.elapsedMillis();
            row[i++] = clock == null ? null : clock.breached();
            row[i++] = clock == null || !clock.breached() ? null : clock.breachedAt();
        }
        row[i] = archiveEvent;
        return row;
    }

    static String wire(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT);
    }

    private static int[] types() {
        int v = Types.VARCHAR;
        int b = Types.BIGINT;
        int[] head = {v, b, v, v, v, v, v, v, v, v, v, v, b, b, b, b, b, v, v};
        int[] all = new int[head.length + 4 * SlaMetric.values().length + 1];
        System.arraycopy(head, 0, all, 0, head.length);
        int i = head.length;
        for (int m = 0; m < SlaMetric.values().length; m++) {
            all[i++] = b;
            all[i++] = b;
            all[i++] = Types.BOOLEAN;
            all[i++] = b;
        }
        all[i] = Types.BINARY;
        return all;
    }
}

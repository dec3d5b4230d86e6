package io.switchboard.history;

import java.time.ZoneId;

/**
 * A staffing check (docs/reports.md, "Staffing check") over {@code [from, to)} (epoch millis),
 * per hour of the week in {@code zone}: Erlang C agents needed for {@code share} (0..1) of
 * arrivals answered within {@code targetSeconds} at {@code handleSeconds} per ticket.
 */
public record StaffingQuery(ZoneId zone, long from, long to, double handleSeconds, double targetSeconds,
        double share) {
    public StaffingQuery {
        if (to <= from || !(handleSeconds > 0) || !(targetSeconds >= 0) || !(share > 0 && share < 1)) {
            throw new IllegalArgumentException("a staffing check needs from < to, a positive handle time, a target"
                    + " of 0 or more and a share between 0 and 1");
        }
    }
}

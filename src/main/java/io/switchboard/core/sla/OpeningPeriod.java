package io.switchboard.core.sla;

import java.time.LocalTime;
import java.util.Objects;

/**
 * One opening period within a day: {@code [start, end)} in the local wall-clock time of the
 * calendar's zone (start inclusive, end exclusive).
 *
 * <p>{@code end == LocalTime.MIDNIGHT} means 24:00, the end of the day, so "until midnight" is
 * {@code (start, MIDNIGHT)} and the whole day is {@code (MIDNIGHT, MIDNIGHT)}. {@code LocalTime.MAX}
 * (23:59:59.999999999) is accepted as another spelling of 24:00 and normalised to {@code MIDNIGHT}:
 * taken literally it would leave the calendar closed for one millisecond every night. Otherwise
 * {@code start} must be before {@code end}: a period never wraps past midnight (split it in two,
 * 22:00–24:00 and 00:00–06:00 of the next day).
 *
 * <p>Both times must be whole milliseconds, the resolution the calendar computes in.
 */
public record OpeningPeriod(LocalTime start, LocalTime end) {
    private static final int NANOS_PER_MILLI = 1_000_000;

    public OpeningPeriod {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.equals(LocalTime.MAX)) {
            end = LocalTime.MIDNIGHT;
        }
        if (start.getNano() % NANOS_PER_MILLI != 0 || end.getNano() % NANOS_PER_MILLI != 0) {
            throw new IllegalArgumentException("opening period " + start + "-" + end
                    + " is finer than a millisecond");
        }
        if (!end.equals(LocalTime.MIDNIGHT) && !start.isBefore(end)) {
            throw new IllegalArgumentException("opening period must start before it ends: " + start + "-" + end);
        }
    }
}

package io.switchboard.history;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Cuts a report's range into buckets in a calendar's zone: consecutive {@code [start, end)} epoch
 * millis ranges from {@code from}, each one hour, one local day or seven local days long (so a day
 * bucket across a daylight-saving change is 23 or 25 hours), the last one ending at {@code to}.
 */
public final class ReportBuckets {
    /** More buckets than this make a report too large to be useful (a month of hours is 744). */
    public static final int MAX_BUCKETS = 2_000;

    private ReportBuckets() {}

    public enum Size {
        HOUR, DAY, WEEK;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Size> parse(String wire) {
            for (Size s : values()) {
                if (s.wire().equals(wire)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }

        ZonedDateTime next(ZonedDateTime start) {
            switch (this) {
                case HOUR:
                    return start.plusHours(1);
                case DAY:
                    return start.plusDays(1);
                default:
                    return start.plusWeeks(1);
            }
        }
    }

    /**
     * The buckets; {@code size} null = one bucket for the whole range.
     *
     * @throws IllegalArgumentException when {@code to} is not after {@code from}, or for more than
     *     {@link #MAX_BUCKETS} buckets
     */
    public static List<long[]> cut(ZonedDateTime from, ZonedDateTime to, Size size) {
        long start = from.toInstant().toEpochMilli();
        long end = to.toInstant().toEpochMilli();
        if (end <= start) {
            throw new IllegalArgumentException("to must be after from");
        }
        if (size == null) {
            return List.of(new long[] {start, end});
        }
        List<long[]> buckets = new ArrayList<>();
        ZonedDateTime at = from;
        while (at.toInstant().toEpochMilli() < end) {
            if (buckets.size() == MAX_BUCKETS) {
                throw new IllegalArgumentException("more than " + MAX_BUCKETS + " " + size.wire()
                        + " buckets; choose a larger bucket or a shorter range");
            }
            ZonedDateTime next = size.next(at);
            buckets.add(new long[] {at.toInstant().toEpochMilli(), Math.min(end, next.toInstant().toEpochMilli())});
            at = next;
        }
        return buckets;
    }
}

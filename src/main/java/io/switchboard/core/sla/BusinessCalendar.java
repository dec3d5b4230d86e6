package io.switchboard.core.sla;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Business hours in one time zone: weekly opening periods in local wall-clock time, minus holidays,
 * and the arithmetic an SLA needs on them ("when are 4 business hours up?", "how much business time
 * has passed?"). All instants are epoch milliseconds; the calendar never reads a clock.
 *
 * <p>Local time to instants. Each local day {@code d} of the zone owns the instants
 * {@code [ZonedDateTime.of(d, 00:00), ZonedDateTime.of(d + 1, 00:00))}. A period of that day becomes
 * the instants {@code [ZonedDateTime.of(d, start), ZonedDateTime.of(d, end))}, with an end of 24:00
 * taken as the next day's 00:00, clipped to the day it belongs to. So the rules of
 * {@link ZonedDateTime#of} apply: a time that falls into a DST gap is shifted forward by the length
 * of the gap, a time in a DST overlap takes the earlier offset. Periods therefore keep their real
 * length on a DST-change day (00:00–24:00 lasts 23 h on a spring-forward day and 25 h on a
 * fall-back day), 09:00 stays 09:00 in the new offset, and a day the zone skips entirely has no open
 * time. Consecutive periods (…–24:00 and 00:00–… of the next day) join without a closed instant.
 *
 * <p>Cost. A day far (two days or more) from any offset transition is converted with one fixed
 * offset, and runs of whole holiday-free weeks in such stretches are skipped in one step: a target
 * of a few days costs well under a microsecond (about one next to a DST change, where each day goes
 * through the zone rules), and long spans cost one step per offset transition or holiday. A calendar open at every instant (every day 00:00–24:00, no holidays) is
 * plain addition and subtraction with no zone math at all.
 *
 * <p>Threading: immutable apart from a cache of the offset currently in force, which holds
 * immutable values; safe to share between threads.
 */
public final class BusinessCalendar {
    private static final long DAY_MS = 86_400_000L;
    private static final long WEEK_MS = 7 * DAY_MS;
    /** How far {@link #addBusinessMillis} searches: about ten years of calendar days. */
    private static final long MAX_SEARCH_DAYS = 3660;
    /**
     * A day whose bounds lie at least this far from every offset transition is converted with the
     * one offset in force. It exceeds the largest possible offset difference (36 h), so no other
     * offset can be valid for any of the day's local times and ZonedDateTime.of would agree.
     */
    private static final long MARGIN_MS = 2 * DAY_MS;
    private static final List<OpeningPeriod> WHOLE_DAY =
            List.of(new OpeningPeriod(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT));

    private final String name;
    private final ZoneId zone;
    private final ZoneRules rules;
    /** Per {@link DayOfWeek#ordinal()}: the day's periods, ascending and disjoint. */
    private final OpeningPeriod[][] periods;
    /** The same periods as millis of the day, {@code [start0, end0, start1, end1, …]}; 24:00 = DAY_MS. */
    private final long[][] periodMillis;
    /** Holidays as epoch days, ascending. */
    private final long[] holidays;
    /** Open time of a week without holidays or offset transitions; always positive. */
    private final long weekOpenMillis;
    private final int maxPeriodsPerDay;
    private final boolean alwaysOpen;
    /** The offset in force around the most recent computation; never null. */
    private volatile OffsetSpan span;

    /** Open all the time (24x7) in the given zone. */
    public static BusinessCalendar alwaysOpen(String name, ZoneId zone) {
        Map<DayOfWeek, List<OpeningPeriod>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            week.put(day, WHOLE_DAY);
        }
        return new BusinessCalendar(name, zone, week, Set.of());
    }

    /**
     * Open in the weekly periods (several per day allowed, e.g. around a lunch break; a day missing
     * from {@code week} is closed), closed all day on {@code holidays} (local dates of the zone).
     * Periods of one day may touch (12:00–13:00 and 13:00–14:00) but not overlap.
     *
     * @throws IllegalArgumentException if no day has any period, or periods of one day overlap
     */
    public BusinessCalendar(String name, ZoneId zone, Map<DayOfWeek, List<OpeningPeriod>> week,
            Set<LocalDate> holidays) {
        this.name = Objects.requireNonNull(name, "name");
        this.zone = Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(week, "week");
        Objects.requireNonNull(holidays, "holidays");
        this.rules = zone.getRules();
        this.periods = new OpeningPeriod[7][];
        this.periodMillis = new long[7][];
        long weekOpen = 0;
        int maxPeriods = 1;
        boolean everyDayWhole = true;
        for (DayOfWeek day : DayOfWeek.values()) {
            List<OpeningPeriod> list = Objects.requireNonNull(week.getOrDefault(day, List.of()), day.name());
            OpeningPeriod[] sorted = list.toArray(new OpeningPeriod[0]);
            for (OpeningPeriod period : sorted) {
                Objects.requireNonNull(period, day.name());
            }
            Arrays.sort(sorted, Comparator.comparing(OpeningPeriod::start));
            long[] millis = new long[2 * sorted.length];
            boolean whole = sorted.length > 0;
            for (int i = 0; i < sorted.length; i++) {
                millis[2 * i] = sorted[i].start().toNanoOfDay() / 1_000_000;
                millis[2 * i + 1] = sorted[i].end().equals(LocalTime.MIDNIGHT)
                        ? DAY_MS : sorted[i].end().toNanoOfDay() / 1_000_000;
                long previousEnd = i == 0 ? 0 : millis[2 * i - 1];
                if (i > 0 && millis[2 * i] < previousEnd) {
                    throw new IllegalArgumentException(
                            "opening periods of " + day + " overlap: " + sorted[i - 1] + " and " + sorted[i]);
                }
                whole &= millis[2 * i] == previousEnd;
                weekOpen += millis[2 * i + 1] - millis[2 * i];
            }
            everyDayWhole &= whole && millis[millis.length - 1] == DAY_MS;
            periods[day.ordinal()] = sorted;
            periodMillis[day.ordinal()] = millis;
            maxPeriods = Math.max(maxPeriods, sorted.length);
        }
        if (weekOpen == 0) {
            throw new IllegalArgumentException("calendar " + name + " has no opening period");
        }
        this.holidays = holidays.stream().mapToLong(LocalDate::toEpochDay).sorted().toArray();
        this.weekOpenMillis = weekOpen;
        this.maxPeriodsPerDay = maxPeriods;
        this.alwaysOpen = everyDayWhole && this.holidays.length == 0;
        this.span = lookUpSpan(0);
    }

    public String name() {
        return name;
    }

    public ZoneId zone() {
        return zone;
    }

    /** True if open at every instant: every day 00:00–24:00 and no holidays. */
    public boolean isAlwaysOpen() {
        return alwaysOpen;
    }

    /**
     * The instant at which {@code businessMillis} of open time have elapsed after
     * {@code startEpochMillis}. If the start is outside open hours, counting starts at the next
     * opening; {@code businessMillis == 0} therefore returns the start itself if open, else the next
     * opening. Time that runs out exactly at a closing returns that closing instant (a 09:00–17:00
     * day: 09:00 + 8 h is 17:00 the same day, not 09:00 the next).
     *
     * @throws IllegalArgumentException if {@code businessMillis < 0}
     * @throws IllegalStateException if the open time is not found within about ten years (3660 days)
     *     of the start, which only a misconfigured calendar or target produces
     */
    public long addBusinessMillis(long startEpochMillis, long businessMillis) {
        if (businessMillis < 0) {
            throw new IllegalArgumentException("businessMillis must be >= 0: " + businessMillis);
        }
        if (alwaysOpen) {
            try {
                return Math.addExact(startEpochMillis, businessMillis);
            } catch (ArithmeticException overflow) {
                throw new IllegalStateException("due instant beyond the epoch-millis range", overflow);
            }
        }
        Day day = dayOf(startEpochMillis);
        long lastDay = day.epochDay + MAX_SEARCH_DAYS;
        long remaining = businessMillis;
        while (true) {
            for (int i = 0; i < day.count; i++) {
                long from = Math.max(day.windows[2 * i], startEpochMillis);
                long until = day.windows[2 * i + 1];
                if (until <= from) {
                    continue;
                }
                if (remaining <= until - from) {
                    return from + remaining;
                }
                remaining -= until - from;
            }
            long next = day.epochDay + 1;
            if (next > lastDay) {
                throw new IllegalStateException("calendar " + name + " has less than " + businessMillis
                        + " ms of open time in the " + MAX_SEARCH_DAYS + " days after " + startEpochMillis);
            }
            // Keep at least 1 ms to find in a real window, so a due instant at a closing is returned as such.
            long weeks = Math.min(day.skippableWeeks(),
                    Math.min((remaining - 1) / weekOpenMillis, (lastDay - next) / 7));
            remaining -= weeks * weekOpenMillis;
            day.load(next + 7 * weeks);
        }
    }

    /** Open time (millis) in {@code [from, to)}; 0 if {@code to <= from}. */
    public long businessMillisBetween(long fromEpochMillis, long toEpochMillis) {
        if (toEpochMillis <= fromEpochMillis) {
            return 0;
        }
        if (alwaysOpen) {
            return toEpochMillis - fromEpochMillis;
        }
        Day day = dayOf(fromEpochMillis);
        long total = 0;
        while (true) {
            for (int i = 0; i < day.count; i++) {
                long from = Math.max(day.windows[2 * i], fromEpochMillis);
                long until = Math.min(day.windows[2 * i + 1], toEpochMillis);
                if (until > from) {
                    total += until - from;
                }
            }
            if (day.end >= toEpochMillis) {
                return total;
            }
            long weeks = Math.min(day.skippableWeeks(), (toEpochMillis - day.end) / WEEK_MS);
            total += weeks * weekOpenMillis;
            day.load(day.epochDay + 1 + 7 * weeks);
        }
    }

    /** True if the instant lies in an open period (start inclusive, end exclusive). */
    public boolean isOpen(long epochMillis) {
        if (alwaysOpen) {
            return true;
        }
        Day day = dayOf(epochMillis);
        for (int i = 0; i < day.count; i++) {
            if (day.windows[2 * i] <= epochMillis && epochMillis < day.windows[2 * i + 1]) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- internals

    /** The local day that owns {@code instant}, loaded. */
    private Day dayOf(long instant) {
        Day day = new Day();
        day.load(Math.floorDiv(instant + spanAt(instant).offsetMillis(), DAY_MS));
        // Only a transition across local midnight can make the owner differ from the local date.
        while (instant < day.start) {
            day.load(day.epochDay - 1);
        }
        while (instant >= day.end) {
            day.load(day.epochDay + 1);
        }
        return day;
    }

    private OffsetSpan spanAt(long instant) {
        OffsetSpan current = span;
        if (instant >= current.from() && instant < current.until()) {
            return current;
        }
        OffsetSpan found = lookUpSpan(instant);
        span = found;
        return found;
    }

    private OffsetSpan lookUpSpan(long instant) {
        Instant at = Instant.ofEpochMilli(instant);
        ZoneOffsetTransition previous = rules.previousTransition(at.plusMillis(1));
        ZoneOffsetTransition next = rules.nextTransition(at);
        return new OffsetSpan(
                previous == null ? Long.MIN_VALUE : previous.toEpochSecond() * 1000,
                next == null ? Long.MAX_VALUE : next.toEpochSecond() * 1000,
                rules.getOffset(at).getTotalSeconds() * 1000L);
    }

    private boolean isHoliday(long epochDay) {
        return holidays.length > 0 && Arrays.binarySearch(holidays, epochDay) >= 0;
    }

    private long toEpochMillis(LocalDate date, LocalTime time) {
        return ZonedDateTime.of(date, time, zone).toInstant().toEpochMilli();
    }

    /** Monday = 0, the index of {@link DayOfWeek#ordinal()}; epoch day 0 (1970-01-01) was a Thursday. */
    private static int dayOfWeekIndex(long epochDay) {
        return (int) Math.floorMod(epochDay + 3, 7L);
    }

    /** A UTC offset and the instants {@code [from, until)} between two transitions where it is in force. */
    private record OffsetSpan(long from, long until, long offsetMillis) {}

    /**
     * One local day being walked: the instants it owns, {@code [start, end)}, and its open windows,
     * ascending and disjoint, as {@code [start0, end0, start1, end1, …]}. One per call, reloaded day
     * by day, so a walk allocates nothing per day.
     */
    private final class Day {
        long epochDay;
        long start;
        long end;
        int count;
        final long[] windows = new long[2 * maxPeriodsPerDay];

        void load(long day) {
            epochDay = day;
            long localMidnight = day * DAY_MS;
            OffsetSpan around = spanAt(localMidnight - span.offsetMillis());
            long midnight = localMidnight - around.offsetMillis();
            if (isUniform(around, midnight, 1)) {
                loadUniform(midnight);
            } else {
                loadWithZoneRules();
            }
        }

        /**
         * Whole weeks that may be jumped from the day after this one: each of their days is uniform
         * (see {@link #isUniform}) and not a holiday, so each week holds exactly {@code weekOpenMillis}.
         * The jump starts at this day's end.
         */
        long skippableWeeks() {
            long first = epochDay + 1;
            OffsetSpan around = span;
            long midnight = first * DAY_MS - around.offsetMillis();
            if (!isUniform(around, midnight, 7)) {
                return 0;
            }
            long bySpan = around.until() == Long.MAX_VALUE
                    ? Long.MAX_VALUE : (around.until() - MARGIN_MS - midnight) / WEEK_MS;
            int index = Arrays.binarySearch(holidays, first);
            if (index >= 0) {
                return 0;
            }
            index = -index - 1;
            long byHolidays = index < holidays.length ? (holidays[index] - first) / 7 : Long.MAX_VALUE;
            return Math.min(bySpan, byHolidays);
        }

        /** True if {@code days} local days from {@code midnight} lie MARGIN_MS inside the span. */
        private boolean isUniform(OffsetSpan around, long midnight, int days) {
            return midnight >= around.from() + MARGIN_MS && midnight + days * DAY_MS <= around.until() - MARGIN_MS;
        }

        private void loadUniform(long midnight) {
            start = midnight;
            end = midnight + DAY_MS;
            count = 0;
            if (isHoliday(epochDay)) {
                return;
            }
            long[] millis = periodMillis[dayOfWeekIndex(epochDay)];
            for (int i = 0; i < millis.length; i++) {
                windows[i] = midnight + millis[i];
            }
            count = millis.length / 2;
        }

        /** The general conversion near an offset transition: ZonedDateTime.of, clip to the day, merge. */
        private void loadWithZoneRules() {
            LocalDate date = LocalDate.ofEpochDay(epochDay);
            start = toEpochMillis(date, LocalTime.MIDNIGHT);
            end = toEpochMillis(date.plusDays(1), LocalTime.MIDNIGHT);
            count = 0;
            if (isHoliday(epochDay)) {
                return;
            }
            for (OpeningPeriod period : periods[dayOfWeekIndex(epochDay)]) {
                long from = Math.max(start, toEpochMillis(date, period.start()));
                long until = period.end().equals(LocalTime.MIDNIGHT)
                        ? end : Math.min(end, toEpochMillis(date, period.end()));
                if (until > from) {
                    insertWindow(from, until);
                }
            }
        }

        /**
         * Adds a window keeping the list ascending and disjoint. Needed because shifting out of a gap
         * can move a period past a later one (02:30 becomes 03:30, after a period starting at 03:00).
         */
        private void insertWindow(long from, long until) {
            int i = count;
            while (i > 0 && windows[2 * (i - 1)] > from) {
                windows[2 * i] = windows[2 * (i - 1)];
                windows[2 * i + 1] = windows[2 * (i - 1) + 1];
                i--;
            }
            windows[2 * i] = from;
            windows[2 * i + 1] = until;
            count++;
            int merged = 0;
            for (int j = 1; j < count; j++) {
                if (windows[2 * j] <= windows[2 * merged + 1]) {
                    windows[2 * merged + 1] = Math.max(windows[2 * merged + 1], windows[2 * j + 1]);
                } else {
                    merged++;
                    windows[2 * merged] = windows[2 * j];
                    windows[2 * merged + 1] = windows[2 * j + 1];
                }
            }
            count = merged + 1;
        }
    }
}

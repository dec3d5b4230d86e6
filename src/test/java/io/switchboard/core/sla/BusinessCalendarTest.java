package io.switchboard.core.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Business-hours arithmetic: exact due instants, DST, 24:00, holidays, and a naive reference model. */
class BusinessCalendarTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Set<DayOfWeek> WEEKDAYS = Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY,
            DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
    private static final Set<DayOfWeek> EVERY_DAY = Set.of(DayOfWeek.values());

    /** Mon–Fri 09:00–12:00 and 13:00–18:00, closed for National Day 2026-10-01..07. */
    private static final Spec SHANGHAI_OFFICE = new Spec("shanghai-office", SHANGHAI,
            week(WEEKDAYS, period("09:00", "12:00"), period("13:00", "18:00")),
            dates(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 7)));
    /** Every day 09:00–17:00. */
    private static final Spec NEW_YORK_DAILY = new Spec("ny-daily", NEW_YORK,
            week(EVERY_DAY, period("09:00", "17:00")), Set.of());
    /** Every day 00:00–24:00, but a far-away holiday keeps it off the always-open shortcut. */
    private static final Spec NEW_YORK_ROUND_THE_CLOCK = new Spec("ny-24h", NEW_YORK,
            week(EVERY_DAY, period("00:00", "24:00")), Set.of(LocalDate.of(2040, 1, 2)));

    // ---------------------------------------------------------------- helpers

    private record Spec(String name, ZoneId zone, Map<DayOfWeek, List<OpeningPeriod>> week, Set<LocalDate> holidays) {
        BusinessCalendar calendar() {
            return new BusinessCalendar(name, zone, week, holidays);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** "24:00" is written as LocalTime.MIDNIGHT, the calendar's spelling of the end of the day. */
    private static OpeningPeriod period(String start, String end) {
        return new OpeningPeriod(LocalTime.parse(start), end.equals("24:00") ? LocalTime.MIDNIGHT : LocalTime.parse(end));
    }

    private static Named<BusinessCalendar> named(Spec spec) {
        return Named.of(spec.name(), spec.calendar());
    }

    private static Map<DayOfWeek, List<OpeningPeriod>> week(Set<DayOfWeek> days, OpeningPeriod... periods) {
        Map<DayOfWeek, List<OpeningPeriod>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : days) {
            week.put(day, List.of(periods));
        }
        return week;
    }

    private static Set<LocalDate> dates(LocalDate first, LocalDate last) {
        Set<LocalDate> dates = new HashSet<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            dates.add(d);
        }
        return dates;
    }

    private static long at(String isoWithOffset) {
        return OffsetDateTime.parse(isoWithOffset).toInstant().toEpochMilli();
    }

    /** The instant as seen in the zone, so a failure reads like the expected ISO string. */
    private static OffsetDateTime local(long epochMillis, ZoneId zone) {
        return Instant.ofEpochMilli(epochMillis).atZone(zone).toOffsetDateTime();
    }

    /** Compares as text, so the expected string's offset is checked too (AssertJ compares OffsetDateTime on the timeline). */
    private static void assertLocal(long epochMillis, ZoneId zone, String expected) {
        assertThat(local(epochMillis, zone).toString()).isEqualTo(OffsetDateTime.parse(expected).toString());
    }

    private static long millis(String isoDuration) {
        return Duration.parse(isoDuration).toMillis();
    }

    // ---------------------------------------------------------------- addBusinessMillis: exact cases

    static Stream<Arguments> dueCases() {
        Named<BusinessCalendar> office = named(SHANGHAI_OFFICE);
        Named<BusinessCalendar> daily = named(NEW_YORK_DAILY);
        Named<BusinessCalendar> roundTheClock = named(NEW_YORK_ROUND_THE_CLOCK);
        Named<BusinessCalendar> alwaysOpen = Named.of("ny-always", BusinessCalendar.alwaysOpen("ny-always", NEW_YORK));
        return Stream.of(
                // Shanghai office hours with a lunch break and National Day.
                Arguments.of(office, "2026-03-09T10:00+08:00", "PT1H", "2026-03-09T11:00+08:00"),
                Arguments.of(office, "2026-03-09T11:30+08:00", "PT1H", "2026-03-09T13:30+08:00"),
                Arguments.of(office, "2026-03-09T17:30+08:00", "PT1H", "2026-03-10T09:30+08:00"),
                Arguments.of(office, "2026-03-13T17:00+08:00", "PT2H", "2026-03-16T10:00+08:00"),
                Arguments.of(office, "2026-09-30T17:30+08:00", "PT1H", "2026-10-08T09:30+08:00"),
                Arguments.of(office, "2026-03-14T10:00+08:00", "PT30M", "2026-03-16T09:30+08:00"),
                Arguments.of(office, "2026-03-09T12:30+08:00", "PT0S", "2026-03-09T13:00+08:00"),
                Arguments.of(office, "2026-03-09T10:15+08:00", "PT0S", "2026-03-09T10:15+08:00"),
                Arguments.of(office, "2026-03-09T18:00+08:00", "PT0S", "2026-03-10T09:00+08:00"),
                Arguments.of(office, "2026-03-09T09:00+08:00", "PT8H", "2026-03-09T18:00+08:00"),
                Arguments.of(office, "2026-03-09T09:00+08:00", "PT80H", "2026-03-20T18:00+08:00"),
                Arguments.of(office, "2026-09-28T09:00+08:00", "PT40H", "2026-10-09T18:00+08:00"),
                // New York 24 h: a spring-forward day has 23 real hours, a fall-back day 25.
                Arguments.of(roundTheClock, "2026-03-07T22:00-05:00", "PT5H", "2026-03-08T04:00-04:00"),
                Arguments.of(roundTheClock, "2026-11-01T00:30-04:00", "PT2H", "2026-11-01T01:30-05:00"),
                Arguments.of(roundTheClock, "2026-03-08T00:00-05:00", "PT23H", "2026-03-09T00:00-04:00"),
                Arguments.of(alwaysOpen, "2026-03-07T22:00-05:00", "PT5H", "2026-03-08T04:00-04:00"),
                Arguments.of(alwaysOpen, "2026-11-01T00:30-04:00", "PT2H", "2026-11-01T01:30-05:00"),
                // New York 09:00–17:00 every day: 09:00 is honoured in the new offset.
                Arguments.of(daily, "2026-03-06T16:00-05:00", "PT2H", "2026-03-07T10:00-05:00"),
                Arguments.of(daily, "2026-03-07T16:30-05:00", "PT1H", "2026-03-08T09:30-04:00"),
                Arguments.of(daily, "2026-03-07T09:00-05:00", "PT16H", "2026-03-08T17:00-04:00"),
                Arguments.of(daily, "2026-10-31T16:30-04:00", "PT1H", "2026-11-01T09:30-05:00"),
                Arguments.of(daily, "2026-03-08T03:00-04:00", "PT0S", "2026-03-08T09:00-04:00"));
    }

    @ParameterizedTest(name = "{0}: {1} + {2} = {3}")
    @MethodSource("dueCases")
    void addBusinessMillis_tableOfCases_exactDueInstant(BusinessCalendar calendar, String start, String duration,
            String expected) {
        long due = calendar.addBusinessMillis(at(start), millis(duration));

        assertLocal(due, calendar.zone(), expected);
        assertThat(calendar.businessMillisBetween(at(start), due)).isEqualTo(millis(duration));
    }

    @Test
    void addBusinessMillis_negativeDuration_throws() {
        assertThatThrownBy(() -> SHANGHAI_OFFICE.calendar().addBusinessMillis(0, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addBusinessMillis_notEnoughOpenTimeInTenYears_throwsIllegalState() {
        // One minute a week: the 500th opening is the Monday 2026-03-16 + 499 weeks; 600 weeks exceed ten years.
        BusinessCalendar rarelyOpen = new BusinessCalendar("rare", SHANGHAI,
                Map.of(DayOfWeek.MONDAY, List.of(period("09:00", "09:01"))), Set.of());
        long start = at("2026-03-09T10:00+08:00");

        long due = rarelyOpen.addBusinessMillis(start, millis("PT500M"));

        assertLocal(due, SHANGHAI, "2035-10-08T09:01+08:00");
        assertThat(rarelyOpen.businessMillisBetween(start, due)).isEqualTo(millis("PT500M"));
        assertThatThrownBy(() -> rarelyOpen.addBusinessMillis(start, millis("PT600M")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void addBusinessMillis_acrossMidnightIntoTheNextDaysPeriod_continuesWithoutGap() {
        BusinessCalendar nightShift = new BusinessCalendar("night", SHANGHAI, Map.of(
                DayOfWeek.MONDAY, List.of(period("20:00", "24:00")),
                DayOfWeek.TUESDAY, List.of(period("00:00", "04:00"))), Set.of());

        long due = nightShift.addBusinessMillis(at("2026-03-09T23:00+08:00"), millis("PT2H"));

        assertLocal(due, SHANGHAI, "2026-03-10T01:00+08:00");
        assertThat(nightShift.isOpen(at("2026-03-09T23:59:59.999+08:00"))).isTrue();
        assertThat(nightShift.isOpen(at("2026-03-10T00:00+08:00"))).isTrue();
        assertThat(nightShift.businessMillisBetween(at("2026-03-09T00:00+08:00"), at("2026-03-11T00:00+08:00")))
                .isEqualTo(millis("PT8H"));
    }

    // ---------------------------------------------------------------- businessMillisBetween

    static Stream<Arguments> betweenCases() {
        Named<BusinessCalendar> office = named(SHANGHAI_OFFICE);
        Named<BusinessCalendar> roundTheClock = named(NEW_YORK_ROUND_THE_CLOCK);
        return Stream.of(
                Arguments.of(office, "2026-03-09T11:00+08:00", "2026-03-09T14:00+08:00", "PT2H"),
                Arguments.of(office, "2026-03-09T17:00+08:00", "2026-03-10T10:00+08:00", "PT2H"),
                Arguments.of(office, "2026-03-13T17:00+08:00", "2026-03-16T10:00+08:00", "PT2H"),
                Arguments.of(office, "2026-09-30T17:00+08:00", "2026-10-08T10:00+08:00", "PT2H"),
                Arguments.of(office, "2026-03-14T00:00+08:00", "2026-03-15T23:59+08:00", "PT0S"),
                Arguments.of(office, "2026-03-09T00:00+08:00", "2026-03-16T00:00+08:00", "PT40H"),
                Arguments.of(office, "2026-03-09T14:00+08:00", "2026-03-09T11:00+08:00", "PT0S"),
                Arguments.of(office, "2026-03-09T10:00+08:00", "2026-03-09T10:00+08:00", "PT0S"),
                Arguments.of(roundTheClock, "2026-03-08T00:00-05:00", "2026-03-09T00:00-04:00", "PT23H"),
                Arguments.of(roundTheClock, "2026-11-01T00:00-04:00", "2026-11-02T00:00-05:00", "PT25H"));
    }

    @ParameterizedTest(name = "{0}: [{1}, {2}) = {3}")
    @MethodSource("betweenCases")
    void businessMillisBetween_tableOfCases_openTimeOnly(BusinessCalendar calendar, String from, String to,
            String expected) {
        assertThat(calendar.businessMillisBetween(at(from), at(to))).isEqualTo(millis(expected));
    }

    @Test
    void businessMillisBetween_overTwoYears_matchesDayByDayReference() {
        long from = at("2025-06-03T10:17+08:00");
        long to = at("2027-08-19T15:42:07.123+08:00");

        for (Spec spec : List.of(SHANGHAI_OFFICE, NEW_YORK_DAILY, NEW_YORK_ROUND_THE_CLOCK)) {
            assertThat(spec.calendar().businessMillisBetween(from, to))
                    .as(spec.name())
                    .isEqualTo(new Reference(spec, from - 3 * 86_400_000L, to + 3 * 86_400_000L).between(from, to));
        }
    }

    // ---------------------------------------------------------------- DST corner cases

    @Test
    void periodStartingInSpringForwardGap_shiftsForwardByTheGap() {
        // Sundays 02:30–04:00; on 2026-03-08 02:30 does not exist and becomes 03:30 EDT.
        BusinessCalendar early = new BusinessCalendar("early", NEW_YORK,
                Map.of(DayOfWeek.SUNDAY, List.of(period("02:30", "04:00"))), Set.of());

        assertThat(early.isOpen(at("2026-03-08T03:15-04:00"))).isFalse();
        assertThat(early.isOpen(at("2026-03-08T03:30-04:00"))).isTrue();
        assertThat(early.isOpen(at("2026-03-08T04:00-04:00"))).isFalse();
        assertThat(early.businessMillisBetween(at("2026-03-08T00:00-05:00"), at("2026-03-09T00:00-04:00")))
                .isEqualTo(millis("PT30M"));
        assertThat(early.businessMillisBetween(at("2026-03-15T00:00-04:00"), at("2026-03-16T00:00-04:00")))
                .isEqualTo(millis("PT1H30M"));
    }

    @Test
    void periodShiftedPastALaterPeriod_countsTheUnionOnce() {
        // 02:30–02:45 shifts to 03:30–03:45 EDT, inside 03:00–05:00: the day holds 2 h, not 2 h 15 min.
        BusinessCalendar split = new BusinessCalendar("split", NEW_YORK,
                Map.of(DayOfWeek.SUNDAY, List.of(period("02:30", "02:45"), period("03:00", "05:00"))), Set.of());

        assertThat(split.businessMillisBetween(at("2026-03-08T00:00-05:00"), at("2026-03-09T00:00-04:00")))
                .isEqualTo(millis("PT2H"));
        assertThat(split.isOpen(at("2026-03-08T03:10-04:00"))).isTrue();
        assertLocal(split.addBusinessMillis(at("2026-03-08T00:00-05:00"), millis("PT1H")), NEW_YORK, "2026-03-08T04:00-04:00");
    }

    @Test
    void periodInFallBackOverlap_usesTheEarlierOffsetOnly() {
        BusinessCalendar early = new BusinessCalendar("early", NEW_YORK,
                Map.of(DayOfWeek.SUNDAY, List.of(period("01:00", "01:30"))), Set.of());

        assertThat(early.isOpen(at("2026-11-01T01:15-04:00"))).isTrue();
        assertThat(early.isOpen(at("2026-11-01T01:15-05:00"))).isFalse();
        assertThat(early.businessMillisBetween(at("2026-11-01T00:00-04:00"), at("2026-11-02T00:00-05:00")))
                .isEqualTo(millis("PT30M"));
    }

    @Test
    void transitionAtLocalMidnight_dayKeepsItsRealLength() {
        // Chile falls back at Sunday 00:00 to Saturday 23:00 and springs forward at Sunday 00:00 to 01:00.
        ZoneId santiago = ZoneId.of("America/Santiago");
        BusinessCalendar calendar = new BusinessCalendar("cl", santiago,
                week(EVERY_DAY, period("00:00", "24:00")), Set.of(LocalDate.of(2040, 1, 2)));
        LocalDate fallBackEve = LocalDate.of(2026, 4, 4);
        LocalDate springForward = LocalDate.of(2026, 9, 6);

        assertThat(calendar.businessMillisBetween(startOf(fallBackEve, santiago), startOf(fallBackEve.plusDays(1), santiago)))
                .isEqualTo(millis("PT25H"));
        assertThat(calendar.businessMillisBetween(startOf(springForward, santiago), startOf(springForward.plusDays(1), santiago)))
                .isEqualTo(millis("PT23H"));
        assertThat(calendar.isOpen(startOf(springForward, santiago) - 1)).isTrue();
    }

    @Test
    void skippedLocalDate_hasNoOpenTime() {
        // Samoa skipped Friday 2011-12-30 when it moved across the date line.
        ZoneId apia = ZoneId.of("Pacific/Apia");
        BusinessCalendar calendar = new BusinessCalendar("ws", apia, week(WEEKDAYS, period("09:00", "17:00")), Set.of());

        long thursdayNoon = ZonedDateTime.of(2011, 12, 29, 12, 0, 0, 0, apia).toInstant().toEpochMilli();
        long due = calendar.addBusinessMillis(thursdayNoon, millis("PT6H"));

        assertThat(Instant.ofEpochMilli(due).atZone(apia).toLocalDateTime())
                .isEqualTo(LocalDate.of(2012, 1, 2).atTime(10, 0));
    }

    private static long startOf(LocalDate date, ZoneId zone) {
        return ZonedDateTime.of(date, LocalTime.MIDNIGHT, zone).toInstant().toEpochMilli();
    }

    // ---------------------------------------------------------------- isOpen

    @Test
    void isOpen_atPeriodBoundaries_startInclusiveEndExclusive() {
        BusinessCalendar office = SHANGHAI_OFFICE.calendar();

        assertThat(office.isOpen(at("2026-03-09T08:59:59.999+08:00"))).isFalse();
        assertThat(office.isOpen(at("2026-03-09T09:00+08:00"))).isTrue();
        assertThat(office.isOpen(at("2026-03-09T11:59:59.999+08:00"))).isTrue();
        assertThat(office.isOpen(at("2026-03-09T12:00+08:00"))).isFalse();
        assertThat(office.isOpen(at("2026-03-09T13:00+08:00"))).isTrue();
        assertThat(office.isOpen(at("2026-03-09T17:59:59.999+08:00"))).isTrue();
        assertThat(office.isOpen(at("2026-03-09T18:00+08:00"))).isFalse();
        assertThat(office.isOpen(at("2026-03-14T10:00+08:00"))).isFalse();
        assertThat(office.isOpen(at("2026-10-01T10:00+08:00"))).isFalse();
        assertThat(office.isOpen(at("2026-10-08T10:00+08:00"))).isTrue();
    }

    @Test
    void touchingPeriods_areOpenAcrossTheJoin() {
        BusinessCalendar calendar = new BusinessCalendar("touching", SHANGHAI,
                week(WEEKDAYS, period("09:00", "12:00"), period("12:00", "13:00")), Set.of());

        assertThat(calendar.isOpen(at("2026-03-09T12:00+08:00"))).isTrue();
        assertThat(calendar.businessMillisBetween(at("2026-03-09T00:00+08:00"), at("2026-03-10T00:00+08:00")))
                .isEqualTo(millis("PT4H"));
    }

    // ---------------------------------------------------------------- always open

    @Test
    void alwaysOpen_arithmetic_plainAdditionAndDifference() {
        BusinessCalendar calendar = BusinessCalendar.alwaysOpen("24x7", SHANGHAI);
        long start = at("2026-03-14T03:17:45.5+08:00");

        assertThat(calendar.isAlwaysOpen()).isTrue();
        assertThat(calendar.name()).isEqualTo("24x7");
        assertThat(calendar.zone()).isEqualTo(SHANGHAI);
        assertThat(calendar.addBusinessMillis(start, 123_456_789L)).isEqualTo(start + 123_456_789L);
        assertThat(calendar.addBusinessMillis(start, 0)).isEqualTo(start);
        assertThat(calendar.businessMillisBetween(start, start + 987_654_321L)).isEqualTo(987_654_321L);
        assertThat(calendar.businessMillisBetween(start, start - 1)).isZero();
        assertThat(calendar.isOpen(start)).isTrue();
        assertThatThrownBy(() -> calendar.addBusinessMillis(Long.MAX_VALUE - 1, 2))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void constructor_everyDayCoveredAndNoHolidays_isAlwaysOpen() {
        assertThat(new BusinessCalendar("split-day", NEW_YORK,
                week(EVERY_DAY, period("00:00", "12:00"), period("12:00", "24:00")), Set.of()).isAlwaysOpen()).isTrue();
        assertThat(NEW_YORK_ROUND_THE_CLOCK.calendar().isAlwaysOpen()).isFalse();
        assertThat(NEW_YORK_DAILY.calendar().isAlwaysOpen()).isFalse();
        assertThat(new BusinessCalendar("weekdays", NEW_YORK, week(WEEKDAYS, period("00:00", "24:00")), Set.of())
                .isAlwaysOpen()).isFalse();
    }

    // ---------------------------------------------------------------- validation

    @Test
    void constructor_noPeriodOnAnyDay_throws() {
        assertThatThrownBy(() -> new BusinessCalendar("none", SHANGHAI, Map.of(), Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BusinessCalendar("none", SHANGHAI, week(EVERY_DAY), Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constructor_overlappingPeriodsOfOneDay_throws() {
        assertThatThrownBy(() -> new BusinessCalendar("overlap", SHANGHAI,
                week(WEEKDAYS, period("13:00", "18:00"), period("09:00", "13:30")), Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overlap");
        assertThatThrownBy(() -> new BusinessCalendar("twice", SHANGHAI,
                week(WEEKDAYS, period("09:00", "12:00"), period("09:00", "12:00")), Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void openingPeriod_startNotBeforeEnd_throws() {
        assertThatThrownBy(() -> period("10:00", "09:00")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> period("09:00", "09:00")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OpeningPeriod(LocalTime.of(9, 0), LocalTime.of(17, 0, 0, 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void openingPeriod_endAtMidnight_meansEndOfDay() {
        assertThat(period("22:00", "24:00").end()).isEqualTo(LocalTime.MIDNIGHT);
        assertThat(new OpeningPeriod(LocalTime.of(22, 0), LocalTime.MAX).end()).isEqualTo(LocalTime.MIDNIGHT);
        assertThat(period("00:00", "24:00").start()).isEqualTo(LocalTime.MIDNIGHT);
    }

    @Test
    void openingPeriod_wholeMillisecondsWithNanos_accepted() {
        OpeningPeriod period = new OpeningPeriod(LocalTime.of(9, 0, 0, 1_000_000), LocalTime.of(17, 0, 0, 500_000_000));

        assertThat(period.start()).isEqualTo(LocalTime.of(9, 0, 0, 1_000_000));
        assertThat(period.end()).isEqualTo(LocalTime.of(17, 0, 0, 500_000_000));
        assertThatThrownBy(() -> new OpeningPeriod(LocalTime.of(9, 0, 0, 1), LocalTime.of(17, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finer than a millisecond");
    }

    @Test
    void constructor_periodsGivenOutOfOrder_sortedByStart() {
        BusinessCalendar calendar = new BusinessCalendar("unsorted", SHANGHAI,
                week(WEEKDAYS, period("13:00", "18:00"), period("09:00", "12:00")), Set.of());

        assertThat(calendar.isOpen(at("2026-03-09T12:30+08:00"))).isFalse();
        assertLocal(calendar.addBusinessMillis(at("2026-03-09T09:00+08:00"), millis("PT4H")), SHANGHAI,
                "2026-03-09T14:00+08:00");
    }

    @Test
    void constructor_everyDayOpenFromOneToMidnight_notAlwaysOpen() {
        BusinessCalendar lateStart = new BusinessCalendar("late-start", ZoneOffset.UTC,
                week(EVERY_DAY, period("01:00", "24:00")), Set.of());

        assertThat(lateStart.isAlwaysOpen()).isFalse();
        assertThat(lateStart.isOpen(at("2026-03-09T00:30Z"))).isFalse();
        assertThat(lateStart.businessMillisBetween(at("2026-03-09T00:00Z"), at("2026-03-10T00:00Z")))
                .isEqualTo(millis("PT23H"));
    }

    @Test
    void addBusinessMillis_exactWholeWeeksFromAClosedDay_dueAtTheLastClosingNotTheNextOpening() {
        BusinessCalendar office = new BusinessCalendar("utc-office", ZoneOffset.UTC,
                week(WEEKDAYS, period("09:00", "17:00")), Set.of());

        long due = office.addBusinessMillis(at("2026-03-08T12:00Z"), millis("PT80H"));

        assertLocal(due, ZoneOffset.UTC, "2026-03-20T17:00Z");
    }

    @Test
    void addBusinessMillis_openTimeOnTheLastSearchedDay_foundAndOneDayLaterNot() {
        // Open 09:00-17:00 UTC daily, but closed for 3659 days after the start: the 3660th day is the last searched.
        LocalDate startDay = LocalDate.of(2026, 3, 9);
        long start = at("2026-03-09T17:00Z");
        Set<LocalDate> closed = dates(startDay.plusDays(1), startDay.plusDays(3659));
        BusinessCalendar lastDayOpen = new BusinessCalendar("last-day", ZoneOffset.UTC,
                week(EVERY_DAY, period("09:00", "17:00")), closed);
        Set<LocalDate> closedOneMore = new HashSet<>(closed);
        closedOneMore.add(startDay.plusDays(3660));
        BusinessCalendar tooLate = new BusinessCalendar("too-late", ZoneOffset.UTC,
                week(EVERY_DAY, period("09:00", "17:00")), closedOneMore);

        long due = lastDayOpen.addBusinessMillis(start, millis("PT1H"));

        assertThat(Instant.ofEpochMilli(due).atZone(ZoneOffset.UTC).toLocalDateTime())
                .isEqualTo(startDay.plusDays(3660).atTime(10, 0));
        assertThatThrownBy(() -> tooLate.addBusinessMillis(start, millis("PT1H")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void addBusinessMillis_weeksSkippedFromTheDayBeforeTheOpening_stopAtTheTenYearLimit() {
        // One minute a week, on Mondays; counting from a Sunday the skip lands on Mondays directly.
        BusinessCalendar rarelyOpen = new BusinessCalendar("rare", ZoneOffset.UTC,
                Map.of(DayOfWeek.MONDAY, List.of(period("09:00", "09:01"))), Set.of());
        long sunday = at("2026-03-08T10:00Z");

        long due = rarelyOpen.addBusinessMillis(sunday, millis("PT523M"));

        assertThat(Instant.ofEpochMilli(due).atZone(ZoneOffset.UTC).toLocalDateTime())
                .isEqualTo(LocalDate.of(2026, 3, 9).plusWeeks(522).atTime(9, 1));
        assertThatThrownBy(() -> rarelyOpen.addBusinessMillis(sunday, millis("PT600M")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void fallBackJustAfterMidnight_repeatedHourBelongsToTheNewDay() {
        // St. John's fell back at Sunday 2010-11-07 00:01 (-02:30) to Saturday 23:01 (-03:30): the second
        // 23:01-24:00 lies after Sunday's first 00:00, so it is Sunday's time, though its local date is Saturday.
        ZoneId stJohns = ZoneId.of("America/St_Johns");
        BusinessCalendar sundayEarly = new BusinessCalendar("nl", stJohns,
                Map.of(DayOfWeek.SUNDAY, List.of(period("00:00", "01:00"))), Set.of());

        assertThat(sundayEarly.isOpen(at("2010-11-06T23:30-03:30"))).isTrue();
        assertThat(sundayEarly.isOpen(at("2010-11-06T23:30-02:30"))).isFalse();
        assertThat(sundayEarly.businessMillisBetween(at("2010-11-06T12:00-02:30"), at("2010-11-07T12:00-03:30")))
                .isEqualTo(millis("PT2H"));
        assertLocal(sundayEarly.addBusinessMillis(at("2010-11-06T23:30-03:30"), millis("PT1H")), stJohns,
                "2010-11-07T00:30-03:30");
    }

    @Test
    void periodShiftedOutOfTheGap_keepsItsOwnEndBesideAnEarlierPeriod() {
        // On 2026-03-08 02:00-03:00 does not exist and shifts by an hour: 02:15-02:30 becomes 03:15-03:30,
        // after 03:00-03:10 (disjoint), and 02:30-02:50 becomes 03:30-03:50, reaching past 03:00-03:40.
        BusinessCalendar disjoint = new BusinessCalendar("disjoint", NEW_YORK,
                Map.of(DayOfWeek.SUNDAY, List.of(period("02:15", "02:30"), period("03:00", "03:10"))), Set.of());
        BusinessCalendar extending = new BusinessCalendar("extending", NEW_YORK,
                Map.of(DayOfWeek.SUNDAY, List.of(period("02:30", "02:50"), period("03:00", "03:40"))), Set.of());
        long dayStart = at("2026-03-08T00:00-05:00");
        long dayEnd = at("2026-03-09T00:00-04:00");

        assertThat(disjoint.businessMillisBetween(dayStart, dayEnd)).isEqualTo(millis("PT25M"));
        assertThat(disjoint.isOpen(at("2026-03-08T03:12-04:00"))).isFalse();
        assertThat(disjoint.isOpen(at("2026-03-08T03:20-04:00"))).isTrue();
        assertLocal(disjoint.addBusinessMillis(dayStart, millis("PT20M")), NEW_YORK, "2026-03-08T03:25-04:00");
        assertThat(extending.businessMillisBetween(dayStart, dayEnd)).isEqualTo(millis("PT50M"));
        assertThat(extending.isOpen(at("2026-03-08T03:45-04:00"))).isTrue();
        assertLocal(extending.addBusinessMillis(dayStart, millis("PT50M")), NEW_YORK, "2026-03-08T03:50-04:00");
    }

    // ---------------------------------------------------------------- properties against a reference

    @Test
    void randomStartsAndDurations_matchReferenceAndInvertEachOther() {
        Random random = new Random(20260309L);
        List<Spec> specs = List.of(SHANGHAI_OFFICE, NEW_YORK_DAILY, NEW_YORK_ROUND_THE_CLOCK,
                new Spec("ny-night", NEW_YORK, Map.of(
                        DayOfWeek.SATURDAY, List.of(period("22:00", "24:00")),
                        DayOfWeek.SUNDAY, List.of(period("00:00", "01:30"), period("02:15", "02:45"),
                                period("03:00", "05:00"), period("23:00", "24:00")),
                        DayOfWeek.MONDAY, List.of(period("00:00", "08:00"), period("09:00", "17:00"))),
                        Set.of(LocalDate.of(2026, 3, 16))),
                new Spec("cl-shop", ZoneId.of("America/Santiago"),
                        week(Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY),
                                period("00:00", "00:30"), period("08:00", "20:00"), period("23:30", "24:00")),
                        Set.of(LocalDate.of(2026, 9, 18), LocalDate.of(2026, 9, 19))),
                new Spec("au-lord-howe", ZoneId.of("Australia/Lord_Howe"),
                        week(EVERY_DAY, period("01:45", "02:15"), period("09:00", "12:00"), period("13:00", "18:00")),
                        Set.of(LocalDate.of(2026, 12, 25))),
                new Spec("in-office", ZoneId.of("Asia/Kolkata"),
                        week(WEEKDAYS, period("09:30", "18:30")), dates(LocalDate.of(2026, 10, 19), LocalDate.of(2026, 10, 23))));
        long rangeStart = at("2025-06-01T00:00Z");
        long rangeEnd = at("2027-06-01T00:00Z");
        long day = 86_400_000L;

        for (Spec spec : specs) {
            BusinessCalendar calendar = spec.calendar();
            Reference reference = new Reference(spec, rangeStart - 5 * day, rangeEnd + 200 * day);
            List<Long> starts = interestingStarts(spec.zone(), reference, rangeStart, rangeEnd, random);
            for (long start : starts) {
                long duration = random.nextInt(5) == 0 ? 0 : random.nextInt(4) == 0
                        ? random.nextInt(1_000) : (long) (random.nextDouble() * 80 * 3_600_000L);
                long due = calendar.addBusinessMillis(start, duration);
                String where = spec.name() + " from " + local(start, spec.zone()) + " + " + duration + " ms";

                assertThat(local(due, spec.zone())).as(where).isEqualTo(local(reference.add(start, duration), spec.zone()));
                assertThat(calendar.businessMillisBetween(start, due)).as(where).isEqualTo(duration);
                long to = start + (long) (random.nextDouble() * 40 * day);
                assertThat(calendar.businessMillisBetween(start, to)).as(where).isEqualTo(reference.between(start, to));
                assertThat(calendar.isOpen(start)).as(where).isEqualTo(reference.isOpen(start));
            }
        }
    }

    /** Uniform random instants, instants around every offset transition, and window edges ± 1 ms. */
    private static List<Long> interestingStarts(ZoneId zone, Reference reference, long from, long to, Random random) {
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            starts.add(from + (long) (random.nextDouble() * (to - from)));
        }
        ZoneOffsetTransition transition = zone.getRules().nextTransition(Instant.ofEpochMilli(from));
        while (transition != null && transition.toEpochSecond() * 1000 < to) {
            long instant = transition.toEpochSecond() * 1000;
            for (int i = 0; i < 25; i++) {
                starts.add(instant + (long) ((random.nextDouble() - 0.5) * 6 * 86_400_000L));
            }
            starts.add(instant);
            transition = zone.getRules().nextTransition(transition.getInstant());
        }
        for (int i = 0; i < 60; i++) {
            long[] window = reference.windows.get(random.nextInt(reference.windows.size()));
            long edge = window[random.nextInt(2)];
            if (edge > from && edge < to) {
                starts.add(edge + random.nextInt(3) - 1);
            }
        }
        return starts;
    }

    /**
     * The calendar's contract computed the slow, obvious way: every local day converted with
     * ZonedDateTime.of, clipped to the day, all windows merged into one sorted list.
     */
    private static final class Reference {
        final List<long[]> windows = new ArrayList<>();

        Reference(Spec spec, long from, long to) {
            ZoneId zone = spec.zone();
            List<long[]> raw = new ArrayList<>();
            LocalDate last = Instant.ofEpochMilli(to).atZone(zone).toLocalDate();
            for (LocalDate d = Instant.ofEpochMilli(from).atZone(zone).toLocalDate(); !d.isAfter(last); d = d.plusDays(1)) {
                if (spec.holidays().contains(d)) {
                    continue;
                }
                long dayStart = startOf(d, zone);
                long dayEnd = startOf(d.plusDays(1), zone);
                for (OpeningPeriod p : spec.week().getOrDefault(d.getDayOfWeek(), List.of())) {
                    long s = Math.max(dayStart, ZonedDateTime.of(d, p.start(), zone).toInstant().toEpochMilli());
                    long e = p.end().equals(LocalTime.MIDNIGHT)
                            ? dayEnd : Math.min(dayEnd, ZonedDateTime.of(d, p.end(), zone).toInstant().toEpochMilli());
                    if (e > s) {
                        raw.add(new long[] {s, e});
                    }
                }
            }
            raw.sort((a, b) -> Long.compare(a[0], b[0]));
            for (long[] w : raw) {
                long[] previous = windows.isEmpty() ? null : windows.get(windows.size() - 1);
                if (previous != null && w[0] <= previous[1]) {
                    previous[1] = Math.max(previous[1], w[1]);
                } else {
                    windows.add(w.clone());
                }
            }
        }

        long between(long from, long to) {
            long total = 0;
            for (long[] w : windows) {
                total += Math.max(0, Math.min(w[1], to) - Math.max(w[0], from));
            }
            return total;
        }

        long add(long start, long duration) {
            long remaining = duration;
            for (long[] w : windows) {
                long s = Math.max(w[0], start);
                if (w[1] > s) {
                    if (remaining <= w[1] - s) {
                        return s + remaining;
                    }
                    remaining -= w[1] - s;
                }
            }
            throw new AssertionError("reference range too short");
        }

        boolean isOpen(long instant) {
            return windows.stream().anyMatch(w -> w[0] <= instant && instant < w[1]);
        }
    }
}

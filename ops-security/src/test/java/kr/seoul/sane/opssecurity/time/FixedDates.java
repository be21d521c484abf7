package kr.seoul.sane.opssecurity.time;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The dates every time-sensitive suite runs at, so the build gives the same answer on any day: a weekday, a
 * Saturday, a Korean public holiday (추석, in notification-service's {@code calendar/holidays-kr.txt}) and the last
 * business day of a year (2026-12-31 is a Thursday and a business day; only 12-25 and 01-01 around it are holidays).
 * Each is 10:00 in Seoul, so a suite that moves its clock by hours stays on that date.
 */
public enum FixedDates {

    WEEKDAY("2026-11-23"),
    SATURDAY("2026-11-28"),
    PUBLIC_HOLIDAY("2026-09-25"),
    LAST_BUSINESS_DAY_OF_YEAR("2026-12-31");

    public static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

    private final LocalDate date;

    FixedDates(String date) {
        this.date = LocalDate.parse(date);
    }

    /** The date in Seoul. */
    public LocalDate date() {
        return date;
    }

    /** 10:00 in Seoul on that date. */
    public Instant instant() {
        return date.atTime(10, 0).atZone(SEOUL).toInstant();
    }

    /** A clock that stands still at {@link #instant()}. */
    public Clock clock() {
        return Clock.fixed(instant(), ZoneOffset.UTC);
    }

    /** A clock that starts at {@link #instant()} and is moved by the test. */
    public MutableClock mutableClock() {
        return new MutableClock(instant());
    }
}

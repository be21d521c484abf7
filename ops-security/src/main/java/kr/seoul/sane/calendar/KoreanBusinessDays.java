package kr.seoul.sane.calendar;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.HashSet;
import java.util.Set;

/**
 * Business days in Seoul, the one definition every service counts deadlines and answer times with: weekends and
 * Korean public holidays (공휴일) are not. The holidays are listed in {@code calendar/holidays-kr.txt} (every
 * 공휴일 with the lunar ones and substitute holidays, as announced; one ISO date a line); a service may add the
 * dates of an operator's file. For a year past the last one listed, the fixed-date national holidays still count
 * and the lunar ones are unknown. No framework types: a service wraps it in its own bean.
 */
public final class KoreanBusinessDays {

    /** 신정, 삼일절, 어린이날, 현충일, 광복절, 개천절, 한글날, 성탄절: the same date every year. */
    static final Set<MonthDay> FIXED_HOLIDAYS = Set.of(MonthDay.of(1, 1), MonthDay.of(3, 1), MonthDay.of(5, 5),
            MonthDay.of(6, 6), MonthDay.of(8, 15), MonthDay.of(10, 3), MonthDay.of(10, 9), MonthDay.of(12, 25));
    private static final String BUNDLED = "/calendar/holidays-kr.txt";

    private final Set<LocalDate> holidays;
    private final int coveredUntilYear;

    /** The listed holidays plus {@code extra} ones (an operator's additions). */
    public KoreanBusinessDays(Set<LocalDate> listed, Set<LocalDate> extra) {
        Set<LocalDate> all = new HashSet<>(listed);
        all.addAll(extra);
        this.holidays = Set.copyOf(all);
        this.coveredUntilYear = all.stream().mapToInt(LocalDate::getYear).max().orElse(0);
    }

    /** The bundled holiday list alone. */
    public static KoreanBusinessDays bundled() {
        return new KoreanBusinessDays(bundledHolidays(), Set.of());
    }

    /** The dates of the bundled list ({@code calendar/holidays-kr.txt}). */
    public static Set<LocalDate> bundledHolidays() {
        try (InputStream in = KoreanBusinessDays.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException(BUNDLED + " is missing from the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One ISO date a line; blank lines and {@code #} comments ignored. */
    public static Set<LocalDate> parse(String text) {
        Set<LocalDate> dates = new HashSet<>();
        text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(LocalDate::parse).forEach(dates::add);
        return dates;
    }

    public boolean isBusinessDay(LocalDate date) {
        if (date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY
                || holidays.contains(date)) {
            return false;
        }
        return date.getYear() <= coveredUntilYear || !FIXED_HOLIDAYS.contains(MonthDay.from(date));
    }

    /** The last year of the holiday list. */
    public int coveredUntilYear() {
        return coveredUntilYear;
    }

    /** The date {@code days} business days after {@code start}. */
    public LocalDate plusBusinessDays(LocalDate start, int days) {
        LocalDate date = start;
        int left = days;
        while (left > 0) {
            date = date.plusDays(1);
            if (isBusinessDay(date)) {
                left--;
            }
        }
        return date;
    }

    /**
     * Whole business days from {@code from} to {@code to}: the business days after {@code from} up to and including
     * {@code to} (0 on the same day; Friday to Monday is 1; 0 when {@code to} is not after {@code from}).
     */
    public int businessDaysBetween(LocalDate from, LocalDate to) {
        int days = 0;
        for (LocalDate date = from.plusDays(1); !date.isAfter(to); date = date.plusDays(1)) {
            if (isBusinessDay(date)) {
                days++;
            }
        }
        return days;
    }
}

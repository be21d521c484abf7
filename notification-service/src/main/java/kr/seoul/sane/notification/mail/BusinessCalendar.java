package kr.seoul.sane.notification.mail;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;

/**
 * Business days in Seoul: weekends and Korean public holidays are not. The holidays come from
 * {@code calendar/holidays-kr.txt} (every 공휴일 with the lunar ones and substitute holidays, as announced) plus an
 * optional file of the operator's ({@code sane.notification.holidays-file}, same format) for additions without a
 * release. For a year past the last one listed, the fixed-date national holidays still count, the lunar ones are
 * unknown: the service warns at start, and {@code sane_calendar_holidays_covered_until_year} lets an alert ask for
 * the list to be extended before the year begins.
 */
@Component
public class BusinessCalendar {

    private static final Logger log = LoggerFactory.getLogger(BusinessCalendar.class);
    /** 신정, 삼일절, 어린이날, 현충일, 광복절, 개천절, 한글날, 성탄절: the same date every year. */
    static final Set<MonthDay> FIXED_HOLIDAYS = Set.of(MonthDay.of(1, 1), MonthDay.of(3, 1), MonthDay.of(5, 5),
            MonthDay.of(6, 6), MonthDay.of(8, 15), MonthDay.of(10, 3), MonthDay.of(10, 9), MonthDay.of(12, 25));

    private final Set<LocalDate> holidays;
    private final int coveredUntilYear;

    /** The bundled list only. */
    public BusinessCalendar() {
        this(bundled(), Set.of());
    }

    @Autowired
    BusinessCalendar(@Value("${sane.notification.holidays-file:}") String extraFile, MeterRegistry meters,
                     Clock clock) {
        this(bundled(), extraFile == null || extraFile.isBlank() ? Set.of() : read(Path.of(extraFile)));
        Gauge.builder("sane.calendar.holidays.covered.until.year", this, BusinessCalendar::coveredUntilYear)
                .description("The last year whose public holidays (lunar ones included) are listed").register(meters);
        int thisYear = LocalDate.now(clock.withZone(ZoneId.of("Asia/Seoul"))).getYear();
        if (coveredUntilYear <= thisYear) {
            log.warn("the holiday list ends with {}: from {} only weekends and fixed-date holidays are known;"
                    + " extend calendar/holidays-kr.txt or sane.notification.holidays-file", coveredUntilYear,
                    coveredUntilYear + 1);
        }
    }

    BusinessCalendar(Set<LocalDate> listed, Set<LocalDate> extra) {
        Set<LocalDate> all = new HashSet<>(listed);
        all.addAll(extra);
        this.holidays = Set.copyOf(all);
        this.coveredUntilYear = all.stream().mapToInt(LocalDate::getYear).max().orElse(0);
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

    private static Set<LocalDate> bundled() {
        try {
            return parse(new ClassPathResource("calendar/holidays-kr.txt").getContentAsString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<LocalDate> read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("sane.notification.holidays-file " + file + " cannot be read", e);
        }
    }

    /** One ISO date a line; blank lines and {@code #} comments ignored. */
    static Set<LocalDate> parse(String text) {
        Set<LocalDate> dates = new HashSet<>();
        text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(LocalDate::parse).forEach(dates::add);
        return dates;
    }
}

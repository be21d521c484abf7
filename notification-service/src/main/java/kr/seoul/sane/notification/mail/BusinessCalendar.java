package kr.seoul.sane.notification.mail;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import kr.seoul.sane.calendar.KoreanBusinessDays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;

/**
 * Business days in Seoul, as the shared {@link KoreanBusinessDays} counts them (ops-security module, with the bundled
 * {@code calendar/holidays-kr.txt}), plus an optional file of the operator's ({@code sane.notification.holidays-file},
 * same format) for additions without a release. For a year past the last one listed, the fixed-date national
 * holidays still count, the lunar ones are unknown: the service warns at start, and
 * {@code sane_calendar_holidays_covered_until_year} lets an alert ask for the list to be extended before the year
 * begins.
 */
@Component
public class BusinessCalendar {

    private static final Logger log = LoggerFactory.getLogger(BusinessCalendar.class);

    private final KoreanBusinessDays days;
    private final int coveredUntilYear;

    /** The bundled list only. */
    public BusinessCalendar() {
        this(KoreanBusinessDays.bundledHolidays(), Set.of());
    }

    @Autowired
    BusinessCalendar(@Value("${sane.notification.holidays-file:}") String extraFile, MeterRegistry meters,
                     Clock clock) {
        this(KoreanBusinessDays.bundledHolidays(),
                extraFile == null || extraFile.isBlank() ? Set.of() : read(Path.of(extraFile)));
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
        this.days = new KoreanBusinessDays(listed, extra);
        this.coveredUntilYear = days.coveredUntilYear();
    }

    public boolean isBusinessDay(LocalDate date) {
        return days.isBusinessDay(date);
    }

    /** The last year of the holiday list. */
    public int coveredUntilYear() {
        return coveredUntilYear;
    }

    /** The date {@code days} business days after {@code start}. */
    public LocalDate plusBusinessDays(LocalDate start, int businessDays) {
        return days.plusBusinessDays(start, businessDays);
    }

    private static Set<LocalDate> read(Path file) {
        try {
            return KoreanBusinessDays.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("sane.notification.holidays-file " + file + " cannot be read", e);
        }
    }
}

package kr.seoul.sane.notification.mail;

import kr.seoul.sane.opssecurity.time.FixedDates;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class BusinessCalendarTest {

    @ParameterizedTest
    @EnumSource(FixedDates.class)
    void eachFixedDateOfTheSuitesIsWhatItsNameSays(FixedDates day) {
        boolean businessDay = day == FixedDates.WEEKDAY || day == FixedDates.LAST_BUSINESS_DAY_OF_YEAR;
        assertThat(new BusinessCalendar().isBusinessDay(day.date())).as(day.name()).isEqualTo(businessDay);
    }

    @Test
    void theLastDayOfTheYearIsABusinessDayAndTheNextOneIsNot() {
        BusinessCalendar calendar = new BusinessCalendar();
        assertThat(calendar.isBusinessDay(LocalDate.parse("2026-12-31"))).isTrue();
        assertThat(calendar.plusBusinessDays(LocalDate.parse("2026-12-30"), 1)).isEqualTo(LocalDate.parse("2026-12-31"));
        // 신정 (Friday), then the weekend
        assertThat(calendar.plusBusinessDays(LocalDate.parse("2026-12-31"), 1)).isEqualTo(LocalDate.parse("2027-01-04"));
    }

    @Test
    void listedHolidaysAndWeekendsAreNotBusinessDays() {
        BusinessCalendar calendar = new BusinessCalendar();
        assertThat(calendar.isBusinessDay(LocalDate.parse("2026-09-25"))).as("추석").isFalse();
        assertThat(calendar.isBusinessDay(LocalDate.parse("2026-11-21"))).as("Saturday").isFalse();
        assertThat(calendar.isBusinessDay(LocalDate.parse("2026-11-23"))).as("a Monday").isTrue();
        assertThat(calendar.plusBusinessDays(LocalDate.parse("2026-09-23"), 1)).isEqualTo(LocalDate.parse("2026-09-29"));
    }

    @Test
    void pastTheListTheFixedDateHolidaysStillCount() {
        BusinessCalendar calendar = new BusinessCalendar(Set.of(LocalDate.parse("2027-02-08")), Set.of());
        assertThat(calendar.coveredUntilYear()).isEqualTo(2027);
        // 2028-03-01 (삼일절) is a Wednesday, 2028-08-15 (광복절) a Tuesday
        assertThat(calendar.isBusinessDay(LocalDate.parse("2028-03-01"))).isFalse();
        assertThat(calendar.isBusinessDay(LocalDate.parse("2028-08-15"))).isFalse();
        assertThat(calendar.isBusinessDay(LocalDate.parse("2028-03-02"))).isTrue();
        // inside the listed years only the list counts (a fixed date that is not listed was moved or is not a day off)
        assertThat(calendar.isBusinessDay(LocalDate.parse("2027-03-01"))).isTrue();
    }

    @Test
    void theOperatorsFileAddsHolidaysAndExtendsTheCoverage(@TempDir Path dir) throws Exception {
        Path extra = dir.resolve("holidays.txt");
        Files.writeString(extra, "# 임시공휴일\n2028-01-26\n\n");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        BusinessCalendar calendar = new BusinessCalendar(extra.toString(), meters, FixedDates.WEEKDAY.clock());
        assertThat(calendar.isBusinessDay(LocalDate.parse("2028-01-26"))).isFalse();
        assertThat(calendar.coveredUntilYear()).isEqualTo(2028);
        assertThat(meters.get("sane.calendar.holidays.covered.until.year").gauge().value()).isEqualTo(2028.0);
    }
}

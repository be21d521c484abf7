package kr.seoul.sane.calendar;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class KoreanBusinessDaysTest {

    private final KoreanBusinessDays days = KoreanBusinessDays.bundled();

    @Test
    void theBundledListKnowsTheLunarHolidays() {
        assertThat(days.isBusinessDay(LocalDate.parse("2026-09-25"))).as("추석").isFalse();
        assertThat(days.isBusinessDay(LocalDate.parse("2026-11-21"))).as("Saturday").isFalse();
        assertThat(days.isBusinessDay(LocalDate.parse("2026-11-23"))).as("a Monday").isTrue();
        assertThat(days.coveredUntilYear()).isGreaterThanOrEqualTo(2027);
    }

    @Test
    void countsTheBusinessDaysAfterTheFirstDayUpToTheSecond() {
        assertThat(days.businessDaysBetween(LocalDate.parse("2026-11-23"), LocalDate.parse("2026-11-23"))).isZero();
        // Friday to Monday: one business day
        assertThat(days.businessDaysBetween(LocalDate.parse("2026-11-20"), LocalDate.parse("2026-11-23"))).isEqualTo(1);
        // Wednesday 23 September 2026 to Tuesday 29 September: 추석 (24, 25) and the substitute day (28) do not count
        assertThat(days.businessDaysBetween(LocalDate.parse("2026-09-23"), LocalDate.parse("2026-09-29"))).isEqualTo(1);
        assertThat(days.businessDaysBetween(LocalDate.parse("2026-11-23"), LocalDate.parse("2026-11-20"))).isZero();
        assertThat(days.plusBusinessDays(LocalDate.parse("2026-09-23"), 1)).isEqualTo(LocalDate.parse("2026-09-29"));
    }
}

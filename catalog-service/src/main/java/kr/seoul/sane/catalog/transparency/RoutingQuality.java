package kr.seoul.sane.catalog.transparency;

import java.time.LocalDate;
import java.util.List;

/**
 * For operators, not published: how often the automatic decision stood, and how departments handle what they get.
 * {@code corrected}: proposals routed automatically first whose final department (after transfers and operator
 * assignments) is another one; {@code finals}: the auto → final pairs with their counts (a confusion table);
 * {@code weeks}: the same figures per week, for the trend.
 */
public record RoutingQuality(long autoRouted, long corrected, List<AutoToFinal> finals,
                             List<DepartmentQuality> departments, List<WeekQuality> weeks) {

    /** corrected ÷ autoRouted, or null before any automatic routing. */
    public Double correctedShare() {
        return ResponseFigures.share(corrected, autoRouted);
    }

    public record AutoToFinal(String auto, String fin, long count) {
    }

    /**
     * {@code transferred}: assignments the department ended by transferring the proposal (이관), {@code transferRate}
     * = transferred ÷ received; first-answer times in business days, median and 90th percentile (nearest rank);
     * {@code held}: proposals whose current assignment is this department's, {@code overdue} of them without any
     * action for the overdue period, {@code overdueShare} = overdue ÷ held.
     */
    public record DepartmentQuality(String code, long received, long transferred, Double transferRate,
                                    Double medianBusinessDays, Double p90BusinessDays, long held, long overdue,
                                    Double overdueShare) {
    }

    /**
     * One calendar week (Monday to Sunday, Seoul time; {@code week} as ISO {@code 2026-W48}): the proposals whose
     * first routing that week was automatic and how many of them ended at another department; the assignments that
     * began that week, how many were transferred, and their first-answer times in business days.
     */
    public record WeekQuality(String week, LocalDate monday, long autoRouted, long corrected, Double correctedShare,
                              long assignments, long transferred, Double transferRate, Double medianBusinessDays,
                              Double p90BusinessDays) {
    }
}

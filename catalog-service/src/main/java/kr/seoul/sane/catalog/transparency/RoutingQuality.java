package kr.seoul.sane.catalog.transparency;

import java.util.List;

/**
 * For operators, not published: how often the automatic decision stood, and how departments handle what they get.
 * {@code corrected}: proposals routed automatically first whose final department (after transfers and operator
 * assignments) is another one; {@code finals}: the auto → final pairs with their counts (a confusion table).
 */
public record RoutingQuality(long autoRouted, long corrected, List<AutoToFinal> finals,
                             List<DepartmentQuality> departments) {

    public record AutoToFinal(String auto, String fin, long count) {
    }

    /**
     * {@code transferred}: assignments the department ended by transferring the proposal (이관), {@code transferRate}
     * = transferred ÷ received; first-answer times in business days, median and 90th percentile (nearest rank).
     */
    public record DepartmentQuality(String code, long received, long transferred, Double transferRate,
                                    Double medianBusinessDays, Double p90BusinessDays) {
    }
}

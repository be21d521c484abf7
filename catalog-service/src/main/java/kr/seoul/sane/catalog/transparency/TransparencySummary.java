package kr.seoul.sane.catalog.transparency;

import java.time.Instant;
import java.util.List;

/**
 * The published figures (architecture: "transparency &amp; open data"): what {@code /api/open-data/summary.json},
 * the CSV files and {@code /transparency} show, and the operators' {@link RoutingQuality} (metrics only, never
 * published). A rate or median with an empty denominator is null.
 */
public record TransparencySummary(Instant generatedAt, Period period, Proposals proposals,
                                  List<DepartmentFigures> departments, RoutingQuality routingQuality) {

    /** From the first submission counted to the moment the figures were computed. */
    public record Period(Instant from, Instant to) {
    }

    public record Proposals(long total, List<FieldCount> byField, List<MonthCount> byMonth, Double autoRoutedShare) {
    }

    /** {@code field} is a field code, or {@code UNSPECIFIED} for 잘 모르겠어요. */
    public record FieldCount(String field, long count) {
    }

    /** {@code month} is {@code yyyy-MM} in Seoul time. */
    public record MonthCount(String month, long count) {
    }

    public record DepartmentFigures(String code, String name, long received, long decided, long accepted,
                                    Double acceptanceRate, Double medianBusinessDaysToFirstAnswer, long overdue) {
    }
}

package kr.seoul.sane.catalog.transparency;

import kr.seoul.sane.catalog.directory.DepartmentDirectory;
import kr.seoul.sane.catalog.directory.DepartmentName;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The published figures (architecture: "transparency &amp; open data"): what {@code /api/open-data/summary.json},
 * the CSV files and {@code /transparency} show, and the operators' {@link RoutingQuality} (metrics only, never
 * published). A rate or median with an empty denominator is null.
 */
public record TransparencySummary(Instant generatedAt, Period period, Proposals proposals,
                                  List<DepartmentFigures> departments, RoutingQuality routingQuality) {

    /**
     * The same figures with every department named as {@code directory} names it now; a code it has not named keeps
     * the name its events carried. Figures stay keyed by code: a retired department keeps its own row.
     */
    public TransparencySummary named(DepartmentDirectory directory) {
        Map<String, String> carried = new HashMap<>();
        departments.forEach(d -> carried.put(d.code(), d.name()));
        return new TransparencySummary(generatedAt, period, proposals, departments.stream()
                .map(d -> d.named(directory.name(d.code(), carried::get))).toList(), routingQuality);
    }

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

    /**
     * One department's figures, keyed by its code; {@code name} is its current name (the directory's, else the one
     * its latest routing carried), {@code retired} marks a department the directory retired, whose figures stay
     * its own; {@code successorCode} and {@code successorName} name the department that took over from it, if any.
     */
    public record DepartmentFigures(String code, String name, long received, long decided, long accepted,
                                    Double acceptanceRate, Double medianBusinessDaysToFirstAnswer, long overdue,
                                    boolean retired, String successorCode, String successorName) {

        /** Figures named as the events name the department (not retired). */
        public DepartmentFigures(String code, String name, long received, long decided, long accepted,
                                 Double acceptanceRate, Double medianBusinessDaysToFirstAnswer, long overdue) {
            this(code, name, received, decided, accepted, acceptanceRate, medianBusinessDaysToFirstAnswer, overdue,
                    false, null, null);
        }

        /** The same figures under {@code n}, the department's name now. */
        DepartmentFigures named(DepartmentName n) {
            return new DepartmentFigures(code, n.name(), received, decided, accepted, acceptanceRate,
                    medianBusinessDaysToFirstAnswer, overdue, n.retired(), n.successorCode(), n.successorName());
        }

        /** The department's name alone. */
        public DepartmentName departmentName() {
            return new DepartmentName(code, name, retired, successorCode, successorName);
        }
    }
}

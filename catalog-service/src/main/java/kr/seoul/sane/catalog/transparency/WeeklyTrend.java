package kr.seoul.sane.catalog.transparency;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Collects {@link RoutingQuality.WeekQuality} while {@link ResponseFigures} reads the tracks: automatic routings by
 * the week of the proposal's first routing, assignments by the week they began. Every week from the first to the
 * last one with an entry is listed, quiet weeks as zero.
 */
final class WeeklyTrend {

    private static final class Week {
        long autoRouted;
        long corrected;
        long assignments;
        long transferred;
        final List<Integer> answerDays = new ArrayList<>();
    }

    private final TreeMap<LocalDate, Week> weeks = new TreeMap<>();

    void automatic(Instant firstRouting, boolean corrected) {
        Week week = week(firstRouting);
        week.autoRouted++;
        week.corrected += corrected ? 1 : 0;
    }

    /** {@code answerDays}: business days to the department's first answer, or null while it has not answered. */
    void assignment(Instant start, boolean transferred, Integer answerDays) {
        Week week = week(start);
        week.assignments++;
        week.transferred += transferred ? 1 : 0;
        if (answerDays != null) {
            week.answerDays.add(answerDays);
        }
    }

    List<RoutingQuality.WeekQuality> weeks() {
        List<RoutingQuality.WeekQuality> all = new ArrayList<>();
        if (weeks.isEmpty()) {
            return all;
        }
        for (LocalDate monday = weeks.firstKey(); !monday.isAfter(weeks.lastKey()); monday = monday.plusWeeks(1)) {
            Week w = weeks.getOrDefault(monday, new Week());
            all.add(new RoutingQuality.WeekQuality(label(monday), monday, w.autoRouted, w.corrected,
                    ResponseFigures.share(w.corrected, w.autoRouted), w.assignments, w.transferred,
                    ResponseFigures.share(w.transferred, w.assignments), ResponseFigures.median(w.answerDays),
                    ResponseFigures.percentile90(w.answerDays)));
        }
        return all;
    }

    private Week week(Instant at) {
        LocalDate monday = at.atZone(ResponseFigures.SEOUL).toLocalDate()
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        return weeks.computeIfAbsent(monday, m -> new Week());
    }

    /** ISO week-based year and week: {@code 2026-W48}. */
    static String label(LocalDate monday) {
        return String.format("%d-W%02d", monday.get(IsoFields.WEEK_BASED_YEAR),
                monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }
}

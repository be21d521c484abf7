package kr.seoul.sane.catalog.transparency;

import kr.seoul.sane.calendar.KoreanBusinessDays;
import kr.seoul.sane.catalog.transparency.ProposalTrack.Routing;
import kr.seoul.sane.catalog.transparency.ProposalTrack.StatusChange;
import kr.seoul.sane.catalog.transparency.TransparencySummary.DepartmentFigures;
import kr.seoul.sane.catalog.transparency.TransparencySummary.FieldCount;
import kr.seoul.sane.catalog.transparency.TransparencySummary.MonthCount;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseFiguresTest {

    private static final Instant NOW = Instant.parse("2026-11-25T03:00:00Z");
    private final ResponseFigures figures = new ResponseFigures(KoreanBusinessDays.bundled(), 7);

    /** Six proposals of two departments, A (자원순환과) and B (기후환경정책과); times in UTC, Seoul is 9 h ahead. */
    static List<ProposalTrack> tracks() {
        List<ProposalTrack> tracks = new ArrayList<>();
        // accepted by A on the next business day (Friday to Monday)
        tracks.add(new ProposalTrack("p1", at("2026-11-20T01:00:00Z"), "ENVIRONMENT_PARKS",
                List.of(routing("2026-11-20T01:00:01Z", "A", "AUTO")),
                List.of(change("2026-11-23T02:00:00Z", "ACCEPTED", "DEPARTMENT", "A"))));
        // A transfers to B after 2 business days; B declines on the same day
        tracks.add(new ProposalTrack("p2", at("2026-11-20T01:00:00Z"), "ENVIRONMENT_PARKS",
                List.of(routing("2026-11-24T02:00:01Z", "B", "TRANSFER"), routing("2026-11-20T01:00:01Z", "A", "AUTO")),
                List.of(change("2026-11-24T05:00:00Z", "DECLINED", "DEPARTMENT", "B"),
                        change("2026-11-24T02:00:00Z", "TRANSFERRED", "DEPARTMENT", "B"))));
        // from triage: an operator's assignment to B, then B asks for information across 추석 (1 business day)
        tracks.add(new ProposalTrack("p3", at("2026-09-22T01:00:00Z"), null,
                List.of(routing("2026-09-23T01:00:00Z", "B", "OPERATOR")),
                List.of(change("2026-09-23T00:59:00Z", "TRANSFERRED", "OPERATOR", "B"),
                        change("2026-09-29T01:00:00Z", "INFO_REQUESTED", "DEPARTMENT", "B"))));
        // no answer for more than 7 business days: overdue at A
        tracks.add(new ProposalTrack("p4", at("2026-11-10T01:00:00Z"), "EDUCATION",
                List.of(routing("2026-11-10T01:00:01Z", "A", "AUTO")), List.of()));
        // no answer yet, but routed yesterday
        tracks.add(new ProposalTrack("p5", at("2026-11-24T01:00:00Z"), "EDUCATION",
                List.of(routing("2026-11-24T01:00:01Z", "A", "AUTO")), List.of()));
        // only a status change has arrived so far: not counted
        tracks.add(new ProposalTrack("p6", null, null, List.of(),
                List.of(change("2026-11-24T01:00:00Z", "IN_REVIEW", "DEPARTMENT", "A"))));
        return tracks;
    }

    @Test
    void countsProposalsPerFieldAndMonthAndTheShareRoutedAutomatically() {
        TransparencySummary summary = figures.compute(tracks(), NOW);

        assertThat(summary.generatedAt()).isEqualTo(NOW);
        assertThat(summary.period().from()).isEqualTo(at("2026-09-22T01:00:00Z"));
        assertThat(summary.proposals().total()).isEqualTo(5);
        assertThat(summary.proposals().byField()).hasSize(13)
                .contains(new FieldCount("ENVIRONMENT_PARKS", 2), new FieldCount("EDUCATION", 2),
                        new FieldCount("UNSPECIFIED", 1), new FieldCount("WELFARE", 0));
        assertThat(summary.proposals().byMonth()).containsExactly(new MonthCount("2026-09", 1),
                new MonthCount("2026-10", 0), new MonthCount("2026-11", 4));
        assertThat(summary.proposals().autoRoutedShare()).isEqualTo(0.8);
    }

    @Test
    void everyDepartmentIsJudgedOnItsOwnAssignments() {
        List<DepartmentFigures> departments = figures.compute(tracks(), NOW).departments();

        assertThat(departments).containsExactly(
                new DepartmentFigures("A", "자원순환과", 4, 1, 1, 1.0, 1.5, 1),
                new DepartmentFigures("B", "기후환경정책과", 2, 1, 0, 0.0, 0.5, 0));
    }

    @Test
    void routingQualityCountsCorrectionsTransfersAndAnswerTimes() {
        RoutingQuality quality = figures.compute(tracks(), NOW).routingQuality();

        assertThat(quality.autoRouted()).isEqualTo(4);
        assertThat(quality.corrected()).as("p2: automatic A, final B").isEqualTo(1);
        assertThat(quality.finals()).containsExactly(new RoutingQuality.AutoToFinal("A", "A", 3),
                new RoutingQuality.AutoToFinal("A", "B", 1));
        assertThat(quality.correctedShare()).isEqualTo(0.25);
        assertThat(quality.departments()).as("A holds p1, p4 (overdue) and p5 now; B holds p2 and p3").containsExactly(
                new RoutingQuality.DepartmentQuality("A", 4, 1, 0.25, 1.5, 2.0, 3, 1, 0.3333),
                new RoutingQuality.DepartmentQuality("B", 2, 0, 0.0, 0.5, 1.0, 2, 0, 0.0));
    }

    @Test
    void theTrendListsEveryWeekFromTheFirstRoutingToTheLast() {
        List<RoutingQuality.WeekQuality> weeks = figures.compute(tracks(), NOW).routingQuality().weeks();

        assertThat(weeks).hasSize(10);
        assertThat(weeks.getFirst()).as("p3, assigned to B by an operator on Wednesday 23 September")
                .isEqualTo(new RoutingQuality.WeekQuality("2026-W39", LocalDate.parse("2026-09-21"), 0, 0, null,
                        1, 0, 0.0, 1.0, 1.0));
        assertThat(weeks.get(1)).as("a quiet week").isEqualTo(new RoutingQuality.WeekQuality("2026-W40",
                LocalDate.parse("2026-09-28"), 0, 0, null, 0, 0, null, null, null));
        assertThat(weeks.subList(7, 10)).containsExactly(
                new RoutingQuality.WeekQuality("2026-W46", LocalDate.parse("2026-11-09"), 1, 0, 0.0, 1, 0, 0.0,
                        null, null),
                new RoutingQuality.WeekQuality("2026-W47", LocalDate.parse("2026-11-16"), 2, 1, 0.5, 2, 1, 0.5,
                        1.5, 2.0),
                new RoutingQuality.WeekQuality("2026-W48", LocalDate.parse("2026-11-23"), 1, 0, 0.0, 2, 0, 0.0,
                        0.0, 0.0));
        assertThat(WeeklyTrend.label(LocalDate.parse("2026-12-28"))).as("ISO week-based year")
                .isEqualTo("2026-W53");
    }

    @Test
    void the90thPercentileIsTheNearestRank() {
        assertThat(ResponseFigures.percentile90(List.of(3, 1, 2, 4, 5, 6, 7, 8, 9, 10))).isEqualTo(9.0);
        assertThat(ResponseFigures.percentile90(List.of(4))).isEqualTo(4.0);
        assertThat(ResponseFigures.percentile90(List.of())).isNull();
    }

    @Test
    void theOrderInWhichEventsArrivedDoesNotMatter() {
        List<ProposalTrack> shuffled = new ArrayList<>();
        for (ProposalTrack t : tracks()) {
            List<Routing> routings = new ArrayList<>(t.routings());
            List<StatusChange> changes = new ArrayList<>(t.changes());
            Collections.reverse(routings);
            Collections.reverse(changes);
            shuffled.add(new ProposalTrack(t.id(), t.submittedAt(), t.field(), routings, changes));
        }
        Collections.reverse(shuffled);

        assertThat(figures.compute(shuffled, NOW)).isEqualTo(figures.compute(tracks(), NOW));
    }

    @Test
    void anEmptyDenominatorGivesNullNotZero() {
        TransparencySummary none = figures.compute(List.of(), NOW);
        assertThat(none.proposals().total()).isZero();
        assertThat(none.proposals().autoRoutedShare()).isNull();
        assertThat(none.proposals().byMonth()).isEmpty();

        TransparencySummary unanswered = figures.compute(List.of(tracks().get(4)), NOW);
        assertThat(unanswered.departments()).singleElement().satisfies(d -> {
            assertThat(d.acceptanceRate()).isNull();
            assertThat(d.medianBusinessDaysToFirstAnswer()).isNull();
        });
    }

    @Test
    void overdueStartsSevenBusinessDaysAfterRoutingAtTheSameTimeOfDay() {
        // routed Tuesday 10 November 10:00 KST: 7 business days later is Thursday 19 November 10:00 KST (p4: 1 s later)
        assertThat(figures.deadline(at("2026-11-10T01:00:00Z"))).isEqualTo(at("2026-11-19T01:00:00Z"));
        List<ProposalTrack> one = List.of(tracks().get(3));
        assertThat(figures.compute(one, at("2026-11-19T01:00:00Z")).departments().getFirst().overdue()).isZero();
        assertThat(figures.compute(one, at("2026-11-19T01:00:01Z")).departments().getFirst().overdue()).isEqualTo(1);
    }

    @Test
    void anOperatorsHolidayFileCountsToo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("holidays.txt");
        java.nio.file.Files.writeString(file, "# 임시공휴일\n2026-11-23\n");
        ResponseFigures withHoliday = new ResponseFigures(TransparencySnapshots.businessDays(file.toString()), 7);
        // p1: routed Friday 20 November, accepted Monday 23 November; with that Monday a holiday, 0 business days
        DepartmentFigures a = withHoliday.compute(List.of(tracks().getFirst()), NOW).departments().getFirst();
        assertThat(a.medianBusinessDaysToFirstAnswer()).isZero();
        assertThat(TransparencySnapshots.businessDays("").isBusinessDay(java.time.LocalDate.parse("2026-11-23")))
                .isTrue();
    }

    private static Routing routing(String at, String department, String by) {
        return new Routing(at(at), department, department.equals("A") ? "자원순환과" : "기후환경정책과", by);
    }

    private static StatusChange change(String at, String status, String actor, String department) {
        return new StatusChange(at(at), status, actor, department);
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }
}

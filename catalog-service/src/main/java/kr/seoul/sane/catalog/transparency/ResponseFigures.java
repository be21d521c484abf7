package kr.seoul.sane.catalog.transparency;

import kr.seoul.sane.calendar.KoreanBusinessDays;
import kr.seoul.sane.catalog.field.CooperationField;
import kr.seoul.sane.catalog.transparency.ProposalTrack.Routing;
import kr.seoul.sane.catalog.transparency.ProposalTrack.StatusChange;
import kr.seoul.sane.catalog.transparency.TransparencySummary.DepartmentFigures;
import kr.seoul.sane.catalog.transparency.TransparencySummary.FieldCount;
import kr.seoul.sane.catalog.transparency.TransparencySummary.MonthCount;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Computes the published figures from the {@link ProposalTrack}s, with the definitions of the README:
 * <ul>
 * <li>a department's <em>assignment</em> runs from a routing to it until the next routing of the proposal;</li>
 * <li><em>first answer</em>: the first department action in an assignment that accepts, declines, transfers or asks
 * for information (status ACCEPTED, DECLINED, TRANSFERRED, INFO_REQUESTED by actor DEPARTMENT); its time is counted
 * in whole business days (weekends and Korean public holidays skipped) from the routing;</li>
 * <li><em>decided</em>: the proposal was accepted or declined in the department's assignment;
 * <em>acceptance rate</em> = accepted ÷ decided;</li>
 * <li><em>overdue</em>: the proposal's current assignment has seen no status change at all and began
 * {@code overdueBusinessDays} business days ago or more (the rule the escalation mail follows);</li>
 * <li><em>routed automatically</em>: the proposal's first routing was {@code AUTO}; <em>corrected</em>: its last
 * routing went to another department;</li>
 * <li><em>transferred</em>: an assignment in which the department transferred the proposal (TRANSFERRED by actor
 * DEPARTMENT);</li>
 * <li><em>held</em>: the proposals whose current assignment is the department's; <em>overdue share</em> = overdue ÷
 * held;</li>
 * <li>the weekly trend ({@link WeeklyTrend}): automatic routings and corrections by the week of the first routing,
 * assignments, transfers and first-answer times by the week the assignment began.</li>
 * </ul>
 * Pure: the same tracks and the same {@code now} always give the same figures.
 */
public final class ResponseFigures {

    static final String UNSPECIFIED = "UNSPECIFIED";
    static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final Set<String> ANSWERS = Set.of("ACCEPTED", "DECLINED", "TRANSFERRED", "INFO_REQUESTED");
    private static final Set<String> DECISIONS = Set.of("ACCEPTED", "DECLINED");

    private final KoreanBusinessDays businessDays;
    private final int overdueBusinessDays;

    public ResponseFigures(KoreanBusinessDays businessDays, int overdueBusinessDays) {
        this.businessDays = businessDays;
        this.overdueBusinessDays = overdueBusinessDays;
    }

    /** What one department's assignments add up to while the tracks are read. */
    private static final class Tally {
        String name;
        Instant namedAt;
        final Set<String> received = new HashSet<>();
        final Set<String> decided = new HashSet<>();
        final Set<String> accepted = new HashSet<>();
        final List<Integer> answerDays = new ArrayList<>();
        long transferred;
        long held;
        long overdue;
    }

    public TransparencySummary compute(List<ProposalTrack> tracks, Instant now) {
        Map<String, Long> byField = new LinkedHashMap<>();
        for (CooperationField f : CooperationField.values()) {
            byField.put(f.code(), 0L);
        }
        byField.put(UNSPECIFIED, 0L);
        TreeMap<YearMonth, Long> byMonth = new TreeMap<>();
        Map<String, Tally> departments = new TreeMap<>();
        Map<List<String>, Long> finals = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1)));
        long total = 0;
        long auto = 0;
        long corrected = 0;
        WeeklyTrend trend = new WeeklyTrend();
        Instant first = null;
        for (ProposalTrack track : tracks) {
            if (track.submittedAt() == null) {
                continue; // only status changes known so far: counted once its submission or routing arrives
            }
            total++;
            byField.merge(track.field() == null ? UNSPECIFIED : track.field(), 1L, Long::sum);
            byMonth.merge(YearMonth.from(track.submittedAt().atZone(SEOUL)), 1L, Long::sum);
            first = first == null || track.submittedAt().isBefore(first) ? track.submittedAt() : first;
            List<Routing> routings = track.routings().stream().sorted(Comparator.comparing(Routing::at)).toList();
            List<StatusChange> changes = track.changes().stream()
                    .sorted(Comparator.comparing(StatusChange::at)).toList();
            if (!routings.isEmpty() && "AUTO".equals(routings.getFirst().routedBy())) {
                auto++;
                String automatic = routings.getFirst().departmentCode();
                String last = routings.getLast().departmentCode();
                corrected += automatic.equals(last) ? 0 : 1;
                trend.automatic(routings.getFirst().at(), !automatic.equals(last));
                finals.merge(List.of(automatic, last), 1L, Long::sum);
            }
            for (int i = 0; i < routings.size(); i++) {
                Routing routing = routings.get(i);
                Instant end = i + 1 < routings.size() ? routings.get(i + 1).at() : null;
                Tally tally = departments.computeIfAbsent(routing.departmentCode(), code -> new Tally());
                if (routing.departmentName() != null
                        && (tally.namedAt == null || routing.at().isAfter(tally.namedAt))) {
                    // the name as of the latest routing (a department may be renamed in the directory)
                    tally.name = routing.departmentName();
                    tally.namedAt = routing.at();
                }
                assignment(track.id(), routing, within(changes, routing.at(), end), end == null, now, tally, trend);
            }
        }
        List<DepartmentFigures> figures = departments.entrySet().stream().map(e -> figures(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong(DepartmentFigures::received).reversed()
                        .thenComparing(DepartmentFigures::code))
                .toList();
        RoutingQuality quality = new RoutingQuality(auto, corrected, finals.entrySet().stream()
                .map(e -> new RoutingQuality.AutoToFinal(e.getKey().get(0), e.getKey().get(1), e.getValue())).toList(),
                departments.entrySet().stream().map(e -> quality(e.getKey(), e.getValue())).toList(), trend.weeks());
        return new TransparencySummary(now, new TransparencySummary.Period(first, now),
                new TransparencySummary.Proposals(total,
                        byField.entrySet().stream().map(e -> new FieldCount(e.getKey(), e.getValue())).toList(),
                        months(byMonth), share(auto, total)),
                figures, quality);
    }

    private void assignment(String proposalId, Routing routing, List<StatusChange> changes, boolean current,
                            Instant now, Tally tally, WeeklyTrend trend) {
        tally.received.add(proposalId);
        boolean transferred = changes.stream()
                .anyMatch(c -> "DEPARTMENT".equals(c.actor()) && "TRANSFERRED".equals(c.status()));
        tally.transferred += transferred ? 1 : 0;
        Integer answerDays = changes.stream()
                .filter(c -> "DEPARTMENT".equals(c.actor()) && ANSWERS.contains(c.status())).findFirst()
                .map(answer -> businessDays.businessDaysBetween(routing.at().atZone(SEOUL).toLocalDate(),
                        answer.at().atZone(SEOUL).toLocalDate()))
                .orElse(null);
        if (answerDays != null) {
            tally.answerDays.add(answerDays);
        }
        trend.assignment(routing.at(), transferred, answerDays);
        changes.stream().filter(c -> DECISIONS.contains(c.status())).findFirst().ifPresent(decision -> {
            tally.decided.add(proposalId);
            if ("ACCEPTED".equals(decision.status())) {
                tally.accepted.add(proposalId);
            }
        });
        if (current) {
            tally.held++;
            if (changes.isEmpty() && !now.isBefore(deadline(routing.at()))) {
                tally.overdue++;
            }
        }
    }

    /** {@code overdueBusinessDays} business days after {@code routedAt}, at the same time of day in Seoul. */
    Instant deadline(Instant routedAt) {
        ZonedDateTime start = routedAt.atZone(SEOUL);
        return businessDays.plusBusinessDays(start.toLocalDate(), overdueBusinessDays).atTime(start.toLocalTime())
                .atZone(SEOUL).toInstant();
    }

    /** The status changes from {@code start} (inclusive) to {@code end} (exclusive; null = open). */
    private static List<StatusChange> within(List<StatusChange> changes, Instant start, Instant end) {
        return changes.stream().filter(c -> !c.at().isBefore(start) && (end == null || c.at().isBefore(end))).toList();
    }

    private static DepartmentFigures figures(String code, Tally t) {
        long decided = t.decided.size();
        long accepted = t.accepted.size();
        return new DepartmentFigures(code, t.name == null ? code : t.name, t.received.size(), decided, accepted,
                share(accepted, decided), median(t.answerDays), t.overdue);
    }

    private static RoutingQuality.DepartmentQuality quality(String code, Tally t) {
        long received = t.received.size();
        return new RoutingQuality.DepartmentQuality(code, received, t.transferred, share(t.transferred, received),
                median(t.answerDays), percentile90(t.answerDays), t.held, t.overdue, share(t.overdue, t.held));
    }

    /** Every month from the first to the last one with a submission, months without any included as 0. */
    private static List<MonthCount> months(TreeMap<YearMonth, Long> byMonth) {
        List<MonthCount> months = new ArrayList<>();
        if (byMonth.isEmpty()) {
            return months;
        }
        YearMonth last = byMonth.lastKey();
        for (YearMonth m = byMonth.firstKey(); !m.isAfter(last); m = m.plusMonths(1)) {
            months.add(new MonthCount(m.toString(), byMonth.getOrDefault(m, 0L)));
        }
        return months;
    }

    static Double median(List<Integer> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Integer> sorted = values.stream().sorted().toList();
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2.0;
    }

    /** The 90th percentile by nearest rank: the smallest value that at least 90 % of the values do not exceed. */
    static Double percentile90(List<Integer> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Integer> sorted = values.stream().sorted().toList();
        return (double) sorted.get((int) Math.ceil(0.9 * sorted.size()) - 1);
    }

    /** part ÷ whole rounded to four decimals, or null when the whole is 0 (an empty denominator). */
    static Double share(long part, long whole) {
        return whole == 0 ? null : round((double) part / whole);
    }

    static double round(double value) {
        return Math.round(value * 10_000.0) / 10_000.0;
    }
}

package kr.seoul.sane.catalog.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import kr.seoul.sane.catalog.directory.DepartmentName;
import kr.seoul.sane.catalog.transparency.RoutingQuality;
import kr.seoul.sane.catalog.transparency.RoutingQuality.AutoToFinal;
import kr.seoul.sane.catalog.transparency.RoutingQuality.DepartmentQuality;
import kr.seoul.sane.catalog.transparency.RoutingQuality.WeekQuality;
import kr.seoul.sane.catalog.transparency.TransparencySnapshots;
import kr.seoul.sane.catalog.transparency.TransparencySummary;
import kr.seoul.sane.catalog.transparency.TransparencySummary.DepartmentFigures;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The operators' analytics (운영자 전용, behind the ops login like every {@code /ops/catalog} path): how often the
 * automatic routing stood, where it was corrected (auto → final department), how each department answers (transfer
 * rate, first-answer median and p90, overdue share) and the trend over the last weeks. The figures are
 * {@link TransparencySnapshots}' (the event-fed read model), the same ones the Prometheus gauges export.
 */
@Controller
@Tag(name = "카탈로그 운영")
class RoutingAnalyticsController {

    /** The page shows the last twelve weeks; the JSON answer has every week. */
    static final int PAGE_WEEKS = 12;
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final TransparencySnapshots snapshots;
    private final MessageSource messages;

    RoutingAnalyticsController(TransparencySnapshots snapshots, MessageSource messages) {
        this.snapshots = snapshots;
        this.messages = messages;
    }

    /**
     * The JSON form: {@code correctedShare} = corrected ÷ autoRouted; {@code departmentNames} every department's
     * current name by code (the directory's, else as of its last routing); {@code departments} the same with the
     * retired mark and the successor of a retired one.
     */
    record Analytics(Instant generatedAt, Double correctedShare, Map<String, String> departmentNames,
                     List<DepartmentName> departments, RoutingQuality routingQuality) {
    }

    @Operation(summary = "배정 품질과 부서 답변 분석 (운영자)", description = "자동 배정이 최종 부서(이관·운영자 배정 뒤)와 "
            + "얼마나 맞았는지(정정 비율, 자동 → 최종 표), 부서별 이관율, 첫 답변까지 영업일(중앙값, 90번째 백분위), 처리 지연 비율, "
            + "주별 추이. 처리 현황 읽기 모델에서 계산합니다. 부서 이름은 현재 부서 목록을 따르고, 폐지된 부서는 retired와 넘겨받은 "
            + "부서(successorCode, successorName)로 표시합니다.")
    @GetMapping("/api/ops/catalog/analytics")
    @ResponseBody
    Analytics analytics() {
        TransparencySummary s = snapshots.summary();
        Map<String, String> names = new TreeMap<>();
        s.departments().forEach(d -> names.put(d.code(), d.name()));
        return new Analytics(s.generatedAt(), s.routingQuality().correctedShare(), names,
                s.departments().stream().map(DepartmentFigures::departmentName).toList(), s.routingQuality());
    }

    /** An auto → final row: the names, the count and its share of the automatic department's routings. */
    record PairRow(DepartmentName auto, DepartmentName fin, long count, String share, boolean corrected) {
    }

    record DepartmentRow(DepartmentName name, DepartmentQuality q, String transferRate, String median, String p90,
                         String overdueShare) {
    }

    record WeekRow(String label, WeekQuality w, String correctedShare, String transferRate, String median,
                   String p90) {
    }

    @GetMapping("/ops/catalog/analytics")
    String page(Locale locale, Model model) {
        TransparencySummary s = snapshots.summary();
        RoutingQuality q = s.routingQuality();
        Map<String, DepartmentName> names = names(s);
        Map<String, Long> byAuto = new TreeMap<>();
        q.finals().forEach(f -> byAuto.merge(f.auto(), f.count(), Long::sum));
        List<PairRow> pairs = q.finals().stream()
                .sorted(Comparator.comparing((AutoToFinal f) -> f.auto().equals(f.fin()))
                        .thenComparing(AutoToFinal::count, Comparator.reverseOrder())
                        .thenComparing(AutoToFinal::auto).thenComparing(AutoToFinal::fin))
                .map(f -> new PairRow(name(names, f.auto()), name(names, f.fin()), f.count(),
                        FigureText.percent((double) f.count() / byAuto.get(f.auto())), !f.auto().equals(f.fin())))
                .toList();
        List<WeekQuality> recent = q.weeks().subList(Math.max(0, q.weeks().size() - PAGE_WEEKS), q.weeks().size());
        List<WeekRow> weeks = recent.stream().map(w -> new WeekRow(weekLabel(w, locale), w,
                FigureText.percent(w.correctedShare()), FigureText.percent(w.transferRate()),
                FigureText.days(w.medianBusinessDays()), FigureText.days(w.p90BusinessDays()))).toList();
        model.addAttribute("opsPage", "catalog-analytics");
        model.addAttribute("htmlLang", "en".equals(locale.getLanguage()) ? "en" : "ko");
        model.addAttribute("q", q);
        model.addAttribute("updated", s.generatedAt().atZone(SEOUL).format(TIME));
        model.addAttribute("correctedShare", FigureText.percent(q.correctedShare()));
        model.addAttribute("pairs", pairs);
        model.addAttribute("departments", q.departments().stream()
                .sorted(Comparator.comparingLong(DepartmentQuality::received).reversed()
                        .thenComparing(DepartmentQuality::code))
                .map(d -> new DepartmentRow(name(names, d.code()), d, FigureText.percent(d.transferRate()),
                        FigureText.days(d.medianBusinessDays()), FigureText.days(d.p90BusinessDays()),
                        FigureText.percent(d.overdueShare()))).toList());
        model.addAttribute("weeks", weeks);
        model.addAttribute("correctedChart", BarChart.vertical(weeks.stream().map(w -> new BarChart.Entry(
                shortWeek(w.w().monday()), w.w().correctedShare() == null ? 0 : w.w().correctedShare() * 100,
                w.correctedShare())).toList()));
        model.addAttribute("answerChart", BarChart.vertical(weeks.stream().map(w -> new BarChart.Entry(
                shortWeek(w.w().monday()), w.w().medianBusinessDays() == null ? 0 : w.w().medianBusinessDays(),
                w.median())).toList()));
        model.addAttribute("chartWeeks", weeks.size());
        return "ops/analytics";
    }

    private static Map<String, DepartmentName> names(TransparencySummary s) {
        Map<String, DepartmentName> names = new TreeMap<>();
        s.departments().forEach(d -> names.put(d.code(), d.departmentName()));
        return names;
    }

    private static DepartmentName name(Map<String, DepartmentName> names, String code) {
        return names.getOrDefault(code, DepartmentName.active(code, code));
    }

    /** 2026년 11월 16일 주 / week of 16 Nov 2026, with the ISO week ({@code 2026-W47}). */
    private String weekLabel(WeekQuality w, Locale locale) {
        LocalDate m = w.monday();
        return messages.getMessage("ops.analytics.week.label", new Object[]{String.valueOf(m.getYear()),
                String.valueOf(m.getMonthValue()), String.valueOf(m.getDayOfMonth()),
                m.format(DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH)), w.week()}, locale);
    }

    private static String shortWeek(LocalDate monday) {
        return String.format("%d.%d", monday.getMonthValue(), monday.getDayOfMonth());
    }
}

package kr.seoul.sane.catalog.web;

import kr.seoul.sane.catalog.field.CooperationField;
import kr.seoul.sane.catalog.transparency.TransparencySnapshots;
import kr.seoul.sane.catalog.transparency.TransparencySummary;
import kr.seoul.sane.catalog.transparency.TransparencySummary.DepartmentFigures;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * {@code /transparency}: how the city answers, in public. The figures of {@link TransparencySnapshots} as
 * server-rendered SVG charts, each with a table of the same numbers, and the department table. No JavaScript.
 */
@Controller
class TransparencyPageController {

    /** The month chart shows the last two years; the table below it lists every month. */
    static final int CHART_MONTHS = 24;
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final DateTimeFormatter TIME_KO = DateTimeFormatter.ofPattern("yyyy년 M월 d일 HH:mm");
    private static final DateTimeFormatter TIME_EN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter DAY_KO = DateTimeFormatter.ofPattern("yyyy년 M월 d일");
    private static final DateTimeFormatter DAY_EN = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    private final TransparencySnapshots snapshots;
    private final MessageSource messages;

    TransparencyPageController(TransparencySnapshots snapshots, MessageSource messages) {
        this.snapshots = snapshots;
        this.messages = messages;
    }

    /** A field row: its name and count. */
    record FieldRow(String name, long count) {
    }

    /** A department row with its numbers as shown (a dash for an empty denominator). */
    record DepartmentRow(DepartmentFigures d, String acceptanceRate, String medianDays) {
    }

    @GetMapping("/transparency")
    String transparency(Locale locale, Model model) {
        boolean en = "en".equals(locale.getLanguage());
        TransparencySummary s = snapshots.summary();
        List<FieldRow> fields = s.proposals().byField().stream().map(f -> new FieldRow(
                CooperationField.fromCode(f.field()).map(c -> c.displayName(en))
                        .orElse(text("transparency.field.unspecified", locale)), f.count())).toList();
        List<TransparencySummary.MonthCount> months = s.proposals().byMonth();
        List<TransparencySummary.MonthCount> charted = months.subList(Math.max(0, months.size() - CHART_MONTHS),
                months.size());
        model.addAttribute("s", s);
        model.addAttribute("updated", time(s.generatedAt(), en ? TIME_EN : TIME_KO));
        model.addAttribute("from", s.period().from() == null ? null : time(s.period().from(), en ? DAY_EN : DAY_KO));
        model.addAttribute("to", time(s.period().to(), en ? DAY_EN : DAY_KO));
        model.addAttribute("autoShare", FigureText.percent(s.proposals().autoRoutedShare()));
        model.addAttribute("fields", fields);
        model.addAttribute("fieldChart", BarChart.horizontal(fields.stream()
                .map(f -> new BarChart.Entry(f.name(), f.count(), Long.toString(f.count()))).toList()));
        model.addAttribute("months", months.stream().map(m -> new FieldRow(month(m.month(), en), m.count())).toList());
        model.addAttribute("monthChart", BarChart.vertical(charted.stream()
                .map(m -> new BarChart.Entry(shortMonth(m.month()), m.count(), Long.toString(m.count()))).toList()));
        model.addAttribute("departments", s.departments().stream().map(d -> new DepartmentRow(d,
                FigureText.percent(d.acceptanceRate()), FigureText.days(d.medianBusinessDaysToFirstAnswer()))).toList());
        return "transparency";
    }

    private String text(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }

    private static String time(Instant instant, DateTimeFormatter format) {
        return instant.atZone(SEOUL).format(format);
    }

    private static String month(String month, boolean en) {
        YearMonth m = YearMonth.parse(month);
        return en ? m.format(DateTimeFormatter.ofPattern("MMM yyyy", Locale.ENGLISH))
                : m.getYear() + "년 " + m.getMonthValue() + "월";
    }

    private static String shortMonth(String month) {
        YearMonth m = YearMonth.parse(month);
        return String.format("%02d.%02d", m.getYear() % 100, m.getMonthValue());
    }
}

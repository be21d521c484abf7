package kr.seoul.sane.catalog.transparency;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The operators' routing-quality and answer-time figures ({@link RoutingQuality}) as Prometheus gauges, taken from
 * the transparency figures after this instance has written to the read model: checked every
 * {@code catalog.transparency.metrics-interval} (10 s), recomputed at most once per
 * {@code catalog.transparency.refresh-after} (one minute) except while no department is known yet, so the first
 * events show within seconds; nothing is computed while no event arrives. Every instance exports the same values:
 * dashboards take {@code max}.
 */
@Component
@EnableScheduling
class TransparencyMetrics {

    /** The weekly gauges cover the last twelve weeks (older weeks drop out, so the label set stays small). */
    static final int TREND_WEEKS = 12;

    private final TransparencySnapshots snapshots;
    private final ResponseLedger ledger;
    private final AtomicReference<RoutingQuality> current = new AtomicReference<>(
            new RoutingQuality(0, 0, List.of(), List.of(), List.of()));
    private final MultiGauge finals;
    private final MultiGauge transferRatio;
    private final MultiGauge medianDays;
    private final MultiGauge p90Days;
    private final MultiGauge overdueRatio;
    private final MultiGauge weekCorrectedRatio;
    private final MultiGauge weekMedianDays;
    private final Clock clock;
    private final Duration refreshAfter;
    private long seenWrites = -1;
    private Instant refreshed;

    TransparencyMetrics(TransparencySnapshots snapshots, ResponseLedger ledger, MeterRegistry meters, Clock clock,
                        @Value("${catalog.transparency.refresh-after:PT1M}") Duration refreshAfter) {
        this.snapshots = snapshots;
        this.ledger = ledger;
        this.clock = clock;
        this.refreshAfter = refreshAfter;
        Gauge.builder("sane.transparency.routing.auto", current, q -> q.get().autoRouted())
                .description("proposals whose first routing was automatic").register(meters);
        Gauge.builder("sane.transparency.routing.corrected", current, q -> q.get().corrected())
                .description("proposals routed automatically whose final department is another one").register(meters);
        finals = MultiGauge.builder("sane.transparency.routing.final")
                .description("proposals routed automatically, by automatic and final department").register(meters);
        transferRatio = MultiGauge.builder("sane.transparency.department.transfer.ratio")
                .description("share of the proposals a department received that it transferred").register(meters);
        medianDays = MultiGauge.builder("sane.transparency.first.answer.business.days.median")
                .description("median business days from routing to the department's first answer").register(meters);
        p90Days = MultiGauge.builder("sane.transparency.first.answer.business.days.p90")
                .description("90th percentile of the business days from routing to the department's first answer")
                .register(meters);
        overdueRatio = MultiGauge.builder("sane.transparency.department.overdue.ratio")
                .description("share of the proposals a department holds now that are overdue").register(meters);
        weekCorrectedRatio = MultiGauge.builder("sane.transparency.week.routing.corrected.ratio")
                .description("share of the automatic routings of a week whose final department is another one")
                .register(meters);
        weekMedianDays = MultiGauge.builder("sane.transparency.week.first.answer.business.days.median")
                .description("median business days to the first answer of the assignments begun in a week")
                .register(meters);
    }

    @Scheduled(fixedDelayString = "${catalog.transparency.metrics-interval:PT10S}", initialDelay = 10_000)
    synchronized void refresh() {
        long writes = ledger.bulkWrites();
        Instant now = clock.instant();
        boolean due = refreshed == null || current.get().departments().isEmpty()
                || !now.isBefore(refreshed.plus(refreshAfter));
        if (writes == seenWrites || !due) {
            return;
        }
        seenWrites = writes;
        refreshed = now;
        publish(snapshots.refresh().routingQuality());
    }

    void publish(RoutingQuality quality) {
        current.set(quality);
        finals.register(quality.finals().stream().map(f -> MultiGauge.Row.of(
                Tags.of("auto", f.auto(), "final", f.fin()), f.count())).toList(), true);
        List<MultiGauge.Row<?>> ratios = new ArrayList<>();
        List<MultiGauge.Row<?>> medians = new ArrayList<>();
        List<MultiGauge.Row<?>> p90s = new ArrayList<>();
        List<MultiGauge.Row<?>> overdue = new ArrayList<>();
        for (RoutingQuality.DepartmentQuality d : quality.departments()) {
            Tags department = Tags.of("department", d.code());
            ratios.add(MultiGauge.Row.of(department, orNaN(d.transferRate())));
            medians.add(MultiGauge.Row.of(department, orNaN(d.medianBusinessDays())));
            p90s.add(MultiGauge.Row.of(department, orNaN(d.p90BusinessDays())));
            overdue.add(MultiGauge.Row.of(department, orNaN(d.overdueShare())));
        }
        transferRatio.register(ratios, true);
        medianDays.register(medians, true);
        p90Days.register(p90s, true);
        overdueRatio.register(overdue, true);
        List<RoutingQuality.WeekQuality> recent = quality.weeks().subList(
                Math.max(0, quality.weeks().size() - TREND_WEEKS), quality.weeks().size());
        weekCorrectedRatio.register(recent.stream().map(w -> MultiGauge.Row.of(Tags.of("week", w.week()),
                orNaN(w.correctedShare()))).toList(), true);
        weekMedianDays.register(recent.stream().map(w -> MultiGauge.Row.of(Tags.of("week", w.week()),
                orNaN(w.medianBusinessDays()))).toList(), true);
    }

    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }
}

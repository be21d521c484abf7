package kr.seoul.sane.routing.decision;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code sane_routing_decisions_total{outcome=auto|triage|operator|transfer|not_a_proposal|withdrawn}} and the distribution of the classifier's
 * confidence ({@code sane_routing_confidence}); {@code sane_routing_triage_backlog}, the proposals in the triage
 * queue now (stored decisions with outcome TRIAGE, counted by the store every 15 s, not on each scrape; a withdrawn
 * proposal has left it).
 */
@Component
class RoutingMetrics {

    private static final Logger log = LoggerFactory.getLogger(RoutingMetrics.class);

    private final Counter auto;
    private final Counter triage;
    private final Counter operator;
    private final Counter transfer;
    private final Counter notAProposal;
    private final Counter withdrawn;
    private final DistributionSummary confidence;
    private final RoutingDecisionRepository decisions;
    private final AtomicLong triageBacklog = new AtomicLong();

    RoutingMetrics(MeterRegistry registry, RoutingDecisionRepository decisions) {
        this.decisions = decisions;
        auto = decisions(registry, "auto");
        triage = decisions(registry, "triage");
        operator = decisions(registry, "operator");
        transfer = decisions(registry, "transfer");
        notAProposal = decisions(registry, "not_a_proposal");
        withdrawn = decisions(registry, "withdrawn");
        confidence = DistributionSummary.builder("sane.routing.confidence")
                .description("Calibrated confidence of the first suggested department")
                .serviceLevelObjectives(0.3, 0.5, 0.7, 0.9)
                .register(registry);
        Gauge.builder("sane.routing.triage.backlog", triageBacklog, AtomicLong::get)
                .description("Proposals in the triage queue (routing decisions with outcome TRIAGE)")
                .register(registry);
    }

    @Scheduled(fixedDelayString = "${sane.routing.triage-backlog-refresh:15s}", initialDelay = 1000)
    void refreshTriageBacklog() {
        try {
            triageBacklog.set(decisions.countByOutcome(RoutingDecision.Outcome.TRIAGE));
        } catch (RuntimeException e) {
            log.debug("triage backlog not refreshed: {}", e.toString());
        }
    }

    private static Counter decisions(MeterRegistry registry, String outcome) {
        return Counter.builder("sane.routing.decisions")
                .description("Routing decisions by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    void decided(RoutingDecision d) {
        (d.outcome() == RoutingDecision.Outcome.ROUTED ? auto : triage).increment();
        confidence.record(d.confidence());
    }

    /** Back to triage after the classifier's decision (a transfer to an unknown department): no new confidence. */
    void retriaged() {
        triage.increment();
    }

    void reassigned() {
        operator.increment();
    }

    void transferred() {
        transfer.increment();
    }

    void notAProposal() {
        notAProposal.increment();
    }

    void withdrawn() {
        withdrawn.increment();
    }
}

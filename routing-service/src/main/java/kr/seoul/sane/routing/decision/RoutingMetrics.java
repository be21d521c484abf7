package kr.seoul.sane.routing.decision;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * {@code sane_routing_decisions_total{outcome=auto|triage|operator|transfer|not_a_proposal}} and the distribution of the classifier's
 * confidence ({@code sane_routing_confidence}).
 */
@Component
class RoutingMetrics {

    private final Counter auto;
    private final Counter triage;
    private final Counter operator;
    private final Counter transfer;
    private final Counter notAProposal;
    private final DistributionSummary confidence;

    RoutingMetrics(MeterRegistry registry) {
        auto = decisions(registry, "auto");
        triage = decisions(registry, "triage");
        operator = decisions(registry, "operator");
        transfer = decisions(registry, "transfer");
        notAProposal = decisions(registry, "not_a_proposal");
        confidence = DistributionSummary.builder("sane.routing.confidence")
                .description("Calibrated confidence of the first suggested department")
                .serviceLevelObjectives(0.3, 0.5, 0.7, 0.9)
                .register(registry);
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
}

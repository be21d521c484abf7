package kr.seoul.sane.routing.decision;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * The one path of every reassignment, the operators' ({@link OperatorCommands#assign}, or their assignment reported
 * by proposal-service) and the departments' transfers ({@link StatusChangeHandler}).
 */
@Component
class Reassignment {

    static final String OPERATOR = "OPERATOR";
    static final String TRANSFER = "TRANSFER";

    private static final Logger log = LoggerFactory.getLogger(Reassignment.class);

    private final DecisionStore store;
    private final CorrectionLearning learning;
    private final RoutingMetrics metrics;
    private final Clock clock;

    Reassignment(DecisionStore store, CorrectionLearning learning, RoutingMetrics metrics, Clock clock) {
        this.store = store;
        this.learning = learning;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * The decision is stored as ROUTED to {@code departmentCode} by {@code by} (the current department becomes the
     * previous one, none for a proposal in triage, so it leaves the triage queue), and the correction is learned at
     * once. The event waits in the outbox; the caller publishes.
     */
    RoutingDecision reassign(RoutingDecision current, String departmentCode, String by, String causeId) {
        RoutingDecision updated = store.store(current.reassignedTo(departmentCode, by, causeId, clock.instant())
                .withPending(causeId));
        learning.routing(updated, by);
        if (OPERATOR.equals(by)) {
            metrics.reassigned();
            log.info("proposal {} assigned by an operator to {} (was {})", current.proposalId(), departmentCode,
                    current.outcome() == RoutingDecision.Outcome.ROUTED ? current.departmentCode() : current.outcome());
        } else {
            metrics.transferred();
            log.info("proposal {} transferred from {} to {}", current.proposalId(), current.departmentCode(),
                    departmentCode);
        }
        return updated;
    }
}

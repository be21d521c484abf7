package kr.seoul.sane.routing.decision;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The operators' commands on a stored {@link RoutingDecision}: assign a department, judge a text not to be a
 * proposal, list the triage queue. Each change is stored with its event in the decision's outbox (one write),
 * published, and the entry cleared after the broker's acknowledgement; what fails in between is published by the
 * outbox relay under the same event id.
 */
@Service
public class OperatorCommands {

    private static final Logger log = LoggerFactory.getLogger(OperatorCommands.class);

    private final DecisionStore store;
    private final Reassignment reassignment;
    private final CorrectionLearning learning;
    private final DecisionOutbox outbox;
    private final RoutingMetrics metrics;
    private final RoutingDecisionRepository decisions;
    private final Clock clock;

    OperatorCommands(DecisionStore store, Reassignment reassignment, CorrectionLearning learning,
                     DecisionOutbox outbox, RoutingMetrics metrics, RoutingDecisionRepository decisions, Clock clock) {
        this.store = store;
        this.reassignment = reassignment;
        this.learning = learning;
        this.outbox = outbox;
        this.metrics = metrics;
        this.decisions = decisions;
        this.clock = clock;
    }

    /**
     * An operator assigns the proposal to {@code departmentCode}: the decision is updated, {@code proposal.routed}
     * (routedBy OPERATOR) is published, and the proposal becomes a learned example at once.
     *
     * @return the new decision, empty when the proposal is unknown
     * @throws WithdrawnException when the applicant withdrew the proposal
     */
    public Optional<RoutingDecision> assign(String proposalId, String departmentCode) {
        Optional<RoutingDecision> current = store.open(proposalId);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        String causeId = "operator|" + proposalId + "|" + UUID.randomUUID();
        RoutingDecision updated = reassignment.reassign(current.get(), departmentCode, Reassignment.OPERATOR, causeId);
        outbox.publish(updated);
        return Optional.of(updated);
    }

    /**
     * An operator judges the proposal not to be a cooperation proposal: the decision leaves the triage queue,
     * {@code proposal.triaged} (reasonCode NOT_A_PROPOSAL, decidedBy OPERATOR, the operator's reason) is published,
     * and the text is learned as a negative example at once.
     *
     * @return the new decision, empty when the proposal is unknown
     * @throws WithdrawnException when the applicant withdrew the proposal
     */
    public Optional<RoutingDecision> markNotAProposal(String proposalId, String reason, String operator) {
        Optional<RoutingDecision> current = store.open(proposalId);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        String causeId = "not-a-proposal|" + proposalId + "|" + UUID.randomUUID();
        RoutingDecision updated = store.store(current.get().notAProposal(reason, causeId, clock.instant())
                .withPending(causeId));
        outbox.publish(updated);
        learning.notAProposal(updated);
        metrics.notAProposal();
        log.info("proposal {} marked as not a proposal by operator {}", proposalId, operator);
        return Optional.of(updated);
    }

    /** Proposals waiting in the triage queue, oldest first. */
    public List<RoutingDecision> triageQueue() {
        return decisions.findByOutcomeOrderByDecidedAtAsc(RoutingDecision.Outcome.TRIAGE);
    }
}

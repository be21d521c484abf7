package kr.seoul.sane.routing.decision;

import kr.seoul.sane.events.Envelope;
import kr.seoul.sane.routing.classifier.DepartmentDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.util.Optional;

/**
 * Handles {@code proposal.status-changed}: departments' transfers and operators' assignments reported by
 * proposal-service ({@code TRANSFERRED}), its "not a proposal" verdicts and the applicants' withdrawals. Idempotent
 * on the incoming eventId ({@code processed_events}); a change that publishes goes through the decision's outbox.
 */
@Component
class StatusChangeHandler {

    private static final Logger log = LoggerFactory.getLogger(StatusChangeHandler.class);
    private static final String TYPE = "proposal.status-changed";
    private static final String WITHDRAWN = "WITHDRAWN";

    private final DecisionStore store;
    private final Reassignment reassignment;
    private final CorrectionLearning learning;
    private final ProcessedEvents processed;
    private final DecisionOutbox outbox;
    private final RoutingMetrics metrics;
    private final DepartmentDirectory directory;
    private final Clock clock;

    StatusChangeHandler(DecisionStore store, Reassignment reassignment, CorrectionLearning learning,
                        ProcessedEvents processed, DecisionOutbox outbox, RoutingMetrics metrics,
                        DepartmentDirectory directory, Clock clock) {
        this.store = store;
        this.reassignment = reassignment;
        this.learning = learning;
        this.processed = processed;
        this.outbox = outbox;
        this.metrics = metrics;
        this.directory = directory;
        this.clock = clock;
    }

    /**
     * {@code WITHDRAWN} (the applicant's erasure of an open proposal) takes the proposal out of triage, publishing
     * and learning nothing; a withdrawn proposal ignores every later status. {@code NOT_A_PROPOSAL} takes the
     * proposal out of triage and learns it as a negative example (see {@link #recordNotAProposal}).
     * {@code TRANSFERRED}: the department recorded in the stored decision hands the proposal to
     * {@code payload.departmentCode}; a new {@code proposal.routed} (routedBy TRANSFER, previousDepartmentCode = the
     * department that transferred) is published and the transfer becomes a learned example at once. With
     * {@code actor: OPERATOR} it is an operator's correction (e.g. the one-click assignment of a proposal in triage):
     * routedBy OPERATOR, previousDepartmentCode null when the proposal was in triage, learned with source OPERATOR,
     * through the same path as {@link OperatorCommands#assign}. A target that is not in the directory (or none) sends
     * the proposal to triage. Idempotent on the incoming eventId; a retry after a failed publish re-publishes the
     * stored result under the same event id.
     *
     * @param event a {@code proposal.status-changed} event (the reader refuses one without eventId or proposalId)
     */
    void onStatusChanged(Envelope<JsonNode> event) {
        String eventId = event.eventId();
        String proposalId = event.proposalId();
        JsonNode payload = event.payload();
        String status = payload.path("status").asString(null);
        if (!"TRANSFERRED".equals(status) && !"NOT_A_PROPOSAL".equals(status) && !WITHDRAWN.equals(status)) {
            return;
        }
        if (processed.contains(eventId)) {
            log.debug("event {} for proposal {} already handled", eventId, proposalId);
            return;
        }
        Optional<RoutingDecision> current = store.find(proposalId);
        if (current.isEmpty()) {
            log.warn("status {} of proposal {} ignored: no routing decision is stored for it", status, proposalId);
            processed.add(eventId, TYPE);
            return;
        }
        if (current.get().outcome() == RoutingDecision.Outcome.WITHDRAWN) {
            // the applicant withdrew it: nothing moves it again (proposal-service does not report changes after it)
            log.info("status {} of withdrawn proposal {} ignored", status, proposalId);
            processed.add(eventId, TYPE);
            return;
        }
        if (WITHDRAWN.equals(status)) {
            recordWithdrawal(current.get(), payload.path("actor").asString("APPLICANT"), "status|" + eventId);
            processed.add(eventId, TYPE);
            return;
        }
        if ("NOT_A_PROPOSAL".equals(status)) {
            recordNotAProposal(current.get(), payload.path("note").isString() ? payload.path("note").asString() : null,
                    "status|" + eventId);
            processed.add(eventId, TYPE);
            return;
        }
        String causeId = "transfer|" + eventId;
        RoutingDecision decision = current.get();
        if (!causeId.equals(decision.lastCauseId())) {
            String target = payload.path("departmentCode").isString() ? payload.path("departmentCode").asString() : null;
            String from = decision.departmentCode();
            if (target != null && target.equals(from)) {
                log.info("transfer of proposal {} to its own department {} ignored", proposalId, target);
                processed.add(eventId, TYPE);
                return;
            }
            // an operator's transfer (e.g. the one-click assignment from triage) is an operator's correction
            String by = Reassignment.OPERATOR.equals(payload.path("actor").asString(null))
                    ? Reassignment.OPERATOR : Reassignment.TRANSFER;
            decision = directory.contains(target) ? reassignment.reassign(decision, target, by, causeId)
                    : retriage(decision, target, by, causeId);
        }
        // a retry of this event finds the change stored: its event is published only while it is still pending
        outbox.publish(decision);
        processed.add(eventId, TYPE);
    }

    /** A transfer to a code the directory does not know: the proposal goes back to triage. */
    private RoutingDecision retriage(RoutingDecision decision, String target, String by, String causeId) {
        String from = decision.departmentCode();
        String fromName = directory.find(from).map(d -> d.name()).orElse("없음");
        RoutingDecision triaged = decision.toTriage("LOW_CONFIDENCE", (Reassignment.OPERATOR.equals(by) ? "운영자" : "부서")
                + " 이관 요청의 대상 부서 코드(" + target + ")가 부서 목록에 없어 운영자 확인이 필요합니다. 이관한 부서: "
                + fromName + ".", by, causeId, clock.instant());
        triaged = store.store(triaged.withPending(causeId));
        metrics.retriaged();
        log.warn("transfer of proposal {} from {} names unknown department {}; sent to triage",
                decision.proposalId(), from, target);
        return triaged;
    }

    /**
     * proposal-service reports status NOT_A_PROPOSAL (e.g. set from its own ops console): the decision leaves the
     * triage queue and the text is learned as a negative example; nothing is published, the status is already known.
     * When the verdict came from this service's API the decision already says so and nothing changes.
     */
    private void recordNotAProposal(RoutingDecision current, String note, String causeId) {
        if (current.outcome() == RoutingDecision.Outcome.NOT_A_PROPOSAL) {
            return;
        }
        String reason = note == null || note.isBlank() ? "운영자가 협력 제안이 아니라고 판단했습니다." : note;
        RoutingDecision updated = store.store(current.notAProposal(reason, causeId, clock.instant()));
        learning.notAProposal(updated);
        metrics.notAProposal();
        log.info("proposal {} is not a proposal according to proposal-service", updated.proposalId());
    }

    /**
     * proposal-service reports status WITHDRAWN (the applicant had their personal data erased while the proposal
     * was open): the decision leaves the triage queue (or its department); nothing is published, nothing learned.
     */
    private void recordWithdrawal(RoutingDecision current, String actor, String causeId) {
        store.store(current.withdrawn(actor, causeId, clock.instant()));
        metrics.withdrawn();
        log.info("proposal {} withdrawn ({} before)", current.proposalId(),
                current.outcome() == RoutingDecision.Outcome.ROUTED ? current.departmentCode() : current.outcome());
    }
}

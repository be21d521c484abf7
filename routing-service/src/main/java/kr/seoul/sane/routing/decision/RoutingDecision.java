package kr.seoul.sane.routing.decision;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The routing of one proposal, keyed by proposal id: the candidates, the confidence, the reasons and whether it
 * went to a department ({@code AUTO}/{@code OPERATOR}/{@code TRANSFER}), waits in triage, was judged not to be a
 * proposal by an operator, or was withdrawn by the applicant. The proposal snapshot is kept so a reassignment or a transfer can publish a complete
 * {@code proposal.routed}; its personal fields are removed on the applicant's erasure and after the retention
 * period ({@code kr.seoul.sane.routing.decision.PersonalDataEraser}). {@code lastCauseId} names what caused the latest change (e.g. {@code transfer|<eventId>}),
 * so a retried event re-publishes the stored result instead of changing it twice. {@code supportingDepartments}:
 * codes of the departments an automatic routing shares the proposal with (empty otherwise; a reassignment drops them,
 * an operator's or a department's choice stands alone). {@code pendingCauseId} is the outbox: the cause whose event
 * ({@code proposal.routed} / {@code proposal.triaged}) the broker has not acknowledged yet; it is stored in the same
 * write as the change and cleared only after the acknowledgement (null when nothing is pending).
 */
@Document("routing_decisions")
public record RoutingDecision(
        @Id String proposalId,
        String sourceEventId,
        String trackingCode,
        Outcome outcome,
        String departmentCode,
        List<CandidateScore> candidates,
        double confidence,
        List<String> reasons,
        String triageReason,
        String triageExplanation,
        String routedBy,
        String previousDepartmentCode,
        Instant decidedAt,
        String traceparent,
        Map<String, Object> proposal,
        String lastCauseId,
        List<String> supportingDepartments,
        String pendingCauseId) {

    public RoutingDecision {
        supportingDepartments = supportingDepartments == null ? List.of() : List.copyOf(supportingDepartments);
    }

    /**
     * ROUTED: a department has it; TRIAGE: it waits in the operators' queue; NOT_A_PROPOSAL: an operator judged it
     * not to be a proposal; WITHDRAWN: the applicant withdrew it (erasure on request in proposal-service), it is
     * out of the queue and is neither published nor reassigned again.
     */
    public enum Outcome { ROUTED, TRIAGE, NOT_A_PROPOSAL, WITHDRAWN }

    public record CandidateScore(String departmentCode, double score) {
    }

    /** Routed to {@code department} by {@code by} (OPERATOR or TRANSFER); the current department becomes the previous one. */
    RoutingDecision reassignedTo(String department, String by, String causeId, Instant at) {
        return new RoutingDecision(proposalId, sourceEventId, trackingCode, Outcome.ROUTED, department, candidates,
                confidence, reasons, null, null, by, departmentCode, at, traceparent, proposal, causeId, List.of(),
                null);
    }

    /** Back to the triage queue (e.g. a transfer to a department code that is not in the directory). */
    RoutingDecision toTriage(String reasonCode, String explanation, String by, String causeId, Instant at) {
        return new RoutingDecision(proposalId, sourceEventId, trackingCode, Outcome.TRIAGE, null, candidates,
                confidence, reasons, reasonCode, explanation, by, departmentCode, at, traceparent, proposal,
                causeId, List.of(), null);
    }

    /** An operator's verdict: not a cooperation proposal; leaves the triage queue. */
    RoutingDecision notAProposal(String reason, String causeId, Instant at) {
        return new RoutingDecision(proposalId, sourceEventId, trackingCode, Outcome.NOT_A_PROPOSAL, null, candidates,
                confidence, reasons, "NOT_A_PROPOSAL", reason, "OPERATOR", departmentCode, at, traceparent,
                proposal, causeId, List.of(), null);
    }

    /** The applicant withdrew the proposal: it leaves the triage queue; the department it had becomes the previous one. */
    RoutingDecision withdrawn(String actor, String causeId, Instant at) {
        return new RoutingDecision(proposalId, sourceEventId, trackingCode, Outcome.WITHDRAWN, null, candidates,
                confidence, reasons, null, null, actor, departmentCode, at, traceparent, proposal, causeId,
                List.of(), null);
    }

    /** The same decision with another proposal snapshot (the stored, anonymised one). */
    RoutingDecision withProposal(Map<String, Object> snapshot) {
        return new RoutingDecision(proposalId, sourceEventId, trackingCode, outcome, departmentCode, candidates,
                confidence, reasons, triageReason, triageExplanation, routedBy, previousDepartmentCode, decidedAt,
                traceparent, snapshot, lastCauseId, supportingDepartments, pendingCauseId);
    }

    /** The same decision with its event under {@code causeId} waiting in the outbox. */
    RoutingDecision withPending(String causeId) {
        return new RoutingDecision(proposalId, sourceEventId, trackingCode, outcome, departmentCode, candidates,
                confidence, reasons, triageReason, triageExplanation, routedBy, previousDepartmentCode, decidedAt,
                traceparent, proposal, lastCauseId, supportingDepartments, causeId);
    }
}

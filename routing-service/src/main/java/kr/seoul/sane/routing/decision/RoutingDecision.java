package kr.seoul.sane.routing.decision;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The routing of one proposal, keyed by proposal id: the candidates, the confidence, the reasons and whether it
 * went to a department ({@code AUTO}/{@code OPERATOR}) or waits in triage. The proposal snapshot is kept so an
 * operator's reassignment can publish a complete {@code proposal.routed}.
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
        Map<String, Object> proposal) {

    public enum Outcome { ROUTED, TRIAGE }

    public record CandidateScore(String departmentCode, double score) {
    }

    RoutingDecision reassignedTo(String department, String by) {
        return new RoutingDecision(proposalId, sourceEventId, trackingCode, Outcome.ROUTED, department, candidates,
                confidence, reasons, null, null, by, departmentCode, Instant.now(), traceparent, proposal);
    }
}

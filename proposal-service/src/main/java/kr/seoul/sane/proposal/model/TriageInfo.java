package kr.seoul.sane.proposal.model;

import java.time.Instant;
import java.util.List;

/**
 * Why routing-service sent a proposal to the operators' triage queue, as {@code proposal.triaged} said: reason code
 * ({@code LOW_CONFIDENCE}, {@code NOT_A_PROPOSAL}, {@code SUSPICIOUS}), the Korean reason, the confidence, the top 3
 * candidate departments with their scores and who sent it ({@code AUTO}, {@code TRANSFER}, {@code OPERATOR}).
 */
public record TriageInfo(String reasonCode, String reason, Double confidence, List<Candidate> candidates,
                         String decidedBy, Instant at) {

    public TriageInfo {
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
    }

    public record Candidate(String departmentCode, double score) {
    }
}

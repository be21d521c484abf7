package kr.seoul.sane.routing.classifier;

import java.util.List;

/**
 * The classifier's verdict: up to three candidates (best first), the confidence of the first, the reasons in Korean,
 * and either automatic routing or a triage reason.
 */
public record Classification(List<Candidate> candidates, double confidence, List<String> reasons,
                             TriageReason triageReason, String triageExplanation) {

    public boolean autoRouted() {
        return triageReason == null;
    }

    /** The department suggested first, or null when nothing matched at all. */
    public String topDepartment() {
        return candidates.isEmpty() ? null : candidates.getFirst().departmentCode();
    }
}

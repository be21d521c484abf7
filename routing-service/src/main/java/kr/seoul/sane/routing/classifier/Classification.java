package kr.seoul.sane.routing.classifier;

import java.util.List;

/**
 * The classifier's verdict: up to three candidates (best first), the calibrated confidence of the first (an estimate
 * of the probability that it is right), the reasons in Korean, either automatic routing or a triage reason, and for
 * an automatic routing the supporting departments (codes) when the proposal clearly spans more than one.
 */
public record Classification(List<Candidate> candidates, double confidence, List<String> reasons,
                             TriageReason triageReason, String triageExplanation, List<String> supportingDepartments) {

    public Classification {
        supportingDepartments = supportingDepartments == null ? List.of() : List.copyOf(supportingDepartments);
    }

    public boolean autoRouted() {
        return triageReason == null;
    }

    /** The department suggested first, or null when nothing matched at all. */
    public String topDepartment() {
        return candidates.isEmpty() ? null : candidates.getFirst().departmentCode();
    }
}

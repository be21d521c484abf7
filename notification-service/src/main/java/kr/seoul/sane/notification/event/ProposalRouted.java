package kr.seoul.sane.notification.event;

import java.util.List;

/** Payload of {@code proposal.routed}: the responsible department (담당부서) and why. */
public record ProposalRouted(
        String departmentCode,
        String departmentName,
        String departmentEmail,
        List<SupportingDepartment> supportingDepartments,
        double confidence,
        List<String> reasons,
        List<Candidate> candidates,
        String routedBy,
        String previousDepartmentCode,
        ProposalSnapshot proposal) {

    public record SupportingDepartment(String code, String name, String email) {
    }

    public record Candidate(String departmentCode, double score) {
    }

    public List<SupportingDepartment> supportingDepartmentsOrEmpty() {
        return supportingDepartments == null ? List.of() : supportingDepartments;
    }

    public List<String> reasonsOrEmpty() {
        return reasons == null ? List.of() : reasons;
    }

    public List<Candidate> candidatesOrEmpty() {
        return candidates == null ? List.of() : candidates;
    }
}

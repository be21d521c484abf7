package kr.seoul.sane.notification.event;

import java.util.List;

/**
 * Payload of {@code proposal.routed}: the responsible department (담당부서) and why. The addresses it carries
 * ({@code departmentEmail}, the supporting departments' {@code email}) are never mailed: departments are mailed at the
 * directory's address for their code.
 */
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

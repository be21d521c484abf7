package kr.seoul.sane.notification.event;

/** Payload of {@code proposal.status-changed}. */
public record ProposalStatusChanged(
        String trackingCode,
        String status,
        String previousStatus,
        String departmentCode,
        String actor,
        String note) {
}

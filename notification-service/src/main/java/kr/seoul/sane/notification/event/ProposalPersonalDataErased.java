package kr.seoul.sane.notification.event;

import java.time.Instant;

/** Payload of {@code proposal.personal-data-erased}: proposal-service erased the applicant's personal data. */
public record ProposalPersonalDataErased(
        String trackingCode,
        String previousStatus,
        String status,
        boolean withdrawn,
        Instant erasedAt) {
}

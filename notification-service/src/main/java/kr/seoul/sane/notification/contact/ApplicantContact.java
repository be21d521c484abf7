package kr.seoul.sane.notification.contact;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/**
 * What notification-service remembers about a proposal to mail its applicant later:
 * {@code proposal.status-changed} carries no address or language. After the applicant's erasure only the id and
 * {@code erasedAt} remain, after the retention period only the id and {@code expiredAt} (a tombstone either way:
 * later events of the proposal mail nobody and store nothing).
 */
@Document("applicant_contacts")
public record ApplicantContact(
        @Id String proposalId,
        String trackingCode,
        String email,
        String language,
        String title,
        String organization,
        String departmentCode,
        String departmentName,
        Instant updatedAt,
        Instant erasedAt,
        Instant expiredAt) {
}

package kr.seoul.sane.notification.contact;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/**
 * What notification-service remembers about a proposal to mail its applicant later:
 * {@code proposal.status-changed} carries no address or language.
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
        String departmentEmail,
        Instant updatedAt) {
}

package kr.seoul.sane.catalog.proposals;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/**
 * Event-fed read model: what the catalogue knows about one proposal (no contact data; the organisation only when
 * it is not a private person), keyed by proposal id so
 * replaying events overwrites instead of duplicating. Counts per field and per department are derived from it.
 */
@Document("proposals")
public record ProposalDigest(
        @Id String id,
        String title,
        String summary,
        String organization,
        String field,
        String departmentCode,
        String departmentName,
        List<String> suggestedCaseIds,
        List<String> suggestedInstitutionIds,
        Instant submittedAt,
        Instant suggestedAt) {
}

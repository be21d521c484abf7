package kr.seoul.sane.catalog.drafts;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/** A case draft made from a completed proposal (완료); an operator edits and publishes it as a 협력사례. */
@Document("case_drafts")
public record CaseDraft(
        @Id String id,
        String title,
        String summary,
        List<String> partners,
        List<String> fields,
        String period,
        String outcome,
        Status status,
        String caseId,
        Instant completedAt,
        Instant publishedAt) {

    public enum Status { DRAFT, PUBLISHED }

    public CaseDraft {
        partners = partners == null ? List.of() : List.copyOf(partners);
        fields = fields == null ? List.of() : List.copyOf(fields);
    }
}

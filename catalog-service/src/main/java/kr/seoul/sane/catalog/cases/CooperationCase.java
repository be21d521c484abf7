package kr.seoul.sane.catalog.cases;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.util.List;

/** 협력사례: one public-private cooperation case of the catalogue (read model, keyed by its slug). */
@Document("cases")
public record CooperationCase(
        @Id String id,
        String title,
        String titleEn,
        String summary,
        List<String> partners,
        List<String> fields,
        Scope scope,
        String period,
        String outcome,
        boolean mainCase,
        boolean published,
        String sourceUrl) {

    public CooperationCase {
        partners = partners == null ? List.of() : List.copyOf(partners);
        fields = fields == null ? List.of() : List.copyOf(fields);
    }

    public String url() {
        return "/cases/" + id;
    }

    public String displayTitle(boolean english) {
        return english && hasEnglishTitle() ? titleEn : title;
    }

    /** Whether an English title exists; without one, English pages show the Korean title marked {@code lang="ko"}. */
    public boolean hasEnglishTitle() {
        return titleEn != null && !titleEn.isBlank();
    }
}

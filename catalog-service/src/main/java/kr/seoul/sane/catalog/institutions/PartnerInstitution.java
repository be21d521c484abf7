package kr.seoul.sane.catalog.institutions;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.util.List;

/**
 * 협력기관: an institution a proposer can cooperate with, linked to its own homepage. A hidden institution (an
 * operator took it off the public list) stays in the read model but is neither listed, searched nor suggested.
 */
@Document("institutions")
public record PartnerInstitution(
        @Id String id,
        String name,
        String nameEn,
        InstitutionKind kind,
        List<String> fields,
        String homepage,
        String description,
        List<String> cooperationAreas,
        boolean hidden) {

    public PartnerInstitution {
        fields = fields == null ? List.of() : List.copyOf(fields);
        cooperationAreas = cooperationAreas == null ? List.of() : List.copyOf(cooperationAreas);
    }

    public String displayName(boolean english) {
        return english && hasEnglishName() ? nameEn : name;
    }

    /** Whether an English name exists; without one, English pages show the Korean name marked {@code lang="ko"}. */
    public boolean hasEnglishName() {
        return nameEn != null && !nameEn.isBlank();
    }
}

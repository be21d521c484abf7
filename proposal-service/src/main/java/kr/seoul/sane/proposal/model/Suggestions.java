package kr.seoul.sane.proposal.model;

import java.util.List;

/** 협력사례 and 협력기관 that catalog-service suggested for a proposal. */
public record Suggestions(List<CaseSuggestion> cases, List<InstitutionSuggestion> institutions) {

    public static final Suggestions NONE = new Suggestions(List.of(), List.of());

    public Suggestions {
        cases = cases == null ? List.of() : List.copyOf(cases);
        institutions = institutions == null ? List.of() : List.copyOf(institutions);
    }

    public record CaseSuggestion(String id, String title, String summary, String url) {
    }

    public record InstitutionSuggestion(String id, String name, String homepage) {
    }
}

package kr.seoul.sane.notification.event;

import java.util.List;

/** Payload of {@code catalog.suggested}: similar 협력사례 and possible 협력기관 for a proposal. */
public record CatalogSuggested(List<Case> cases, List<Institution> institutions) {

    public record Case(String id, String title, String summary, String url, Double score) {
    }

    public record Institution(String id, String name, String homepage, Double score) {
    }

    public List<Case> casesOrEmpty() {
        return cases == null ? List.of() : cases;
    }

    public List<Institution> institutionsOrEmpty() {
        return institutions == null ? List.of() : institutions;
    }
}

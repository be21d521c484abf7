package kr.seoul.sane.catalog.institutions;

/** What kind of partner an institution is, as the city classifies its affiliates. */
public enum InstitutionKind {
    INVESTED_FUNDED("투자·출연기관", "City-funded institution"),
    CITY_AGENCY("사업소", "City agency"),
    PUBLIC_CORPORATION("공사·공단", "Public corporation"),
    OTHER_PUBLIC("기타 공공기관", "Other public body"),
    PRIVATE("민간", "Private partner");

    private final String koreanName;
    private final String englishName;

    InstitutionKind(String koreanName, String englishName) {
        this.koreanName = koreanName;
        this.englishName = englishName;
    }

    public String displayName(boolean english) {
        return english ? englishName : koreanName;
    }
}

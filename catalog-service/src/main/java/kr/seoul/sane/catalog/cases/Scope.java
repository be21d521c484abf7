package kr.seoul.sane.catalog.cases;

import java.util.Arrays;
import java.util.Optional;

/** Where a cooperation case took place: Seoul, elsewhere in Korea (국내) or abroad (국외). */
public enum Scope {
    SEOUL("서울시 사례", "Seoul"),
    DOMESTIC("국내 사례", "Elsewhere in Korea"),
    INTERNATIONAL("해외 사례", "International");

    private final String koreanName;
    private final String englishName;

    Scope(String koreanName, String englishName) {
        this.koreanName = koreanName;
        this.englishName = englishName;
    }

    public String displayName(boolean english) {
        return english ? englishName : koreanName;
    }

    public static Optional<Scope> fromCode(String code) {
        return Arrays.stream(values()).filter(s -> s.name().equals(code)).findFirst();
    }
}

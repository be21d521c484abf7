package kr.seoul.sane.catalog.field;

import java.util.Arrays;
import java.util.Optional;

/** The twelve fields (분야) of departments.json, with their Korean and English names. */
public enum CooperationField {
    WELFARE("복지·어르신·장애인", "Welfare, seniors and disability"),
    EDUCATION("교육", "Education"),
    WOMEN_CHILD_YOUTH("여성·보육·아동·청소년", "Women, childcare, children and youth"),
    ENVIRONMENT_PARKS("환경·공원", "Environment and parks"),
    CULTURE_TOURISM_SPORTS("문화·관광·체육", "Culture, tourism and sports"),
    HEALTH_MEDICAL("건강·의료", "Health and medical care"),
    ECONOMY_JOBS("경제·일자리", "Economy and jobs"),
    SAFETY_TRANSPORT("안전·교통", "Safety and transport"),
    HOUSING_URBAN("주택·도시", "Housing and urban planning"),
    DIGITAL("디지털·스마트도시", "Digital and smart city"),
    GOVERNANCE_COMMUNITY("협치·공동체", "Governance and community"),
    INTERNATIONAL_REGIONAL("국제·지역교류", "International and regional exchange");

    private final String koreanName;
    private final String englishName;

    CooperationField(String koreanName, String englishName) {
        this.koreanName = koreanName;
        this.englishName = englishName;
    }

    public String code() {
        return name();
    }

    public String koreanName() {
        return koreanName;
    }

    public String englishName() {
        return englishName;
    }

    public String displayName(boolean english) {
        return english ? englishName : koreanName;
    }

    public static Optional<CooperationField> fromCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(f -> f.name().equals(code)).findFirst();
    }

    public static boolean isValidCode(String code) {
        return fromCode(code).isPresent();
    }
}

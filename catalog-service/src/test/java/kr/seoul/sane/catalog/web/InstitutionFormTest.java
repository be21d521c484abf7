package kr.seoul.sane.catalog.web;

import kr.seoul.sane.catalog.institutions.InstitutionKind;
import kr.seoul.sane.catalog.institutions.PartnerInstitution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.LinkedMultiValueMap;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class InstitutionFormTest {

    private static InstitutionForm valid(String homepage) {
        return new InstitutionForm("mapo-repair-cafe", " 마포 수리카페 ", "", "PRIVATE",
                List.of("ENVIRONMENT_PARKS", "ENVIRONMENT_PARKS"), homepage, "", "수리 모임,\n 자원순환 교육 ,", false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://www.i-sh.co.kr", "http://www.seoulmetro.co.kr/kr/page.do?menuIdx=1",
            "HTTPS://Example.org/", "http://localhost:8080/x"})
    void acceptsAbsoluteWebAddresses(String homepage) {
        assertThat(valid(homepage).problems(true, id -> false)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://", "javascript:alert(1)", "ftp://files.example.org", "www.example.org",
            "https://exa mple.org", "https://user:pw@example.org", "mailto:a@example.org", "https://nodot"})
    void refusesEverythingElseWithAKoreanMessage(String homepage) {
        assertThat(valid(homepage).problems(true, id -> false))
                .containsOnlyKeys("homepage")
                .allSatisfy((field, message) -> assertThat(message).contains("누리집 주소는"));
    }

    @Test
    void aLongHomepageIsRefused() {
        assertThat(valid("https://example.org/" + "a".repeat(481)).problems(true, id -> false))
                .containsOnlyKeys("homepage");
    }

    @Test
    void theAddressNameIsCheckedOnlyForNewInstitutions() {
        InstitutionForm form = valid("https://example.org");
        assertThat(form.problems(true, Set.of("mapo-repair-cafe")::contains)).containsOnlyKeys("id");
        assertThat(form.problems(false, Set.of("mapo-repair-cafe")::contains)).isEmpty();
    }

    @Test
    void theInstitutionIsTrimmedWithoutDuplicateFieldsOrEmptyAreas() {
        PartnerInstitution institution = valid("https://example.org").toInstitution();
        assertThat(institution.name()).isEqualTo("마포 수리카페");
        assertThat(institution.nameEn()).isNull();
        assertThat(institution.description()).isNull();
        assertThat(institution.fields()).containsExactly("ENVIRONMENT_PARKS");
        assertThat(institution.cooperationAreas()).containsExactly("수리 모임", "자원순환 교육");
        assertThat(institution.kind()).isEqualTo(InstitutionKind.PRIVATE);
    }

    @Test
    void anEmptyPostNamesEveryRequiredField() {
        Map<String, String> errors = InstitutionForm.from(null, new LinkedMultiValueMap<>()).problems(true, id -> false);
        assertThat(errors).containsOnlyKeys("id", "name", "kind", "fields", "homepage");
        assertThat(errors.values()).allSatisfy(m -> assertThat(m).containsPattern("[가-힣]"));
    }

    @Test
    void hiddenOnlyWhenTheBoxIsTicked() {
        LinkedMultiValueMap<String, String> params = new LinkedMultiValueMap<>();
        params.add("hidden", "yes");
        assertThat(InstitutionForm.from("x", params).hidden()).isFalse();
        params.set("hidden", "true");
        assertThat(InstitutionForm.from("x", params).hidden()).isTrue();
    }
}

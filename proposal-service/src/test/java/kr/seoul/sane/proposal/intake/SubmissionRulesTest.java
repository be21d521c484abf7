package kr.seoul.sane.proposal.intake;

import kr.seoul.sane.proposal.api.ApiError;
import kr.seoul.sane.proposal.model.FieldCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The intake rules without Spring: validation, duplicate similarity, tracking codes. */
class SubmissionRulesTest {

    private final SubmissionValidator validator = new SubmissionValidator(new FieldCatalog());

    private static ProposalSubmission with(String phone, String title, String field, Boolean consent, String language) {
        return new ProposalSubmission("  푸른지구 협동조합 ", "NONPROFIT", "김서연", "seoyeon.kim@example.org", phone, title,
                "동네 카페와 학교에서 병뚜껑을 모아 새활용 공방에서 화분을 만듭니다.", field, consent, language);
    }

    @ParameterizedTest
    @ValueSource(strings = {"02-1234-5678", "02-123-4567", "010-1234-5678", "01012345678", "031-123-4567",
            "070-1234-5678", "1588-1234", "0505-123-4567"})
    void koreanPhoneNumbersAreAccepted(String phone) {
        assertThat(validator.validate(with(phone, "병뚜껑 새활용 캠페인", null, true, null)).errors()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345", "+1 555 123 4567", "02-12-345", "010-1234-567", "abc-defg-hijk", "099-123-4567"})
    void otherPhoneNumbersAreRefused(String phone) {
        assertThat(validator.validate(with(phone, "병뚜껑 새활용 캠페인", null, true, null)).errors())
                .extracting(ApiError::field).containsExactly("phone");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u3164", "\u115F", "\u1160", "\uFFA0", "\u200B"})
    void hangulFillersAndZeroWidthSpacesAreRefusedAsInvisible(String invisible) {
        ProposalSubmission s = with("02-1234-5678", "병뚜껑" + invisible + "캠페인", null, true, null);
        assertThat(validator.validate(s).errors()).extracting(ApiError::field).containsExactly("title");
        assertThat(validator.validate(s).errors().getFirst().message()).contains("보이지 않는 문자");
    }

    @Test
    void valuesAreTrimmedAndLanguageDefaultsToKorean() {
        SubmissionValidator.Outcome outcome = validator.validate(with("02-1234-5678", "  병뚜껑 캠페인  ", "", true, null));
        assertThat(outcome.valid()).isTrue();
        assertThat(outcome.proposal().organization()).isEqualTo("푸른지구 협동조합");
        assertThat(outcome.proposal().title()).isEqualTo("병뚜껑 캠페인");
        assertThat(outcome.proposal().field()).isNull();
        assertThat(outcome.proposal().language()).isEqualTo("ko");
    }

    @Test
    void lengthsCountAfterTrimming() {
        assertThat(validator.validate(with("02-1234-5678", "   네 글자   ", null, true, "en")).errors())
                .extracting(ApiError::field).containsExactly("title");
        assertThat(validator.validate(with("02-1234-5678", "가".repeat(201), null, true, "en")).errors())
                .extracting(ApiError::field).containsExactly("title");
    }

    @Test
    void consentFieldAndLanguageAreChecked() {
        assertThat(validator.validate(with("02-1234-5678", "병뚜껑 새활용 캠페인", "GARDENING", false, "fr")).errors())
                .extracting(ApiError::field).containsExactlyInAnyOrder("field", "consent", "language");
    }

    @Test
    void controlCharactersAndMarkupAreRefused() {
        assertThat(validator.validate(with("02-1234-5678", "병뚜껑\u0000 캠페인", null, true, null)).errors())
                .extracting(ApiError::field).containsExactly("title");
        assertThat(validator.validate(with("02-1234-5678", "<b>병뚜껑 캠페인</b>", null, true, null)).errors())
                .extracting(ApiError::field).containsExactly("title");
    }

    @Test
    void nearlyTheSameTextIsSimilarAndADifferentOneIsNot() {
        String a = TextSimilarity.normalise("폐플라스틱 병뚜껑 새활용 시민 캠페인\n동네 카페와 학교에서 병뚜껑을 모아 화분을 만듭니다.");
        String b = TextSimilarity.normalise("폐플라스틱  병뚜껑 새활용 시민 캠페인!\n동네 카페와 학교에서 병뚜껑을 모아 화분을 만듭니다");
        String c = TextSimilarity.normalise("어르신 디지털 교육 봉사\n복지관에서 어르신께 스마트폰 사용법을 알려 드립니다.");
        assertThat(TextSimilarity.similarity(a, b)).isGreaterThanOrEqualTo(DuplicateDetector.THRESHOLD);
        assertThat(TextSimilarity.similarity(a, c)).isLessThan(0.5);
    }

    @Test
    void trackingCodesAreReadableAndDoNotRepeat() {
        TrackingCodes codes = new TrackingCodes();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String code = codes.next();
            assertThat(code).matches("SN-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}");
            assertThat(seen.add(code)).isTrue();
        }
        assertThat(TrackingCodes.normalise(" sn-7k2f-9qxd-4mht ")).isEqualTo("SN-7K2F-9QXD-4MHT");
    }
}

package kr.seoul.sane.routing.classifier;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The detector's text handling gives what the JDK's string methods give; its news rule. */
class NonProposalDetectorTest {

    @Test
    void aCopiedNewsArticleIsANewsCueButAProposalThatCitesTheNewsIsNot() {
        NonProposalDetector detector = new NonProposalDetector();
        ProposalText korean = text("구립 도서관 야간 개방 확대",
                "서울시는 내년부터 구립 도서관 20곳의 운영 시간을 밤 10시까지 늘린다고 밝혔다. 시 관계자는 \"직장인 이용이 "
                        + "늘었다\"고 말했다. 조사에 따르면 야간 이용자는 지난해보다 30% 늘어난 것으로 나타났다.");
        ProposalText english = text("Seoul to plant 3 million trees",
                "SEOUL, (Yonhap) -- Seoul will plant three million trees by 2030, the city said on Monday, according to "
                        + "officials of the parks department.");
        ProposalText proposal = text("도서관 야간 독서 모임 함께 운영",
                "조사에 따르면 야간 도서관 이용자가 늘어난 것으로 나타났습니다. 저희 단체가 자원봉사자와 함께 구립 도서관에서 "
                        + "직장인 야간 독서 모임 프로그램을 운영하고 싶습니다. 협조를 제안드립니다.");
        assertThat(detector.detect(korean, 10)).get().extracting(NonProposalDetector.Finding::kind).isEqualTo("news");
        assertThat(detector.detect(english, 10)).get().extracting(NonProposalDetector.Finding::kind).isEqualTo("news");
        assertThat(detector.detect(korean, 10).get().hard()).as("a cue for the trained model, not a verdict").isFalse();
        assertThat(detector.detect(proposal, 10)).isEmpty();
    }

    private static ProposalText text(String title, String content) {
        return new ProposalText(title, content, null, "NONPROFIT", "기관", false);
    }

    @Test
    void lowerCasingIsTheJdksOnEveryKindOfText() {
        List<String[]> pairs = List.of(
                new String[]{"협력 제안 TEST", "Hello WORLD 서울"},
                new String[]{"ΟΔΟΣ ΣΟΦΙΑΣ", "ΣΣ Σ."},
                new String[]{"İSTANBUL İş", "DİYARBAKIR"},
                new String[]{"𐐀𐐁 Deseret", "😀 ABC"},
                new String[]{"ÀÉÎÕÜ ß µ ÿ", "plain latin"},
                new String[]{"", ""});
        for (String[] p : pairs) {
            assertThat(new String(NonProposalDetector.lowerCased(p[0], p[1])))
                    .isEqualTo((p[0] + " " + p[1]).toLowerCase(Locale.ROOT));
        }
    }

    @Test
    void cueCountsAreWhatContainsCountsPerCue() {
        List<String> first = List.of("협력", "제안", "함께", "협력", "ab", "b");
        List<String> second = List.of("aaa", "제안합니다", "xyz", "민원");
        CueLists lists = new CueLists(List.of(first, second));
        Random random = new Random(7);
        String alphabet = "협력제안함께민원합니다abxyz ";
        for (int n = 0; n < 2_000; n++) {
            StringBuilder b = new StringBuilder();
            for (int i = random.nextInt(30); i > 0; i--) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = b.toString();
            assertThat(lists.count(text.toCharArray(), text.length())).as(text)
                    .containsExactly(containing(text, first), containing(text, second));
        }
    }

    private static int containing(String text, List<String> cues) {
        List<String> found = new ArrayList<>();
        for (String cue : cues) {
            if (text.contains(cue)) {
                found.add(cue);
            }
        }
        return found.size();
    }
}

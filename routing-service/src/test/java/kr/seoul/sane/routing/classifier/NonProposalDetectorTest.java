package kr.seoul.sane.routing.classifier;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The detector's text handling gives what the JDK's string methods give. */
class NonProposalDetectorTest {

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

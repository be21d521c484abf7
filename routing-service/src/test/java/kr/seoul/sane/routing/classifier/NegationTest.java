package kr.seoul.sane.routing.classifier;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NegationTest {

    @Test
    void blanksUpToThreeWordsBeforeNotAndTwoBeforeRatherThan() {
        assertThat(Negation.blankNegated("어르신만을 위한 사업이 아니고 모든 취약계층이 대상입니다."))
                .isEqualTo("      " + "   " + "    " + "아니고 모든 취약계층이 대상입니다.");
        assertThat(Negation.blankNegated("지역아동센터 아이들 코딩 말고 그냥 놀아주기"))
                .isEqualTo("지역아동센터 " + "    " + "   " + "말고 그냥 놀아주기");
        assertThat(Negation.blankNegated("청년 정책이나 어르신 사업이 아니라 마을 축제"))
                .startsWith("청년 ").endsWith("아니라 마을 축제").doesNotContain("어르신");
    }

    @Test
    void stopsAtAClauseBoundaryAndKeepsOffsets() {
        String text = "독거어르신 돌봄입니다. 보건 사업이 아니라 여가 지원";
        String blanked = Negation.blankNegated(text);
        assertThat(blanked).hasSameSizeAs(text).startsWith("독거어르신 돌봄입니다.").doesNotContain("보건");
    }

    @Test
    void leavesNotOnlyOtherWordsAndTextsWithoutMarkersAlone() {
        for (String text : new String[]{"어르신뿐만 아니라 청년도 함께합니다", "어르신뿐 아니라 청년도",
                "이것이 아닌지 확인해 주세요", "말고기 요리 교실", "아니라서 그렇습니다", "Not a proposal about seniors",
                "경로당 어르신 돌봄", ""}) {
            assertThat(Negation.blankNegated(text)).isEqualTo(text);
        }
        assertThat(Negation.blankNegated(null)).isNull();
    }

    @Test
    void aNegatedTargetGroupIsNotAQueryTerm() {
        RoutingClassifier classifier = RoutingClassifier.standard(0.85);
        QueryTerms terms = new QueryTerms(classifier.analyzer(), classifier.settings());
        Map<String, Double> negated = terms.of("취약계층 생필품 지원",
                "어르신만을 위한 사업이 아니고 한부모, 실직 가구 등 모든 취약계층이 대상입니다.");
        Map<String, Double> plain = terms.of("취약계층 생필품 지원", "어르신을 위한 사업이고 모든 취약계층이 대상입니다.");
        assertThat(plain).containsKey("어르신");
        assertThat(negated).doesNotContainKey("어르신").containsKey("취약");
    }
}

package kr.seoul.sane.routing.classifier;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BucketRanksTest {

    @Test
    void aPresentBucketsRankIsHowManyPresentOnesLieBelowIt() {
        BucketRanks ranks = new BucketRanks(b -> b % 7 == 3 || b == NonProposalModel.BUCKETS - 1);
        int expected = 0;
        for (int b = 0; b < NonProposalModel.BUCKETS; b++) {
            boolean present = b % 7 == 3 || b == NonProposalModel.BUCKETS - 1;
            assertThat(ranks.rank(b)).isEqualTo(present ? expected : -1);
            expected += present ? 1 : 0;
        }
        assertThat(ranks.size()).isEqualTo(expected);
    }

    @Test
    void featuresAreDistinctAscendingAndTheSameOnEveryCall() {
        int[] once = NonProposalFeatures.of("같은 제목 같은 제목", "같은 내용 같은 내용입니다", List.of("제목", "내용", "제목"));
        assertThat(once).isSorted().doesNotHaveDuplicates().isNotEmpty();
        assertThat(NonProposalFeatures.of("같은 제목 같은 제목", "같은 내용 같은 내용입니다", List.of("제목", "내용", "제목")))
                .isEqualTo(once);
        assertThat(NonProposalFeatures.words(List.of("제목", "내용", "제목"))).hasSize(2).isSorted();
    }
}

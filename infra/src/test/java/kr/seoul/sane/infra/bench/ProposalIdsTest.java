package kr.seoul.sane.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProposalIdsTest {

    private final Progress progress = new Progress(0, 3);
    private final ProposalIds ids = new ProposalIds(progress);

    @Test
    void aTriageEventCompletesTheProposalWhoseSubmitReturnedTheId() {
        ids.accepted("p-1", 1);
        ids.triaged("p-1", 500);

        assertThat(progress.completedAt.get(1)).isEqualTo(500);
        assertThat(progress.triaged.get()).isEqualTo(1);
        assertThat(progress.completedBetween(0, 3)).isEqualTo(1);
    }

    @Test
    void aTriageEventBeforeTheSubmitAnsweredCountsFromWhenItArrived() {
        ids.triaged("p-2", 300);
        assertThat(progress.completedBetween(0, 3)).isZero();

        ids.accepted("p-2", 2);

        assertThat(progress.completedAt.get(2)).isEqualTo(300);
        assertThat(progress.triaged.get()).isEqualTo(1);
    }

    @Test
    void triageOfAProposalOfAnotherRunCompletesNothing() {
        ids.accepted("p-0", 0);
        ids.triaged("other-run", 100);

        assertThat(progress.completedBetween(0, 3)).isZero();
    }
}

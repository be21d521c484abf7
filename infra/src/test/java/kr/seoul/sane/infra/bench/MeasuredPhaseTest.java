package kr.seoul.sane.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class MeasuredPhaseTest {

    private static final long MS = 1_000_000L;

    @Test
    void theFiguresCoverTheMeasuredProposalsFromTheirFirstSubmitToTheirLastCompletion() {
        // two warm-up proposals, then four measured: one failed, one in triage, two with a department mail
        Progress progress = new Progress(2, 4);
        submitted(progress, 0, 100 * MS, 5);
        progress.mailArrived(0, 200 * MS);
        submitted(progress, 2, 1_000 * MS, 40);
        submitted(progress, 3, 1_100 * MS, 60);
        progress.submittedAt.set(4, 1_200 * MS);
        submitted(progress, 5, 1_300 * MS, 20);
        progress.mailArrived(2, 1_500 * MS);
        progress.reachedTriage(3, 2_000 * MS);
        progress.mailArrived(5, 3_500 * MS);
        MeasuredPhase phase = new MeasuredPhase(2, 6, 900 * MS, 0, 0, Map.of(), Map.of(), null);

        Figures.Observed observed = phase.observed(progress, new IdleCpu(30, 600, 0), Map.of("http", 100.0));

        assertThat(phase.firstSubmit(progress)).isEqualTo(1_000 * MS);
        assertThat(observed.proposals()).isEqualTo(4);
        assertThat(observed.completed()).isEqualTo(3);
        assertThat(observed.seconds()).isEqualTo(2.5);
        assertThat(observed.submitMs()).containsExactly(40, 60, 20);
        assertThat(observed.endToEndMs()).containsExactly(500, 2_200);
        assertThat(observed.idleSeconds()).isEqualTo(30);
        assertThat(observed.idleCpuMs()).isEqualTo(600);
        assertThat(observed.rawRates()).containsEntry("http", 100.0);
        assertThat(progress.acceptedBetween(2, 6)).isEqualTo(3);
        assertThat(progress.mailsBetween(2, 6)).isEqualTo(2);
    }

    @Test
    void withoutAnySubmitThePhaseStartsAtItsStartAndLastsNoTime() {
        Progress progress = new Progress(0, 2);
        MeasuredPhase phase = new MeasuredPhase(0, 2, 700 * MS, 0, 0, Map.of(), Map.of(), null);

        Figures.Observed observed = phase.observed(progress, new IdleCpu(0, 0, 0), Map.of());

        assertThat(phase.firstSubmit(progress)).isEqualTo(700 * MS);
        assertThat(observed.seconds()).isZero();
        assertThat(observed.completed()).isZero();
        assertThat(observed.submitMs()).isEmpty();
        assertThat(progress.lastCompletion(0, 2)).isZero();
    }

    private static void submitted(Progress progress, int index, long at, long tookMs) {
        progress.submittedAt.set(index, at);
        progress.submitMs.set(index, tookMs);
    }
}

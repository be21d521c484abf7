package kr.seoul.sane.infra.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdleCpuTest {

    @Test
    void theIdleFigureWaitsWhileThePlatformsCpuIsStillFalling() {
        assertThat(IdleCpu.stoppedFalling(Double.NaN, 0.02)).as("one window says nothing of a trend").isFalse();
        assertThat(IdleCpu.stoppedFalling(0.40, 0.12)).as("start-up compilation still ending").isFalse();
        assertThat(IdleCpu.stoppedFalling(0.05, 0.039)).as("fell by more than 0.01 cores").isFalse();
        assertThat(IdleCpu.stoppedFalling(0.05, 0.045)).isTrue();
        assertThat(IdleCpu.stoppedFalling(0.03, 0.06)).as("rising: a scheduled job, not start-up").isTrue();
    }
}

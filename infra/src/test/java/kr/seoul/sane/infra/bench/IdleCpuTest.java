package kr.seoul.sane.infra.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdleCpuTest {

    @Test
    void theIdleFigureWaitsUntilThePlatformsCpuHoldsSteady() {
        assertThat(IdleCpu.steady(Double.NaN, 0.02)).as("one window says nothing of a trend").isFalse();
        assertThat(IdleCpu.steady(0.40, 0.12)).as("start-up compilation still ending").isFalse();
        assertThat(IdleCpu.steady(0.05, 0.039)).as("fell by more than 0.01 cores").isFalse();
        assertThat(IdleCpu.steady(0.05, 0.045)).isTrue();
        assertThat(IdleCpu.steady(0.05, 0.058)).as("within 0.01 cores either way").isTrue();
        assertThat(IdleCpu.steady(0.088, 0.870)).as("a burst of work has just begun").isFalse();
        assertThat(IdleCpu.steady(0.03, 0.06)).as("rising by more than 0.01 cores").isFalse();
    }
}

package kr.seoul.sane.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class ClosedLoopTest {

    @Test
    void anOperationThatFailsInTheWarmUpIsNotMeasured() {
        assertThatThrownBy(() -> new ClosedLoop(Duration.ofSeconds(1)).rate(2, () -> {
            throw new IOException("connection refused");
        })).isInstanceOf(IllegalStateException.class).hasRootCauseMessage("connection refused");
    }

    @Test
    void withAnEmptyWindowOnlyTheWarmUpRunsAndNothingCounts() throws Exception {
        AtomicInteger runs = new AtomicInteger();

        double rate = new ClosedLoop(Duration.ZERO).rate(4, runs::incrementAndGet);

        assertThat(runs).hasValue(20);
        assertThat(rate).isZero();
    }
}

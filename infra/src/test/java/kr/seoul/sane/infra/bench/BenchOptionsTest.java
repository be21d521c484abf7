package kr.seoul.sane.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    private static final Path ROOT = Path.of("/repo");

    @Test
    void defaultsAreTheDocumentedOnes() {
        BenchOptions o = BenchOptions.parse(new String[0], ROOT, Map.of());
        assertThat(o.warmup()).isEqualTo(2000);
        assertThat(o.proposals()).isEqualTo(10_000);
        assertThat(o.rate()).isZero();
        assertThat(o.idle()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.stallTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.measureLimit()).isTrue();
        assertThat(o.reportDir()).isEqualTo(ROOT.resolve(".platform/bench"));
        assertThat(o.kafka()).isEqualTo("127.0.0.1:9092");
    }

    @Test
    void optionsInBothSpellingsAndTheEnvironment() {
        BenchOptions o = BenchOptions.parse(new String[] {"--proposals", "600", "--warmup=200", "--rate", "10.5",
                "--idle-seconds", "0.5", "--no-limit", "--mail-wait", "20"}, ROOT,
                Map.of("PLATFORM_HOME", "/tmp/home", "KAFKA_BOOTSTRAP_SERVERS", "k:1"));
        assertThat(o.proposals()).isEqualTo(600);
        assertThat(o.warmup()).isEqualTo(200);
        assertThat(o.rate()).isEqualTo(10.5);
        assertThat(o.idle()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.stallTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(o.measureLimit()).isFalse();
        assertThat(o.reportDir()).isEqualTo(Path.of("/tmp/home/bench"));
        assertThat(o.kafka()).isEqualTo("k:1");
    }

    @Test
    void rejectsWhatItDoesNotKnow() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--proposal", "5"}, ROOT, Map.of()))
                .hasMessageContaining("unknown option");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--warmup"}, ROOT, Map.of()))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--rate", "-1"}, ROOT, Map.of()))
                .hasMessageContaining("non-negative");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--proposals", "0"}, ROOT, Map.of()))
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"600"}, ROOT, Map.of()))
                .hasMessageContaining("unexpected argument");
    }

    @Test
    void aSweepGivesEachPhaseItsRateAndSize() {
        BenchOptions o = BenchOptions.parse(new String[] {"--sweep", "10, 50,0", "--sweep-seconds", "30",
                "--proposals", "4000", "--overlay", "/tmp/earlier.json"}, ROOT, Map.of());
        assertThat(o.sweepRates()).containsExactly(10.0, 50.0, 0.0);
        assertThat(o.proposalsAt(10)).isEqualTo(300);
        assertThat(o.proposalsAt(50)).isEqualTo(1500);
        assertThat(o.proposalsAt(0)).isEqualTo(4000);
        assertThat(o.overlay()).contains(Path.of("/tmp/earlier.json"));
        assertThat(BenchOptions.parse(new String[0], ROOT, Map.of()).sweepRates()).isEmpty();

        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--sweep", "10,fast"}, ROOT, Map.of()))
                .hasMessageContaining("separated by commas");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--sweep", "10", "--rate", "5"}, ROOT, Map.of()))
                .hasMessageContaining("leave out --rate");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--overlay", "x.json"}, ROOT, Map.of()))
                .hasMessageContaining("needs --sweep");
    }
}

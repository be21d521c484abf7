package kr.seoul.sane.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LaunchOptionsTest {

    @Test
    void withoutArgumentsItIsUpWithOneInstanceAndNoPrometheus() {
        assertThat(LaunchOptions.parse(new String[0])).isEqualTo(new LaunchOptions(false, 1));
        assertThat(LaunchOptions.parse(new String[] {"up"})).isEqualTo(new LaunchOptions(false, 1));
    }

    @Test
    void readsPrometheusAndReplicasInAnyOrder() {
        assertThat(LaunchOptions.parse(new String[] {"up", "--replicas", "3", "--with-prometheus"}))
                .isEqualTo(new LaunchOptions(true, 3));
        assertThat(LaunchOptions.parse(new String[] {"up", "--with-prometheus", "--replicas", "4"}))
                .isEqualTo(new LaunchOptions(true, 4));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "5", "12", "two", "-1"})
    void aReplicaCountOutsideOneToFourIsRefusedNamingTheOption(String count) {
        assertThatThrownBy(() -> LaunchOptions.parse(new String[] {"up", "--replicas", count}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown or invalid option --replicas; " + LaunchOptions.USAGE);
    }

    @Test
    void anUnknownOptionOrAMissingValueIsRefusedWithTheUsage() {
        assertThatThrownBy(() -> LaunchOptions.parse(new String[] {"up", "--replicas"}))
                .hasMessage("unknown or invalid option --replicas; " + LaunchOptions.USAGE);
        assertThatThrownBy(() -> LaunchOptions.parse(new String[] {"up", "--verbose"}))
                .hasMessage("unknown or invalid option --verbose; " + LaunchOptions.USAGE);
    }

    @Test
    void anotherCommandIsAnsweredWithTheUsageAlone() {
        assertThatThrownBy(() -> LaunchOptions.parse(new String[] {"down"})).hasMessage(LaunchOptions.USAGE);
        assertThat(LaunchOptions.USAGE)
                .isEqualTo("usage: bin/platform up [--with-prometheus] [--replicas N]  (N = 1..4)");
    }
}

package kr.seoul.sane.opssecurity;

import org.junit.jupiter.api.Test;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretsCheckTest {

    private static final String STRONG = "q3J9v8xZpL2mN7bR4tY6wE1uI0oP5aSdFgHjKl";

    @Test
    void emptyShortAndPlaceholderSecretsAreWeak() {
        assertThat(SecretsCheck.weakness("")).contains("empty");
        assertThat(SecretsCheck.weakness("  ")).contains("empty");
        assertThat(SecretsCheck.weakness("change-me")).contains("placeholder");
        assertThat(SecretsCheck.weakness("CHANGE-ME-to-at-least-32-random-bytes")).contains("placeholder");
        assertThat(SecretsCheck.weakness("change-this-ops-secret")).contains("placeholder");
        assertThat(SecretsCheck.weakness("a-31-byte-secret-xyz-0123456789")).contains("31", "shorter than 32");
        assertThat(SecretsCheck.weakness(STRONG)).isNull();
    }

    @Test
    void everyWeakSecretIsNamedAndTheExitCodeIsConfig() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("platform.ops.session-secret", "change-me")
                .withProperty("platform.links.secret", "short");
        assertThatThrownBy(() -> SecretsCheck.verify(environment))
                .isInstanceOf(SecretsCheck.WeakSecret.class)
                .hasMessageContaining("PLATFORM_OPS_SECRET").hasMessageContaining("PLATFORM_LINK_SECRET")
                .satisfies(e -> assertThat(((ExitCodeGenerator) e).getExitCode()).isEqualTo(78));
        assertThatCode(() -> SecretsCheck.verify(new MockEnvironment()
                .withProperty("platform.ops.session-secret", STRONG))).doesNotThrowAnyException();
        assertThatCode(() -> SecretsCheck.verify(environment.withProperty("platform.secrets.check", "false")))
                .doesNotThrowAnyException();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    @Test
    void aServiceWithAPlaceholderSecretDoesNotStart() {
        SpringApplication app = new SpringApplication(App.class);
        assertThatThrownBy(() -> app.run("--server.port=0", "--platform.secrets.check=true",
                "--platform.ops.session-secret=change-me")).hasRootCauseInstanceOf(SecretsCheck.WeakSecret.class);
    }
}

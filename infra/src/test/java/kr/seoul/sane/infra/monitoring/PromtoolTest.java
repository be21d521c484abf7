package kr.seoul.sane.infra.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code promtool} (Debian package {@code prometheus}) checks the rule files, the local scrape configuration and the
 * rule unit tests in {@code infra/prometheus/tests/}. Without promtool the test fails, unless
 * {@code SANE_SKIP_PROMTOOL=true} says that this machine cannot have it.
 */
class PromtoolTest {

    private final Path root = Path.of(System.getProperty("platform.root", "..")).toAbsolutePath().normalize();
    private Path promtool;

    @BeforeEach
    void findPromtool() {
        Path candidate = Path.of(System.getenv().getOrDefault("PROMTOOL", "/usr/bin/promtool"));
        if (!Files.isExecutable(candidate)) {
            boolean skip = "true".equalsIgnoreCase(System.getenv("SANE_SKIP_PROMTOOL"))
                    || "true".equalsIgnoreCase(System.getProperty("sane.skip.promtool"));
            Assumptions.assumeFalse(skip, "SANE_SKIP_PROMTOOL=true: promtool checks skipped");
            fail(candidate + " not found: install Debian's prometheus package (apt-get install prometheus), point"
                    + " PROMTOOL at a promtool binary, or set SANE_SKIP_PROMTOOL=true to skip these checks");
        }
        promtool = candidate;
    }

    @Test
    void ruleFilesPassPromtoolCheckRules() throws Exception {
        List<String> command = new ArrayList<>(List.of(promtool.toString(), "check", "rules"));
        MonitoringFiles.ruleFiles(root).forEach(p -> command.add(p.toString()));
        assertThat(command).hasSizeGreaterThan(3);
        run(command);
    }

    @Test
    void localScrapeConfigPassesPromtoolCheckConfig() throws Exception {
        run(List.of(promtool.toString(), "check", "config",
                root.resolve("infra/prometheus/config/prometheus-local.yml").toString()));
    }

    @Test
    void alertUnitTestsPass() throws Exception {
        List<String> command = new ArrayList<>(List.of(promtool.toString(), "test", "rules"));
        try (Stream<Path> tests = Files.list(root.resolve("infra/prometheus/tests"))) {
            tests.filter(p -> p.toString().endsWith(".yml")).sorted().forEach(p -> command.add(p.toString()));
        }
        assertThat(command).hasSizeGreaterThan(3);
        run(command);
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        assertThat(process.exitValue()).as("%s\n%s", String.join(" ", command), output).isZero();
    }
}

package kr.seoul.sane.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A local Prometheus next to the platform ({@code bin/platform up --with-prometheus}): the Debian package's binary
 * (or {@code PROMETHEUS_BIN}) on 127.0.0.1:9090, scraping the services with
 * {@code infra/prometheus/config/prometheus-local.yml} (which loads the rules in {@code infra/prometheus/*.yml}),
 * data under {@code $PLATFORM_HOME/prometheus}.
 */
final class Prometheus {

    static final int PORT = 9090;

    private final Path binary;
    private final Path root;
    private final Path home;

    Prometheus(Path binary, Path root, Path home) {
        this.binary = binary;
        this.root = root;
        this.home = home;
    }

    /** {@code PROMETHEUS_BIN}, else {@code /usr/bin/prometheus}, else {@code prometheus} on the PATH. */
    static Optional<Path> binary(Map<String, String> env) {
        String configured = Installation.blankToNull(env.get("PROMETHEUS_BIN"));
        if (configured != null) {
            Path path = Path.of(configured);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        Path debian = Path.of("/usr/bin/prometheus");
        if (Files.isExecutable(debian)) {
            return Optional.of(debian);
        }
        String pathVar = Optional.ofNullable(env.get("PATH")).orElse("");
        for (String dir : pathVar.split(java.io.File.pathSeparator)) {
            if (!dir.isBlank() && Files.isExecutable(Path.of(dir, "prometheus"))) {
                return Optional.of(Path.of(dir, "prometheus"));
            }
        }
        return Optional.empty();
    }

    Path config() {
        return root.resolve("infra/prometheus/config/prometheus-local.yml");
    }

    Path dataDir() {
        return home.resolve("prometheus");
    }

    List<String> command() {
        return List.of(binary.toString(),
                "--config.file=" + config(),
                "--storage.tsdb.path=" + dataDir(),
                "--storage.tsdb.retention.time=7d",
                "--web.listen-address=" + Topology.HOST + ":" + PORT,
                "--web.enable-lifecycle");
    }
}

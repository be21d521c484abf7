package kr.seoul.sane.infra;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the platform runs from: the checkout ({@code root}), its data ({@code home}, {@code $PLATFORM_HOME} or
 * {@code <root>/.platform}), the {@code java} that starts the children and the environment the launcher was given.
 */
record Installation(Path root, Path home, String java, Map<String, String> env) {

    /** This JVM's: {@code -Dplatform.root} (else the working directory), its environment and its own java. */
    static Installation current() {
        Path root = Path.of(System.getProperty("platform.root", ".")).toAbsolutePath().normalize();
        Map<String, String> env = System.getenv();
        Path home = Optional.ofNullable(blankToNull(env.get("PLATFORM_HOME"))).map(Path::of)
                .orElse(root.resolve(".platform")).toAbsolutePath().normalize();
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return new Installation(root, home, java, env);
    }

    /** An environment variable, trimmed; empty when unset or blank. */
    Optional<String> setting(String name) {
        return Optional.ofNullable(blankToNull(env.get(name)));
    }

    Path logs() {
        return home.resolve("logs");
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}

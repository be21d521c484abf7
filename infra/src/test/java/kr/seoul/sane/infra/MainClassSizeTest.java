package kr.seoul.sane.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No main Java source file of any module is longer than {@value #MAX_LINES} lines (docs/conventions.md: classes with
 * one job). A file that grows past it is split by what its parts do, not trimmed of comments.
 */
class MainClassSizeTest {

    static final int MAX_LINES = 400;
    private static final Path ROOT = Path.of(System.getProperty("platform.root", "..")).toAbsolutePath().normalize();

    @Test
    void noMainClassIsLongerThanTheLimit() throws IOException {
        assertThat(tooLong(ROOT)).as("main Java files over %d lines", MAX_LINES).isEmpty();
    }

    @Test
    void aLongFileIsFound(@TempDir Path checkout) throws IOException {
        Path main = Files.createDirectories(checkout.resolve("svc/src/main/java/kr/seoul/sane/svc"));
        Path test = Files.createDirectories(checkout.resolve("svc/src/test/java/kr/seoul/sane/svc"));
        Files.writeString(main.resolve("Small.java"), "class Small {}\n".repeat(MAX_LINES));
        Files.writeString(main.resolve("Large.java"), "class Large {}\n".repeat(MAX_LINES + 1));
        Files.writeString(test.resolve("LargeTest.java"), "class LargeTest {}\n".repeat(MAX_LINES + 1));

        assertThat(tooLong(checkout)).containsExactly("svc/src/main/java/kr/seoul/sane/svc/Large.java: 401 lines");
    }

    private static List<String> tooLong(Path checkout) throws IOException {
        try (Stream<Path> files = Files.walk(checkout)) {
            return files.map(checkout::relativize)
                    .filter(f -> f.toString().endsWith(".java") && f.toString().contains("src/main/java/")
                            && !f.toString().contains("target/"))
                    .sorted()
                    .filter(f -> lines(checkout.resolve(f)) > MAX_LINES)
                    .map(f -> f + ": " + lines(checkout.resolve(f)) + " lines")
                    .toList();
        }
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package kr.seoul.sane.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppImageTest {

    @TempDir
    Path dir;

    private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @Test
    void aJarThatCannotBeExtractedRunsAsItIsAndSaysWhy() throws Exception {
        Path jar = Files.writeString(dir.resolve("demo-service-1.0-exec.jar"), "not a jar");
        List<String> said = new CopyOnWriteArrayList<>();

        List<String> args = new AppImage("demo-service", jar, dir.resolve("cds")).prepare(java, said::add);

        assertThat(args).containsExactly("-jar", jar.toString());
        assertThat(said).singleElement().asString().startsWith("demo-service: could not prepare");
    }

    @Test
    void anExtractionIsReusedOnlyForTheSameJar() throws Exception {
        Path jar = Files.writeString(dir.resolve("demo-service-1.0-exec.jar"), "v1");
        AppImage image = new AppImage("demo-service", jar, dir.resolve("cds"));
        Files.createDirectories(image.appDir());
        Files.writeString(image.appDir().resolve(jar.getFileName()), "extracted");
        Files.writeString(dir.resolve("cds/demo-service/stamp"), image.stamp());
        assertThat(image.upToDate()).isTrue();

        // no archive yet: the JVM writes one when it exits
        assertThat(image.archiveDue()).isTrue();
        assertThat(image.prepare(java, line -> { }))
                .contains("-XX:SharedArchiveFile=" + image.archive(), "-XX:+AutoCreateSharedArchive")
                .endsWith("-jar", image.appDir().resolve(jar.getFileName()).toString());
        Files.writeString(image.archive(), "archive");
        assertThat(image.archiveDue()).isFalse();

        Files.writeString(jar, "v2, rebuilt");
        assertThat(image.upToDate()).isFalse();
    }
}

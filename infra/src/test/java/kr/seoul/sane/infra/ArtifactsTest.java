package kr.seoul.sane.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactsTest {

    @TempDir
    Path root;

    @Test
    void namesWhatIsNotBuiltUntilEverythingIs() throws Exception {
        Artifacts artifacts = new Artifacts(root);
        assertThat(artifacts.missing()).containsExactly("proposal-service/target/proposal-service-*-exec.jar",
                "routing-service/target/routing-service-*-exec.jar",
                "notification-service/target/notification-service-*-exec.jar",
                "catalog-service/target/catalog-service-*-exec.jar", "gateway/target/gateway-*-exec.jar",
                "infra/target/lib", "infra/target/greenmail");

        for (String module : Topology.MODULES) {
            Files.createDirectories(root.resolve(module + "/target"));
            Files.writeString(root.resolve(module + "/target/" + module + "-0.1.0.jar"), "plain jar");
            Files.writeString(root.resolve(module + "/target/" + module + "-0.1.0-exec.jar"), "exec jar");
        }
        Files.createDirectories(root.resolve("infra/target/lib"));
        Files.createDirectories(root.resolve("infra/target/greenmail"));
        Files.writeString(root.resolve("infra/target/greenmail/greenmail-standalone-2.1.13.jar"), "jar");

        assertThat(artifacts.missing()).isEmpty();
        assertThat(artifacts.execJar("gateway")).contains(root.resolve("gateway/target/gateway-0.1.0-exec.jar"));
        assertThat(artifacts.greenmailJar()).isEqualTo(root.resolve(
                "infra/target/greenmail/greenmail-standalone-2.1.13.jar"));
    }
}

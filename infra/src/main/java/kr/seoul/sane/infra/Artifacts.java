package kr.seoul.sane.infra;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The built files the launcher starts from, under the checkout: each module's exec jar, the launcher's classes and
 * libraries ({@code infra/target/lib}, also Kafka's class path) and the mail sink's jar ({@code infra/target/greenmail}).
 */
record Artifacts(Path root) {

    Optional<Path> execJar(String module) {
        Path target = root.resolve(module).resolve("target");
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith(module + "-") && name.endsWith("-exec.jar");
            }).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** What is not built yet, as patterns relative to the checkout (empty when everything is there). */
    List<String> missing() {
        List<String> missing = new ArrayList<>();
        for (String module : Topology.MODULES) {
            if (execJar(module).isEmpty()) {
                missing.add(module + "/target/" + module + "-*-exec.jar");
            }
        }
        if (!Files.isDirectory(libDir())) {
            missing.add(root.relativize(libDir()).toString());
        }
        if (!Files.isDirectory(root.resolve("infra/target/greenmail"))) {
            missing.add("infra/target/greenmail");
        }
        return missing;
    }

    Path libDir() {
        return root.resolve("infra/target/lib");
    }

    /** The launcher's own class path (the store runs from it). */
    String launcherClasspath() {
        return launcherClasses() + File.pathSeparator + libDir() + "/*";
    }

    String kafkaClasspath() {
        return libDir() + "/*";
    }

    /** infra's own compiled classes (the launcher, the store, the mail sink's additions). */
    Path launcherClasses() {
        return root.resolve("infra/target/classes");
    }

    Path greenmailJar() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("infra/target/greenmail"))) {
            return files.filter(p -> p.getFileName().toString().startsWith("greenmail-standalone"))
                    .findFirst().orElseThrow(() -> new IOException("greenmail-standalone jar not found"));
        }
    }
}

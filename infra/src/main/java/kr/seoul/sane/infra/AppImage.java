package kr.seoul.sane.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * How a service JVM is started. A Spring Boot exec jar keeps its libraries as nested jars, which the JVM's class-data
 * sharing cannot map; so the jar is extracted once ({@code -Djarmode=tools extract}) into
 * {@code <cds dir>/<module>/app/} and run from there with a dynamic CDS archive
 * ({@code -XX:SharedArchiveFile=<module>.jsa -XX:+AutoCreateSharedArchive}, JDK 19+): the first run of a given jar
 * writes the archive when the JVM exits after a clean stop (seconds; the launcher gives such a stop more time),
 * every later start maps the classes from it instead of loading and verifying them again. A rebuilt jar (other size
 * or time stamp) or another JDK means a fresh extraction without an archive; an archive the JVM finds unusable is
 * written again. (Writing it from the running JVM, {@code jcmd VM.cds dynamic_dump}, is not used: on JDK 25.0.3 a
 * service crashed in a lambda lookup right after such a dump.) When extraction fails the service runs from its exec
 * jar as before, just without class-data sharing.
 */
final class AppImage {

    private final String module;
    private final Path execJar;
    private final Path dir;

    AppImage(String module, Path execJar, Path cdsRoot) {
        this.module = module;
        this.execJar = execJar;
        this.dir = cdsRoot.resolve(module);
    }

    Path appDir() {
        return dir.resolve("app");
    }

    Path archive() {
        return dir.resolve(module + ".jsa");
    }

    private Path stampFile() {
        return dir.resolve("stamp");
    }

    /** What identifies the exec jar this image was extracted from. */
    String stamp() throws IOException {
        return execJar.toAbsolutePath() + " " + Files.size(execJar) + " " + Files.getLastModifiedTime(execJar).toMillis()
                + " java " + Runtime.version();
    }

    boolean upToDate() {
        try {
            return Files.exists(stampFile()) && Files.readString(stampFile()).equals(stamp())
                    && Files.exists(appDir().resolve(execJar.getFileName()));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Extracts the exec jar unless an extraction of this very jar exists. Returns the arguments that start the
     * service ({@code -XX:SharedArchiveFile=... -jar <extracted jar>}), or plain {@code -jar <exec jar>} when the
     * extraction failed.
     */
    List<String> prepare(String java, Consumer<String> out) {
        try {
            if (!upToDate()) {
                extract(java);
            }
            List<String> args = new ArrayList<>();
            args.add("-XX:SharedArchiveFile=" + archive());
            args.add("-XX:+AutoCreateSharedArchive");
            // the service's log shows a few "[warning][cds] ... cannot be archived" lines (multi-release classes)
            // and, at exit, whether the archive was written
            args.add("-jar");
            args.add(appDir().resolve(execJar.getFileName()).toString());
            return args;
        } catch (IOException | RuntimeException e) {
            out.accept(module + ": could not prepare the class-data sharing archive (" + e.getMessage()
                    + "); starting it from " + execJar.getFileName());
            return List.of("-jar", execJar.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of("-jar", execJar.toString());
        }
    }

    private void extract(String java) throws IOException, InterruptedException {
        deleteTree(dir);
        Files.createDirectories(dir);
        Path work = dir.resolve("app.tmp");
        Path log = dir.resolve("extract.log");
        Process process = new ProcessBuilder(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djarmode=tools", "-jar", execJar.toString(), "extract", "--destination", work.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("extracting " + execJar.getFileName() + " took longer than 180 s");
        }
        if (process.exitValue() != 0 || !Files.exists(work.resolve(execJar.getFileName()))) {
            throw new IOException("extracting " + execJar.getFileName() + " failed (see " + log + ")");
        }
        Files.move(work, appDir());
        Files.writeString(stampFile(), stamp());
    }

    /** True when no archive exists yet: the JVM writes one when it exits, which makes its stop slower. */
    boolean archiveDue() {
        return !Files.exists(archive());
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

package kr.seoul.sane.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One supervised child JVM. It stays in the launcher's process group (so a signal to the group reaches it), writes
 * to {@code logs/<name>.log}, and is started again with a growing pause when it dies while the platform runs.
 * A file {@code run/<name>.hold} keeps it down until the file is removed (used by fault tests).
 */
final class Child {

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /**
     * The exit status of a service that refused its configuration (sysexits EX_CONFIG, e.g. a placeholder
     * secret): starting it again cannot help, so the whole platform stops with the reason.
     */
    static final int CONFIG_REFUSED = 78;
    private static final Duration STABLE_AFTER = Duration.ofSeconds(60);

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path workDir;
    private final Path logFile;
    private final Path pidFile;
    private final Path holdFile;
    private final BooleanSupplier stopping;
    private final Consumer<String> out;

    /** What happens when the child refused its configuration: the launcher exits, its shutdown hook stops all. */
    private volatile Runnable configRefused = () -> System.exit(CONFIG_REFUSED);
    private volatile Process process;
    private volatile Instant startedAt;
    private int restarts;
    /** Start times, uptimes and the log's start lines. */
    private final Clock clock;

    Child(ChildSpec spec, Supervision supervision) {
        this.name = spec.name();
        this.clock = supervision.clock();
        this.command = spec.command();
        this.environment = spec.environment();
        this.workDir = supervision.workDir();
        this.logFile = supervision.platformHome().resolve("logs").resolve(name + ".log");
        this.pidFile = supervision.platformHome().resolve("run").resolve(name + ".pid");
        this.holdFile = supervision.platformHome().resolve("run").resolve(name + ".hold");
        this.stopping = supervision.stopping();
        this.out = supervision.out();
    }

    void onConfigRefused(Runnable action) {
        this.configRefused = action;
    }

    String name() {
        return name;
    }

    Path logFile() {
        return logFile;
    }

    Process process() {
        return process;
    }

    synchronized void start() throws IOException {
        Files.createDirectories(logFile.getParent());
        Files.createDirectories(pidFile.getParent());
        Files.writeString(logFile, "---- " + clock.instant() + " starting " + name + ": " + String.join(" ", command)
                + System.lineSeparator(), java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(environment);
        Process started = builder.start();
        process = started;
        startedAt = clock.instant();
        Files.writeString(pidFile, Long.toString(started.pid()));
        started.onExit().thenAccept(this::exited);
    }

    private void exited(Process gone) {
        if (stopping.getAsBoolean() || gone != process) {
            return;
        }
        long uptime = Duration.between(startedAt, clock.instant()).toSeconds();
        int code = gone.exitValue();
        if (code == CONFIG_REFUSED) {
            out.accept(name + " refused to start with this configuration: " + refusal()
                    + " (log " + logFile + "); stopping the platform");
            Thread.ofPlatform().name("config-refused").start(configRefused);
            return;
        }
        Duration pause;
        synchronized (this) {
            if (Duration.between(startedAt, clock.instant()).compareTo(STABLE_AFTER) > 0) {
                restarts = 0;
            }
            pause = Duration.ofSeconds(Math.min(MAX_BACKOFF.toSeconds(), 1L << Math.min(restarts, 5)));
            restarts++;
        }
        out.accept(name + " (pid " + gone.pid() + ") exited with code " + code + " after " + uptime
                + " s; restarting in " + pause.toSeconds() + " s (restart #" + restarts + ", log " + logFile + ")");
        Thread.ofVirtual().name("restart-" + name).start(() -> restartAfter(pause));
    }

    /** The reason a refusing service logged: its last line that says "refusing to start", else "see its log". */
    String refusal() {
        try (var lines = Files.lines(logFile)) {
            return lines.filter(line -> line.contains("refusing to start")).reduce((a, b) -> b)
                    .map(line -> {
                        String reason = line.substring(Math.max(0, line.indexOf("서명 키")));
                        return reason.length() > 600 ? reason.substring(0, 600) + "…" : reason.strip();
                    })
                    .orElse("see its log");
        } catch (IOException | java.io.UncheckedIOException e) {
            return "see its log";
        }
    }

    private void restartAfter(Duration pause) {
        try {
            Thread.sleep(pause);
            boolean announced = false;
            while (Files.exists(holdFile) && !stopping.getAsBoolean()) {
                if (!announced) {
                    out.accept(name + " is held down by " + holdFile + "; it restarts when the file is removed");
                    announced = true;
                }
                Thread.sleep(200);
            }
            if (stopping.getAsBoolean()) {
                return;
            }
            start();
            out.accept(name + " restarted (pid " + process.pid() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            out.accept(name + " could not be restarted: " + e.getMessage());
        }
    }

    /** SIGTERM to the child and its descendants. */
    void terminate() {
        Process current = process;
        if (current == null) {
            return;
        }
        current.descendants().forEach(ProcessHandle::destroy);
        current.destroy();
    }

    /** Waits for the child to end; SIGKILL to what is left after the timeout. */
    boolean awaitOrKill(Duration timeout) {
        Process current = process;
        if (current == null) {
            return true;
        }
        List<ProcessHandle> descendants = current.descendants().toList();
        try {
            if (current.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                descendants.forEach(ProcessHandle::destroyForcibly);
                deletePidFile();
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.accept(name + " did not stop within " + timeout.toSeconds() + " s; killing it");
        descendants.forEach(ProcessHandle::destroyForcibly);
        current.destroyForcibly();
        try {
            current.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deletePidFile();
        return false;
    }

    boolean alive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /** Resident memory of the child and its descendants, in KiB (0 when unknown). */
    long residentKib() {
        Process current = process;
        if (current == null || !current.isAlive()) {
            return 0;
        }
        long total = ProcStatus.vmRssKib(current.pid());
        for (ProcessHandle handle : current.descendants().toList()) {
            total += ProcStatus.vmRssKib(handle.pid());
        }
        return total;
    }

    private void deletePidFile() {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            // not important
        }
    }
}

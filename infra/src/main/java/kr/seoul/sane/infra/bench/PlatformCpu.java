package kr.seoul.sane.infra.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * CPU time of the platform's processes, read from {@code /proc}: every process whose command line carries the
 * launcher's {@code -Dplatform.child=<name>} mark (services, replicas, gateway, store, broker, mail sink) and the
 * launcher itself. For each: user + system time of all its threads ({@code /proc/<pid>/stat}, fields 14 and 15), and
 * the parts spent in the JIT compiler threads ({@code /proc/<pid>/task/<tid>/comm} "C1/C2 CompilerThre…") and in
 * garbage collection (the "VM Thread", where the serial collector works, and the parallel and G1 collectors' "GC
 * Thread#…" and "G1 …" threads; the VM thread also does the JVM's other stop-the-world work, which is small).
 */
public final class PlatformCpu {

    static final String MARK = "-Dplatform.child=";
    static final String LAUNCHER_CLASS = "kr.seoul.sane.infra.PlatformLauncher";
    /** Clock ticks per second of /proc's times (USER_HZ; 100 on Linux unless the kernel says otherwise). */
    static final long TICKS_PER_SECOND = Long.getLong("platform.bench.clk-tck", 100);

    /** CPU of one process in ms: all threads, and the JIT compiler threads and the collector's threads among them. */
    record Usage(double cpuMs, double jitMs, double gcMs) {
        static final Usage NONE = new Usage(0, 0, 0);

        Usage minus(Usage earlier) {
            return new Usage(Math.max(0, cpuMs - earlier.cpuMs), Math.max(0, jitMs - earlier.jitMs),
                    Math.max(0, gcMs - earlier.gcMs));
        }

        Usage plus(Usage other) {
            return new Usage(cpuMs + other.cpuMs, jitMs + other.jitMs, gcMs + other.gcMs);
        }
    }

    /** Usage per process; the key is "name#pid" so a restarted process counts from zero. */
    record Snapshot(Map<String, Usage> byProcess) {

        /** The platform names of the processes (replicas by their own name). */
        java.util.Set<String> names() {
            java.util.Set<String> names = new java.util.TreeSet<>();
            byProcess.keySet().forEach(key -> names.add(key.substring(0, key.lastIndexOf('#'))));
            return names;
        }

        double totalCpuMs() {
            return byProcess.values().stream().mapToDouble(Usage::cpuMs).sum();
        }
    }

    private final Path proc;
    private final long self;

    PlatformCpu() {
        this(Path.of("/proc"), ProcessHandle.current().pid());
    }

    PlatformCpu(Path proc, long self) {
        this.proc = proc;
        this.self = self;
    }

    Snapshot take() {
        Map<String, Usage> usage = new LinkedHashMap<>();
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path dir : pids) {
                long pid = Long.parseLong(dir.getFileName().toString());
                if (pid == self) {
                    continue;
                }
                Optional<String> name = name(dir);
                if (name.isPresent()) {
                    usage(dir).ifPresent(u -> usage.put(name.get() + "#" + pid, u));
                }
            }
        } catch (IOException e) {
            // no /proc: nothing to measure
        }
        return new Snapshot(usage);
    }

    /** The CPU used between two snapshots, per process name (replicas keep their own name, restarts add up). */
    static Map<String, Usage> between(Snapshot before, Snapshot after) {
        Map<String, Usage> used = new TreeMap<>();
        after.byProcess().forEach((key, total) -> {
            Usage delta = total.minus(before.byProcess().getOrDefault(key, Usage.NONE));
            String name = key.substring(0, key.lastIndexOf('#'));
            used.merge(name, delta, Usage::plus);
        });
        return used;
    }

    /** The platform name of a process: its {@code -Dplatform.child=} value, "launcher", or empty. */
    static Optional<String> name(Path processDir) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(processDir.resolve("cmdline"));
        } catch (IOException e) {
            return Optional.empty();
        }
        boolean java = false;
        for (String arg : new String(raw, StandardCharsets.UTF_8).split("\0")) {
            if (arg.startsWith(MARK)) {
                return Optional.of(arg.substring(MARK.length()));
            }
            java |= arg.equals(LAUNCHER_CLASS);
        }
        return java ? Optional.of("launcher") : Optional.empty();
    }

    /** User + system CPU of the process (all threads), of its JIT compiler threads and of its collector's threads. */
    static Optional<Usage> usage(Path processDir) {
        try {
            double cpu = ticksToMs(cpuTicks(Files.readString(processDir.resolve("stat"))));
            double jit = 0;
            double gc = 0;
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(processDir.resolve("task"))) {
                for (Path task : tasks) {
                    try {
                        String comm = Files.readString(task.resolve("comm")).strip();
                        if (isCompilerThread(comm)) {
                            jit += ticksToMs(cpuTicks(Files.readString(task.resolve("stat"))));
                        } else if (isCollectorThread(comm)) {
                            gc += ticksToMs(cpuTicks(Files.readString(task.resolve("stat"))));
                        }
                    } catch (IOException e) {
                        // the thread ended meanwhile
                    }
                }
            } catch (IOException e) {
                // no task directory: no JIT or GC figure
            }
            return Optional.of(new Usage(cpu, jit, gc));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** User and system CPU of one process so far, in milliseconds, from {@code /proc/<pid>/stat} (Linux). */
    public static double processCpuMs(long pid) throws IOException {
        return ticksToMs(cpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
    }

    /** utime + stime (fields 14 and 15) of a {@code stat} line; the command name in parentheses may hold spaces. */
    static long cpuTicks(String statLine) {
        int close = statLine.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc stat line");
        }
        // after ") ": field 3 (state) is index 0, so utime (14) is index 11 and stime (15) index 12
        String[] fields = statLine.substring(close + 2).trim().split("\\s+");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** HotSpot names its compiler threads "C1 CompilerThread0", "C2 CompilerThread1" (comm keeps 15 chars). */
    static boolean isCompilerThread(String comm) {
        return comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre");
    }

    /**
     * The threads where HotSpot collects garbage: the serial collector works on the "VM Thread" (as do the other
     * stop-the-world operations); the parallel and G1 collectors have "GC Thread#N" workers and G1 its "G1 …" threads.
     */
    static boolean isCollectorThread(String comm) {
        return comm.equals("VM Thread") || comm.startsWith("GC Thread") || comm.startsWith("G1 ");
    }

    static double ticksToMs(long ticks) {
        return ticks * 1000.0 / TICKS_PER_SECOND;
    }
}

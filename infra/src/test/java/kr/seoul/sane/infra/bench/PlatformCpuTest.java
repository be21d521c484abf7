package kr.seoul.sane.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformCpuTest {

    @TempDir
    Path proc;

    @Test
    void readsUserPlusSystemTimeEvenWithSpacesInTheCommandName() {
        String stat = "4242 (C2 CompilerThre) S 1 4242 4242 0 -1 4194368 100 0 0 0 350 50 7 3 20 0 40 0 100 0 0";
        assertThat(PlatformCpu.cpuTicks(stat)).isEqualTo(400);
        assertThat(PlatformCpu.ticksToMs(400)).isEqualTo(400 * 1000.0 / PlatformCpu.TICKS_PER_SECOND);
    }

    @Test
    void findsPlatformProcessesByTheirMarkAndCountsCompilerAndCollectorThreads() throws IOException {
        process(100, "java\0-Xmx256m\0-Dplatform.child=routing-service\0-jar\0r.jar\0", 500, 100,
                Map.of(101, "main", 102, "C2 CompilerThre", 103, "C1 CompilerThre", 104, "VM Thread",
                        105, "GC Thread#0", 106, "VM Periodic Tas"));
        process(200, "java\0-cp\0x\0kr.seoul.sane.infra.PlatformLauncher\0up\0", 30, 10, Map.of());
        process(300, "bash\0-c\0sleep 1\0", 9999, 0, Map.of());
        process(400, "java\0-Dplatform.child=routing-service-2\0-jar\0r.jar\0", 10, 0, Map.of());
        process(500, "java\0-Dplatform.child=kafka\0", 77, 0, Map.of()); // the reader itself

        PlatformCpu.Snapshot snapshot = new PlatformCpu(proc, 500).take();

        double tick = 1000.0 / PlatformCpu.TICKS_PER_SECOND;
        assertThat(snapshot.byProcess()).containsOnlyKeys("routing-service#100", "launcher#200",
                "routing-service-2#400");
        assertThat(snapshot.byProcess().get("routing-service#100").cpuMs()).isEqualTo(600 * tick);
        // each fake thread's stat holds 5 + 1 ticks; two of the six are compiler threads, two collector threads
        assertThat(snapshot.byProcess().get("routing-service#100").jitMs()).isEqualTo(12 * tick);
        assertThat(snapshot.byProcess().get("routing-service#100").gcMs()).isEqualTo(12 * tick);
        assertThat(snapshot.names()).containsExactly("launcher", "routing-service", "routing-service-2");
        assertThat(snapshot.totalCpuMs()).isEqualTo((600 + 40 + 10) * tick);
    }

    @Test
    void aRestartedProcessCountsFromZeroAndAVanishedOneNotAtAll() {
        PlatformCpu.Snapshot before = new PlatformCpu.Snapshot(Map.of(
                "gateway#1", new PlatformCpu.Usage(1000, 100, 10), "store#2", new PlatformCpu.Usage(50, 0, 0)));
        PlatformCpu.Snapshot after = new PlatformCpu.Snapshot(Map.of(
                "gateway#1", new PlatformCpu.Usage(1600, 130, 40), "gateway#9", new PlatformCpu.Usage(200, 20, 5)));
        Map<String, PlatformCpu.Usage> used = PlatformCpu.between(before, after);
        assertThat(used).containsOnlyKeys("gateway");
        assertThat(used.get("gateway")).isEqualTo(new PlatformCpu.Usage(800, 50, 35));
    }

    private void process(int pid, String cmdline, long utime, long stime, Map<Integer, String> threads)
            throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Integer.toString(pid)));
        Files.write(dir.resolve("cmdline"), cmdline.getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve("stat"), stat(pid, "java", utime, stime));
        Path tasks = Files.createDirectories(dir.resolve("task"));
        for (Map.Entry<Integer, String> thread : threads.entrySet()) {
            Path task = Files.createDirectories(tasks.resolve(Integer.toString(thread.getKey())));
            Files.writeString(task.resolve("comm"), thread.getValue() + "\n");
            Files.writeString(task.resolve("stat"), stat(thread.getKey(), thread.getValue(), 5, 1));
        }
    }

    private static String stat(int pid, String comm, long utime, long stime) {
        return pid + " (" + comm + ") S 1 " + pid + " " + pid + " 0 -1 4194368 100 0 0 0 " + utime + " " + stime
                + " 0 0 20 0 40 0 100 0 0\n";
    }
}

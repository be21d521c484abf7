package kr.seoul.sane.infra.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * The idle phase: the platform's CPU over a stretch of nothing ({@code --idle-seconds}; 0 = no idle figure).
 *
 * @param seconds how long it lasted
 * @param cpuMs   CPU of every platform process meanwhile
 */
record IdleCpu(double seconds, double cpuMs) {

    static IdleCpu measure(PlatformCpu cpu, Duration idle, PrintStream err) throws InterruptedException {
        if (!idle.isPositive()) {
            return new IdleCpu(0, 0);
        }
        PlatformCpu.Snapshot start = cpu.take();
        long t0 = System.nanoTime();
        Thread.sleep(idle.toMillis());
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuMs = cpu.take().totalCpuMs() - start.totalCpuMs();
        err.printf(Locale.ROOT, "bench: idle platform %.3f cores over %.0f s%n", cpuMs / 1000 / seconds, seconds);
        return new IdleCpu(seconds, cpuMs);
    }
}

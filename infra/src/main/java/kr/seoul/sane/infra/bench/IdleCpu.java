package kr.seoul.sane.infra.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * The idle phase: the platform's CPU over a stretch of nothing ({@code --idle-seconds}; 0 = no idle figure).
 *
 * <p>It starts once the platform has settled: a platform that has just become ready is still finishing start-up
 * (the JIT compiles what start-up ran, consumers join their groups), which is not what it uses while it waits for
 * work. The bench reads the platform's CPU in {@value #WINDOW_SECONDS}-second windows and starts the idle figure
 * once a window uses within {@value #STEADY_CORES} cores of the window before it (the load has stopped falling, and
 * no burst of work has just begun: on a fresh machine a window once jumped from 0.09 to 0.87 cores, and the idle
 * figure that followed read 0.17), at most {@value #MAX_SETTLE_SECONDS} s after it began; both the waiting time and
 * the CPU of each window are printed, and the waiting time is reported as {@code idleSettleSeconds}.
 *
 * @param seconds       how long the idle figure's stretch lasted
 * @param cpuMs         CPU of every platform process meanwhile
 * @param settleSeconds how long the bench waited for start-up work to end before that stretch
 */
record IdleCpu(double seconds, double cpuMs, double settleSeconds) {

    static final int WINDOW_SECONDS = 5;
    static final double STEADY_CORES = 0.01;
    static final int MAX_SETTLE_SECONDS = 120;

    static IdleCpu measure(PlatformCpu cpu, Duration idle, PrintStream err) throws InterruptedException {
        if (!idle.isPositive()) {
            return new IdleCpu(0, 0, 0);
        }
        double settled = settle(cpu, err);
        PlatformCpu.Snapshot start = cpu.take();
        long t0 = System.nanoTime();
        Thread.sleep(idle.toMillis());
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuMs = cpu.take().totalCpuMs() - start.totalCpuMs();
        err.printf(Locale.ROOT, "bench: idle platform %.3f cores over %.0f s%n", cpuMs / 1000 / seconds, seconds);
        return new IdleCpu(seconds, cpuMs, settled);
    }

    /**
     * Waits until the platform's CPU holds steady from one window to the next; answers the seconds waited. A sweep
     * ({@link Sweep}) waits so before each phase too: the mails a phase left queued are sent before the next begins.
     */
    static double settle(PlatformCpu cpu, PrintStream err) throws InterruptedException {
        long t0 = System.nanoTime();
        double previous = Double.NaN;
        while ((System.nanoTime() - t0) / 1e9 < MAX_SETTLE_SECONDS) {
            PlatformCpu.Snapshot start = cpu.take();
            long w0 = System.nanoTime();
            Thread.sleep(WINDOW_SECONDS * 1000L);
            double cores = (cpu.take().totalCpuMs() - start.totalCpuMs()) / 1000 / ((System.nanoTime() - w0) / 1e9);
            err.printf(Locale.ROOT, "bench: settling, platform at %.3f cores%n", cores);
            if (steady(previous, cores)) {
                break;
            }
            previous = cores;
        }
        double waited = (System.nanoTime() - t0) / 1e9;
        err.printf(Locale.ROOT, "bench: settled after %.0f s%n", waited);
        return waited;
    }

    static boolean steady(double previousCores, double cores) {
        return !Double.isNaN(previousCores) && Math.abs(cores - previousCores) <= STEADY_CORES;
    }
}

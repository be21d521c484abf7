package kr.seoul.sane.infra.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The run's timeline: once a second a sample (phase, submitted, completed, the platform's CPU) for the plot and the
 * report, every 5 s a progress line on stderr; and the phase the run is in.
 */
final class Timeline {

    private final PlatformCpu cpu;
    private final Progress progress;
    private final PrintStream err;
    private final List<Plot.Sample> samples = new ArrayList<>();
    private final List<PlatformCpu.Snapshot> snapshots = new ArrayList<>();
    private volatile String phase = "idle";

    Timeline(PlatformCpu cpu, Progress progress, PrintStream err) {
        this.cpu = cpu;
        this.progress = progress;
        this.err = err;
    }

    void enter(String phase) {
        this.phase = phase;
    }

    Progress progress() {
        return progress;
    }

    String phase() {
        return phase;
    }

    /** Starts sampling on a daemon thread; interrupt it to stop. */
    Thread start() {
        return Thread.ofPlatform().daemon().name("bench-progress").start(this::sample);
    }

    /** The platform's CPU at a past moment: the first per-second sample taken at or after it (or now). */
    PlatformCpu.Snapshot cpuAt(long nanos) {
        synchronized (samples) {
            for (int i = 0; i < samples.size(); i++) {
                if (samples.get(i).nanos() >= nanos) {
                    return snapshots.get(i);
                }
            }
        }
        return cpu.take();
    }

    List<Plot.Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    private void sample() {
        long origin = System.nanoTime();
        double lastCpu = cpu.take().totalCpuMs();
        int lastCompleted = 0;
        long lastReport = origin;
        int tick = 0;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            PlatformCpu.Snapshot snapshot = cpu.take();
            int completed = progress.completedBetween(0, progress.size());
            synchronized (samples) {
                samples.add(new Plot.Sample(now, phase, progress.accepted.get(), completed, snapshot.totalCpuMs()));
                snapshots.add(snapshot);
            }
            if (++tick % 5 == 0) {
                double seconds = (now - lastReport) / 1e9;
                err.printf(Locale.ROOT, "bench: %6.0f s %-8s submitted %d (failed %d)  completed %d (triage %d)"
                                + "  %.1f/s  platform CPU %.2f cores%n", (now - origin) / 1e9, phase,
                        progress.accepted.get(), progress.failed.get(), completed, progress.triaged.get(),
                        (completed - lastCompleted) / seconds, (snapshot.totalCpuMs() - lastCpu) / 1000 / seconds);
                lastCpu = snapshot.totalCpuMs();
                lastCompleted = completed;
                lastReport = now;
            }
        }
    }
}

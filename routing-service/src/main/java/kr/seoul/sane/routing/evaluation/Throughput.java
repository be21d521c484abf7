package kr.seoul.sane.routing.evaluation;

import kr.seoul.sane.routing.classifier.ProposalText;
import kr.seoul.sane.routing.classifier.RoutingClassifier;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The classifier's warm throughput on one thread: a warm-up of at least {@link #WARM_UP_RUNS} classifications and
 * {@link #WARM_UP_NANOS} (C2 compiles Nori's Viterbi search only after several thousand texts), then at least
 * {@link #TIMED_RUNS} timed classifications over the texts repeated, with p50 / p99 latency per proposal, by the wall
 * clock and by the thread's CPU time (on a busy machine the wall clock also counts the time the thread waited for a
 * core, the CPU time only what the classifier itself used).
 */
record Throughput(int warmUpPasses, int runs, double seconds, double cpuSeconds, long[] sortedNanos,
                  long[] sortedCpuNanos, double loadAverage) {

    static final int WARM_UP_RUNS = 10_000;
    static final long WARM_UP_NANOS = 3_000_000_000L;
    static final int TIMED_RUNS = 10_000;

    static Throughput measure(RoutingClassifier classifier, List<ProposalText> texts) {
        return measure(classifier, texts, WARM_UP_RUNS, WARM_UP_NANOS, TIMED_RUNS);
    }

    /** With a shorter warm-up and fewer timed runs: for tests of the output, not of the speed. */
    static Throughput measure(RoutingClassifier classifier, List<ProposalText> texts, int warmUpRuns,
                              long warmUpNanos, int timedRuns) {
        long warmStart = System.nanoTime();
        int passes = 0;
        while (passes * texts.size() < warmUpRuns || System.nanoTime() - warmStart < warmUpNanos) {
            texts.forEach(classifier::classify);
            passes++;
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpuClock = threads.isCurrentThreadCpuTimeSupported();
        int runs = Math.max(timedRuns, texts.size());
        long[] nanos = new long[runs];
        long[] cpu = new long[runs];
        long start = System.nanoTime();
        long cpuStart = cpuClock ? threads.getCurrentThreadCpuTime() : 0;
        for (int r = 0; r < runs; r++) {
            long c = cpuClock ? threads.getCurrentThreadCpuTime() : 0;
            long s = System.nanoTime();
            classifier.classify(texts.get(r % texts.size()));
            nanos[r] = System.nanoTime() - s;
            cpu[r] = cpuClock ? threads.getCurrentThreadCpuTime() - c : 0;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = cpuClock ? (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9 : 0;
        Arrays.sort(nanos);
        Arrays.sort(cpu);
        return new Throughput(passes, runs, seconds, cpuSeconds, nanos, cpu,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** Classifications per second by the wall clock. */
    double perSecond() {
        return runs / seconds;
    }

    /**
     * Classifications per second of the classifying thread's own CPU time: what one core does, whatever else the
     * machine runs (0 when the JVM cannot read a thread's CPU time).
     */
    double perCpuSecond() {
        return cpuSeconds > 0 ? runs / cpuSeconds : 0;
    }

    void print(PrintStream out) {
        int p99 = (int) Math.ceil(runs * 0.99) - 1;
        out.printf(Locale.ROOT, "throughput (one thread, after a %d-pass warm-up): %.0f classifications/s over %d runs;"
                        + " latency per proposal p50 %.3f ms, p99 %.3f ms%n",
                warmUpPasses, perSecond(), runs, sortedNanos[runs / 2] / 1e6, sortedNanos[p99] / 1e6);
        if (cpuSeconds > 0) {
            out.printf(Locale.ROOT, "by CPU time (one thread, one core): %.0f classifications per CPU-second, "
                            + "p50 %.3f ms, p99 %.3f ms; load average %.2f%n",
                    perCpuSecond(), sortedCpuNanos[runs / 2] / 1e6, sortedCpuNanos[p99] / 1e6, loadAverage);
        }
    }
}

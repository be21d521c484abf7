package kr.seoul.sane.infra.bench;

import java.time.Clock;
import java.util.Map;

/**
 * The measured phase: N proposals after the warm-up, with the CPU of every platform process (/proc) and the
 * platform's own counters (/actuator/prometheus) read at its start and at its last completion.
 *
 * @param first        index of its first proposal
 * @param end          index after its last proposal
 * @param startNanos   when its submits began
 * @param fromEpochMs  wall-clock start of its CPU reading (for a check from outside)
 * @param toEpochMs    wall-clock end of its CPU reading
 * @param cpuByProcess the CPU each platform process used meanwhile
 * @param uses         the platform's counter deltas per component
 * @param metrics      the scraper (which instance lacks which counter)
 */
record MeasuredPhase(int first, int end, long startNanos, long fromEpochMs, long toEpochMs,
                     Map<String, PlatformCpu.Usage> cpuByProcess, Map<String, Double> uses, PlatformMetrics metrics) {

    /** Runs the phase: submits the proposals after the warm-up and waits for their completion. */
    static MeasuredPhase run(BenchOptions options, ProposalLoad load, PlatformCpu cpu, Timeline timeline,
                             Clock clock) throws Exception {
        return run(options.warmup(), options.proposals(), options.rate(), "measured", load, cpu, timeline, clock);
    }

    /** Runs a phase of {@code count} proposals from index {@code first} at {@code rate} per second (0: open loop). */
    static MeasuredPhase run(int first, int count, double rate, String name, ProposalLoad load, PlatformCpu cpu,
                             Timeline timeline, Clock clock) throws Exception {
        timeline.enter(name);
        PlatformMetrics metrics = new PlatformMetrics(PlatformMetrics.ports(cpu.take().names()));
        Map<String, Map<String, Double>> countersBefore = metrics.scrape();
        PlatformCpu.Snapshot cpuBefore = cpu.take();
        long fromEpochMs = clock.millis();
        int end = first + count;
        long start = System.nanoTime();
        load.submit(first, end, rate);
        long lastProgress = load.awaitCompletion(first, end);
        PlatformCpu.Snapshot cpuAfter = timeline.cpuAt(lastProgress);
        long toEpochMs = fromEpochMs + (lastProgress - start) / 1_000_000;
        Map<String, Map<String, Double>> countersAfter = metrics.scrape();
        timeline.enter("done");
        return new MeasuredPhase(first, end, start, fromEpochMs, toEpochMs, PlatformCpu.between(cpuBefore, cpuAfter),
                PlatformMetrics.delta(countersBefore, countersAfter), metrics);
    }

    /** The first measured submit (the origin of the phase's seconds, timeline and plot). */
    long firstSubmit(Progress progress) {
        return progress.firstSubmit(first, end, startNanos);
    }

    /** What the figures are computed from: this phase's observations, the idle phase's and the raw rates. */
    Figures.Observed observed(Progress progress, IdleCpu idle, Map<String, Double> rawRates) {
        long firstSubmit = firstSubmit(progress);
        long lastCompletion = progress.lastCompletion(first, end);
        double seconds = lastCompletion > firstSubmit ? (lastCompletion - firstSubmit) / 1e9 : 0;
        return new Figures.Observed(end - first, progress.completedBetween(first, end), seconds,
                progress.submitMillis(first, end), progress.endToEndMillis(first, end), cpuByProcess,
                idle.cpuMs(), idle.seconds(), uses, rawRates);
    }
}

package kr.seoul.sane.infra.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a run leaves behind besides its last stdout line: a summary on stderr, and in {@code $PLATFORM_HOME/bench/}
 * the report {@code bench-<run>.json} (the figures, the options, the measured phase's wall-clock bounds, missing
 * counters, a per-second timeline) and the plot {@code bench-<run>.svg}.
 */
final class BenchReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BenchOptions options;
    /** The report's time. */
    private final Clock clock;
    private final PrintStream err;

    BenchReport(BenchOptions options, Clock clock, PrintStream err) {
        this.options = options;
        this.clock = clock;
        this.err = err;
    }

    /** The measured phase in a few lines on stderr. */
    void summarize(Progress progress, MeasuredPhase phase, ObjectNode result) {
        int first = phase.first();
        int end = phase.end();
        err.printf(Locale.ROOT, "bench: measured: %d submitted, %d accepted, %d completed (%d by department mail)%n",
                end - first, progress.acceptedBetween(first, end), result.path("completed").asInt(),
                progress.mailsBetween(first, end));
        err.println("bench: CPU ms per proposal by process: " + result.path("cpuMsPerProposalByProcess"));
        err.println("bench: JIT compile ms during the measured phase: " + result.path("jitMsByProcess"));
        err.println("bench: garbage collection ms during the measured phase: " + result.path("gcMsByProcess"));
        err.println("bench: uses per proposal: " + result.path("usesPerProposal"));
        phase.metrics().missingByInstance.forEach((instance, missing) -> {
            if (!missing.isEmpty()) {
                err.println("bench: " + instance + " exposes no counter for " + missing);
            }
        });
    }

    /** Writes the report and the plot; a failure to write is said on stderr, never the end of the run. */
    void write(String runId, Timeline timeline, MeasuredPhase phase, ObjectNode result) {
        Progress progress = timeline.progress();
        long origin = phase.firstSubmit(progress);
        try {
            Path dir = options.reportDir();
            Files.createDirectories(dir);
            ObjectNode report = JSON.createObjectNode();
            report.put("run", runId).put("at", clock.instant().toString())
                    .put("cpus", Runtime.getRuntime().availableProcessors())
                    .put("warmup", options.warmup()).put("rate", options.rate())
                    .put("concurrency", options.concurrency())
                    .put("accepted", progress.accepted.get()).put("failed", progress.failed.get())
                    .put("triaged", progress.triaged.get())
                    .put("measuredFromEpochMs", phase.fromEpochMs()).put("measuredToEpochMs", phase.toEpochMs());
            report.set("result", result);
            report.set("countersMissing", JSON.valueToTree(phase.metrics().missingByInstance));
            List<Plot.Sample> samples = timeline.samples();
            report.set("timeline", JSON.valueToTree(samples.stream().map(s -> Map.of("t", Figures.round((s.nanos()
                    - origin) / 1e9), "phase", s.phase(), "submitted", s.submitted(), "completed", s.completed(),
                    "platformCpuMs", Figures.round(s.cpuMs()))).toList()));
            Path file = dir.resolve("bench-" + runId + ".json");
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
            Path plot = dir.resolve("bench-" + runId + ".svg");
            Files.writeString(plot, Plot.svg(samples, progress, phase.first(), phase.end(), origin));
            err.println("bench: report " + file + ", plot " + plot);
        } catch (IOException e) {
            err.println("bench: could not write the report: " + e.getMessage());
        }
    }
}

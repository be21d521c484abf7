package kr.seoul.sane.infra.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code bench --sweep 10,50,0}: after the one warm-up, a measured phase at each rate in turn (about
 * {@code --sweep-seconds} long; 0 is an open-loop phase of {@code --proposals}), each awaited, and the platform's CPU
 * settled ({@link IdleCpu#settle}), before the next, so
 * the CPU per proposal is read at a low load, a moderate one and at capacity on the same platform. The last stdout
 * line is {@code {"instances":{...},"idleCpuCores":..,"sweep":[{"rate":..,<the figures of a run>},...]}}; the report
 * {@code bench-<run>.json} holds the same, and {@code bench-<run>-sweep.svg} draws CPU per proposal against the
 * throughput reached, with an earlier sweep ({@code --overlay}, e.g. of {@code up --replicas 2}) beside it.
 */
final class Sweep {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BenchOptions options;
    private final PrintStream err;
    private final Clock clock;

    Sweep(BenchOptions options, PrintStream err, Clock clock) {
        this.options = options;
        this.err = err;
        this.clock = clock;
    }

    /** The proposals of all phases together (the run's progress holds the warm-up and these). */
    static int proposals(BenchOptions options) {
        return options.sweepRates().stream().mapToInt(options::proposalsAt).sum();
    }

    /** Runs the phases after the warm-up; returns the sweep's figures (also written to its report). */
    ObjectNode run(String runId, ProposalLoad load, PlatformCpu cpu, Timeline timeline, IdleCpu idle)
            throws Exception {
        Progress progress = timeline.progress();
        ArrayNode phases = JSON.createArrayNode();
        int first = options.warmup();
        for (double rate : options.sweepRates()) {
            int count = options.proposalsAt(rate);
            String name = label(rate);
            // what the phase before left to do (applicant mails wait behind department mails) is not this phase's
            IdleCpu.settle(cpu, err);
            err.printf(Locale.ROOT, "bench: sweep phase %s: %d proposals%n", name, count);
            MeasuredPhase phase = MeasuredPhase.run(first, count, rate, name, load, cpu, timeline, clock);
            ObjectNode figures = Figures.compute(phase.observed(progress, idle, Map.of()), JSON);
            figures.remove(List.of("limitThroughput", "ratio", "rawRates", "idleCpuCores"));
            ObjectNode entry = JSON.createObjectNode().put("rate", rate).put("phase", name)
                    .put("fromEpochMs", phase.fromEpochMs()).put("toEpochMs", phase.toEpochMs());
            entry.setAll(figures);
            phases.add(entry);
            err.printf(Locale.ROOT, "bench: sweep phase %s: %.1f completed/s, %.2f ms CPU per proposal, p99 submit"
                            + " %d ms, p95 to department mail %d ms%n", name, figures.path("throughput").asDouble(),
                    figures.path("cpuMsPerProposal").asDouble(), figures.path("p99SubmitMs").asLong(),
                    figures.path("p95EndToEndMs").asLong());
            first += count;
        }
        ObjectNode result = JSON.createObjectNode();
        result.set("instances", JSON.valueToTree(instances(cpu.take().names())));
        result.put("idleCpuCores", Figures.round(Figures.per(idle.cpuMs() / 1000, idle.seconds()), 3));
        result.set("sweep", phases);
        write(runId, result);
        return result;
    }

    /** How many instances of each service ran ({@code routing-service-2} counts for routing-service). */
    static Map<String, Integer> instances(Iterable<String> processes) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String name : processes) {
            if (name.contains("-service")) {
                counts.merge(name.replaceFirst("-\\d+$", ""), 1, Integer::sum);
            }
        }
        return counts;
    }

    static String label(double rate) {
        return rate > 0 ? String.format(Locale.ROOT, "%s/s", Figures.round(rate)).replace(".0/", "/") : "open loop";
    }

    private void write(String runId, ObjectNode result) {
        try {
            Path dir = options.reportDir();
            Files.createDirectories(dir);
            ObjectNode report = JSON.createObjectNode().put("run", runId).put("at", clock.instant().toString())
                    .put("cpus", Runtime.getRuntime().availableProcessors()).put("warmup", options.warmup());
            report.setAll(result);
            Path file = dir.resolve("bench-" + runId + ".json");
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
            List<SweepPlot.Series> series = new ArrayList<>();
            series.add(SweepPlot.Series.of("this run " + describe(result.path("instances")), result.path("sweep")));
            Optional<Path> overlay = options.overlay();
            if (overlay.isPresent()) {
                JsonNode earlier = JSON.readTree(overlay.get().toFile());
                series.add(SweepPlot.Series.of(earlier.path("run").asText() + " " + describe(earlier.path("instances")),
                        earlier.path("sweep")));
            }
            Path plot = dir.resolve("bench-" + runId + "-sweep.svg");
            Files.writeString(plot, SweepPlot.svg(series));
            err.println("bench: report " + file + ", plot " + plot);
        } catch (IOException e) {
            err.println("bench: could not write the sweep's report: " + e.getMessage());
        }
    }

    /** "(1 instance of each service)", "(2 instances of each service)" or the counts when they differ. */
    static String describe(JsonNode instances) {
        List<Integer> counts = new ArrayList<>();
        instances.forEach(n -> counts.add(n.asInt()));
        if (!counts.isEmpty() && counts.stream().distinct().count() == 1) {
            int n = counts.get(0);
            return "(" + n + (n == 1 ? " instance" : " instances") + " of each service)";
        }
        return "(" + instances + ")";
    }
}

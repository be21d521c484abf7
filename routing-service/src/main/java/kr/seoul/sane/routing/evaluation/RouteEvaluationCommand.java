package kr.seoul.sane.routing.evaluation;

import kr.seoul.sane.routing.classifier.Candidate;
import kr.seoul.sane.routing.classifier.Classification;
import kr.seoul.sane.routing.classifier.ProposalText;
import kr.seoul.sane.routing.classifier.RoutingClassifier;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code bin/platform route-eval FILE.jsonl}: classifies every labelled line with the production classifier and
 * the configured auto-routing threshold, prints a per-department table, the frequent confusions and the time per
 * proposal, and as the last stdout line the metrics JSON of architecture.md. {@code --sweep} also prints
 * autoPrecision and coverage per candidate threshold (how the configured one was chosen).
 */
public final class RouteEvaluationCommand {

    static final String THRESHOLD_PROPERTY = "sane.routing.auto-threshold";
    /** Files this small are tests of the command, not of the classifier's speed. */
    private static final int WARM_SPEED_MIN_ITEMS = 20;

    private RouteEvaluationCommand() {
    }

    public static void main(String[] args) {
        boolean sweep = false;
        String file = null;
        for (String a : args) {
            if ("--sweep".equals(a)) {
                sweep = true;
            } else {
                file = a;
            }
        }
        if (file == null) {
            System.err.println("usage: route-eval [--sweep] FILE.jsonl");
            System.exit(2);
        }
        int code = run(Path.of(file), sweep, System.out, System.err);
        System.exit(code);
    }

    /** Runs the evaluation; returns the process exit code. */
    public static int run(Path file, boolean sweep, PrintStream out, PrintStream err) {
        List<LabelledItem> items;
        try {
            items = read(file);
        } catch (IOException | UncheckedIOException e) {
            err.println("route-eval: cannot read " + file + ": " + e.getMessage());
            return 1;
        }
        double threshold = configuredThreshold();
        err.printf(Locale.ROOT, "route-eval: %d items, auto-routing threshold %.2f%n", items.size(), threshold);
        long t0 = System.nanoTime();
        RoutingClassifier classifier = RoutingClassifier.standard(threshold);
        err.printf(Locale.ROOT, "route-eval: classifier ready in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        RouteMetrics.Tally tally = new RouteMetrics.Tally();
        List<Classification> results = new ArrayList<>();
        long[] nanos = new long[items.size()];
        for (int i = 0; i < items.size(); i++) {
            long s = System.nanoTime();
            Classification c = classifier.classify(items.get(i).proposal());
            nanos[i] = System.nanoTime() - s;
            results.add(c);
            tally.add(items.get(i).expected(), c.candidates().stream().map(Candidate::departmentCode).toList(),
                    c.autoRouted() ? c.topDepartment() : null);
            if ((i + 1) % 50 == 0) {
                err.printf("route-eval: %d/%d%n", i + 1, items.size());
            }
        }
        RouteMetrics metrics = tally.metrics();
        if (!items.isEmpty()) {
            printReport(items, results, nanos, out);
        }
        if (sweep) {
            printSweep(items, results, err);
        }
        if (items.size() >= WARM_SPEED_MIN_ITEMS) {
            printWarmSpeed(classifier, items, out);
        }
        out.println(metrics.toJson());
        out.flush();
        return 0;
    }

    static List<LabelledItem> read(Path file) throws IOException {
        JsonMapper mapper = JsonMapper.builder().build();
        List<LabelledItem> items = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode j = mapper.readTree(line);
                String field = j.path("field").isString() ? j.path("field").asString() : null;
                items.add(new LabelledItem(j.path("id").asString("line-" + n),
                        new ProposalText(j.path("title").asString(""), j.path("content").asString(""), field,
                                j.path("organizationType").asString(null), j.path("organization").asString(null),
                                j.path("suspicious").asBoolean(false)),
                        j.path("expected").asString(LabelledItem.TRIAGE)));
            }
        }
        return items;
    }

    /** The threshold from -Dsane.routing.auto-threshold, else from the service's application.yml. */
    public static double configuredThreshold() {
        String override = System.getProperty(THRESHOLD_PROPERTY);
        if (override != null) {
            return Double.parseDouble(override);
        }
        try (InputStream in = RouteEvaluationCommand.class.getClassLoader().getResourceAsStream("application.yml")) {
            if (in == null) {
                throw new IllegalStateException("application.yml not on the class path");
            }
            for (Object doc : new Yaml().loadAll(in)) {
                Object v = lookup(doc, THRESHOLD_PROPERTY);
                if (v != null) {
                    return Double.parseDouble(v.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException(THRESHOLD_PROPERTY + " missing from application.yml");
    }

    /** Finds a dotted key in nested maps, accepting keys that are themselves dotted (YAML shorthand). */
    private static Object lookup(Object node, String dotted) {
        if (!(node instanceof Map<?, ?> map)) {
            return null;
        }
        if (map.containsKey(dotted)) {
            return map.get(dotted);
        }
        for (var e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (dotted.startsWith(key + ".")) {
                Object found = lookup(e.getValue(), dotted.substring(key.length() + 1));
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static void printReport(List<LabelledItem> items, List<Classification> results, long[] nanos,
                                    PrintStream out) {
        Map<String, int[]> perDept = new TreeMap<>();
        Map<String, Integer> confusions = new TreeMap<>();
        for (int i = 0; i < items.size(); i++) {
            String expected = items.get(i).expected();
            Classification c = results.get(i);
            String predicted = c.autoRouted() ? c.topDepartment() : LabelledItem.TRIAGE;
            perDept.computeIfAbsent(expected, k -> new int[3])[1]++;
            perDept.computeIfAbsent(predicted, k -> new int[3])[2]++;
            if (expected.equals(predicted)) {
                perDept.get(expected)[0]++;
            } else {
                confusions.merge(expected + " -> " + predicted, 1, Integer::sum);
            }
        }
        out.println("department                 precision  recall  expected  predicted");
        perDept.forEach((code, c) -> out.printf(Locale.ROOT, "%-26s %9.2f %7.2f %9d %10d%n", code,
                c[2] == 0 ? 0.0 : (double) c[0] / c[2], c[1] == 0 ? 0.0 : (double) c[0] / c[1], c[1], c[2]));
        out.println("most frequent confusions (expected -> decided):");
        confusions.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(10)
                .forEach(e -> out.printf("  %3d  %s%n", e.getValue(), e.getKey()));
        long[] sorted = nanos.clone();
        java.util.Arrays.sort(sorted);
        double mean = java.util.Arrays.stream(sorted).average().orElse(0) / 1e6;
        double p99 = sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)] / 1e6;
        out.printf(Locale.ROOT, "time per proposal: mean %.3f ms, p99 %.3f ms (first run, includes JIT warm-up)%n",
                mean, p99);
    }

    /**
     * Throughput on one thread once the JIT has compiled the hot path (two warm-up passes, then at least 2,000 runs),
     * by the wall clock and by the thread's CPU time: on a busy machine the wall clock also counts the time the thread
     * waited for a core, the CPU time only what the classifier itself used.
     */
    private static void printWarmSpeed(RoutingClassifier classifier, List<LabelledItem> items, PrintStream out) {
        for (int pass = 0; pass < 2; pass++) {
            items.forEach(i -> classifier.classify(i.proposal()));
        }
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        boolean cpuClock = threads.isCurrentThreadCpuTimeSupported();
        int runs = Math.max(2000, items.size());
        long[] nanos = new long[runs];
        long[] cpu = new long[runs];
        long start = System.nanoTime();
        long cpuStart = cpuClock ? threads.getCurrentThreadCpuTime() : 0;
        for (int r = 0; r < runs; r++) {
            long c = cpuClock ? threads.getCurrentThreadCpuTime() : 0;
            long s = System.nanoTime();
            classifier.classify(items.get(r % items.size()).proposal());
            nanos[r] = System.nanoTime() - s;
            cpu[r] = cpuClock ? threads.getCurrentThreadCpuTime() - c : 0;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = cpuClock ? (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9 : 0;
        java.util.Arrays.sort(nanos);
        java.util.Arrays.sort(cpu);
        int p99 = (int) Math.ceil(runs * 0.99) - 1;
        out.printf(Locale.ROOT, "warm speed (one thread): %.0f classifications/s, p50 %.3f ms, p99 %.3f ms%n",
                runs / seconds, nanos[runs / 2] / 1e6, nanos[p99] / 1e6);
        if (cpuClock && cpuSeconds > 0) {
            out.printf(Locale.ROOT, "warm speed by CPU time (one thread): %.0f classifications per CPU-second, "
                            + "p50 %.3f ms, p99 %.3f ms; load average %.2f%n",
                    runs / cpuSeconds, cpu[runs / 2] / 1e6, cpu[p99] / 1e6,
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static void printSweep(List<LabelledItem> items, List<Classification> results, PrintStream err) {
        err.println("threshold  autoPrecision  coverage  triageRecall");
        for (int t = 20; t <= 95; t += 5) {
            double th = t / 100.0;
            RouteMetrics.Tally tally = new RouteMetrics.Tally();
            for (int i = 0; i < items.size(); i++) {
                Classification c = results.get(i);
                boolean structural = c.triageReason() != null
                        && c.triageReason() != kr.seoul.sane.routing.classifier.TriageReason.LOW_CONFIDENCE;
                boolean evidenceLow = c.triageReason() != null && c.triageExplanation() != null
                        && c.triageExplanation().startsWith("부서 업무와");
                boolean routed = !structural && !evidenceLow && c.confidence() >= th && c.topDepartment() != null;
                tally.add(items.get(i).expected(), c.candidates().stream().map(Candidate::departmentCode).toList(),
                        routed ? c.topDepartment() : null);
            }
            RouteMetrics m = tally.metrics();
            err.printf(Locale.ROOT, "%9.2f  %13.3f  %8.3f  %12.3f%n", th, m.autoPrecision(), m.coverage(),
                    m.triageRecall());
        }
    }
}

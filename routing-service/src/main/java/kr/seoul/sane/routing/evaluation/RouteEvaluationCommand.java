package kr.seoul.sane.routing.evaluation;

import kr.seoul.sane.routing.classifier.Candidate;
import kr.seoul.sane.routing.classifier.Classification;
import kr.seoul.sane.routing.classifier.LabelledItem;
import kr.seoul.sane.routing.classifier.RoutingClassifier;
import kr.seoul.sane.routing.classifier.RoutingTrainer;
import org.yaml.snakeyaml.Yaml;

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
 * proposal, the warm single-thread throughput with p50/p99 latency, and as the last stdout line the metrics JSON of
 * architecture.md. {@code --sweep} also prints autoPrecision and coverage per candidate threshold (stderr);
 * {@code --cv} adds the five figures out of fold ({@link OutOfFoldEvaluation}: every tunable fitted on the other
 * folds and the bundled sets only) on the line before the last, after one line per fold saying what it fitted.
 * {@code --bench} measures the classifier alone instead: one thread, after a warm-up, over the file's items repeated;
 * the last stdout line is {@code {"classificationsPerSecond":..,"classificationsPerCpuSecond":..}}.
 * {@code --decisions OUT} writes every item's decision to OUT ({@link DecisionLog}), stdout unchanged.
 */
public final class RouteEvaluationCommand {

    static final String THRESHOLD_PROPERTY = "sane.routing.auto-threshold";
    /** Files this small are tests of the command, not of the classifier's speed. */
    private static final int WARM_SPEED_MIN_ITEMS = 20;

    private RouteEvaluationCommand() {
    }

    public static void main(String[] args) {
        boolean sweep = false;
        boolean cv = false;
        boolean bench = false;
        String file = null;
        Path decisions = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ("--decisions".equals(a) && i + 1 < args.length) {
                decisions = Path.of(args[++i]);
            } else if ("--bench".equals(a)) {
                bench = true;
            } else if ("--sweep".equals(a)) {
                sweep = true;
            } else if ("--cv".equals(a)) {
                cv = true;
            } else {
                file = a;
            }
        }
        if (file == null) {
            System.err.println("usage: route-eval [--sweep] [--cv] [--bench] [--decisions OUT] FILE.jsonl");
            System.exit(2);
        }
        int code = bench ? bench(Path.of(file), System.out, System.err)
                : run(Path.of(file), sweep, cv, decisions, System.out, System.err);
        System.exit(code);
    }

    /** Runs the evaluation; returns the process exit code. */
    public static int run(Path file, boolean sweep, PrintStream out, PrintStream err) {
        return run(file, sweep, false, out, err);
    }

    /** Runs the evaluation; with {@code cv} also the out-of-fold figures. */
    public static int run(Path file, boolean sweep, boolean cv, PrintStream out, PrintStream err) {
        return run(file, sweep, cv, null, out, err);
    }

    /** Runs the evaluation; with {@code decisions} not null also writes every item's decision there. */
    static int run(Path file, boolean sweep, boolean cv, Path decisions, PrintStream out, PrintStream err) {
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
        if (decisions != null) {
            DecisionLog.write(decisions, items, results);
        }
        if (!items.isEmpty()) {
            printReport(items, results, nanos, out);
        }
        if (sweep) {
            printSweep(items, results, err);
        }
        if (items.size() >= WARM_SPEED_MIN_ITEMS) {
            printWarmSpeed(classifier, items, out);
        }
        if (cv) {
            out.println(outOfFold(classifier, items, out).toJson());
        }
        out.println(metrics.toJson());
        out.flush();
        return 0;
    }

    static List<LabelledItem> read(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return LabelledItem.read(r);
        }
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
        long supported = results.stream().filter(c -> c.autoRouted() && !c.supportingDepartments().isEmpty()).count();
        long auto = results.stream().filter(Classification::autoRouted).count();
        out.printf(Locale.ROOT, "lead + supporting departments: %d of %d automatic routings%n", supported, auto);
    }

    /**
     * {@code --bench}: the classifier alone on one thread (no evaluation, no report), warmed up and then timed over
     * the file's items repeated; human-readable lines on stderr, the last stdout line
     * {@code {"classificationsPerSecond":..,"classificationsPerCpuSecond":..}}: by the wall clock, and by the
     * classifying thread's CPU time (what one core does, whatever else the machine runs); 0 for a file without items.
     */
    public static int bench(Path file, PrintStream out, PrintStream err) {
        return bench(file, Throughput.WARM_UP_RUNS, Throughput.WARM_UP_NANOS, Throughput.TIMED_RUNS, out, err);
    }

    static int bench(Path file, int warmUpRuns, long warmUpNanos, int timedRuns, PrintStream out, PrintStream err) {
        List<LabelledItem> items;
        try {
            items = read(file);
        } catch (IOException | UncheckedIOException e) {
            err.println("route-eval: cannot read " + file + ": " + e.getMessage());
            return 1;
        }
        double perSecond = 0;
        double perCpuSecond = 0;
        if (!items.isEmpty()) {
            RoutingClassifier classifier = RoutingClassifier.standard(configuredThreshold());
            Throughput t = Throughput.measure(classifier, items.stream().map(LabelledItem::proposal).toList(),
                    warmUpRuns, warmUpNanos, timedRuns);
            t.print(err);
            perSecond = t.perSecond();
            perCpuSecond = t.perCpuSecond();
        }
        out.printf(Locale.ROOT, "{\"classificationsPerSecond\":%.1f,\"classificationsPerCpuSecond\":%.1f}%n",
                perSecond, perCpuSecond);
        out.flush();
        return 0;
    }

    private static void printWarmSpeed(RoutingClassifier classifier, List<LabelledItem> items, PrintStream out) {
        Throughput.measure(classifier, items.stream().map(LabelledItem::proposal).toList()).print(out);
    }

    /**
     * The figures of {@link OutOfFoldEvaluation} ({@value OutOfFoldEvaluation#FOLDS} folds), with what each fold
     * fitted; an empty file gives zeros.
     */
    private static RouteMetrics outOfFold(RoutingClassifier classifier, List<LabelledItem> items, PrintStream out) {
        if (items.size() < OutOfFoldEvaluation.FOLDS) {
            return new RouteMetrics.Tally().metrics();
        }
        List<LabelledItem> bundled = OutOfFoldEvaluation.bundledExcept(items);
        OutOfFoldEvaluation.Result r = OutOfFoldEvaluation.run(classifier, items, bundled, OutOfFoldEvaluation.FOLDS,
                OutOfFoldEvaluation.SEED);
        out.printf(Locale.ROOT, "out-of-fold evaluation: %d folds (seed %d); each fits department model, calibration, "
                + "threshold and non-proposal detector on the other folds and %d bundled items that are not in this file%n",
                r.folds().size(), OutOfFoldEvaluation.SEED, bundled.size());
        for (OutOfFoldEvaluation.Fold f : r.folds()) {
            out.printf(Locale.ROOT, "  fold %d: held out %d, fitted on %d; threshold %.2f, calibration %s, "
                            + "detector threshold %.3f, department model weight %.2f (inner top1 %.3f, directory "
                            + "alone %.3f)%n", f.index() + 1, f.heldOut().size(), f.training().size(),
                    f.trained().threshold(), format(f.trained().calibration()), f.trained().detector().threshold(),
                    f.trained().departmentWeight(), f.trained().innerTop1(), f.trained().innerDirectoryTop1());
        }
        out.printf(Locale.ROOT, "  proposals not routed out of fold: %d held back by the detector, %d below the threshold%n",
                r.proposalsHeldByDetector(), r.proposalsBelowThreshold());
        out.printf(Locale.ROOT, "  wrong out of fold (%d): id expected -> first department / decision%n", r.misses().size());
        r.misses().forEach(m -> out.printf(Locale.ROOT, "    %s %s -> %s / %s%n", m.id(), m.expected(), m.first(),
                m.decided()));
        return r.metrics();
    }

    /** True when the threshold decides: not a non-proposal, not suspicious, and enough matching evidence. */
    static boolean thresholdDecides(Classification c) {
        return RoutingClassifier.reachesThreshold(c);
    }

    private static String format(double[] w) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < w.length; i++) {
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", w[i]));
        }
        return b.append(']').toString();
    }

    private static void printSweep(List<LabelledItem> items, List<Classification> results, PrintStream err) {
        err.println("threshold  autoPrecision  coverage  triageRecall");
        for (int t = 20; t <= 95; t += 5) {
            double th = t / 100.0;
            RouteMetrics.Tally tally = new RouteMetrics.Tally();
            for (int i = 0; i < items.size(); i++) {
                Classification c = results.get(i);
                boolean routed = thresholdDecides(c) && c.confidence() >= th;
                tally.add(items.get(i).expected(), c.candidates().stream().map(Candidate::departmentCode).toList(),
                        routed ? c.topDepartment() : null);
            }
            RouteMetrics m = tally.metrics();
            err.printf(Locale.ROOT, "%9.2f  %13.3f  %8.3f  %12.3f%n", th, m.autoPrecision(), m.coverage(),
                    m.triageRecall());
        }
    }
}

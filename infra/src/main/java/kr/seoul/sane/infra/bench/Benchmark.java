package kr.seoul.sane.infra.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code bin/platform bench [--proposals N] [--warmup W] [--rate R]}: measures a running platform from outside.
 * <ol>
 *   <li>idle: the platform's CPU over {@code --idle-seconds} (30) of nothing → {@code idleCpuCores};</li>
 *   <li>warm-up: W proposals (2,000) submitted through the gateway and awaited, not counted;</li>
 *   <li>measured: N proposals (10,000), open loop (at most {@code --concurrency} submits in flight) or at R per
 *       second; a proposal is completed when its department mail arrived in the mail sink (IMAP) or it reached
 *       triage ({@code proposal.triaged}); the phase ends at the last completion (or when nothing completed for
 *       {@code --stall-seconds}); the CPU of every platform process (/proc) and the platform's own counters
 *       (/actuator/prometheus) are read at its start and end;</li>
 *   <li>the raw rate of each component with the platform's client pattern ({@link MachineLimit}).</li>
 * </ol>
 * Progress goes to stderr every 5 s; the report (JSON) and a plot (SVG) go to {@code $PLATFORM_HOME/bench/}; the
 * last line on stdout is the JSON object of {@link Figures}.
 */
public final class Benchmark {

    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BenchOptions options;
    private final PrintStream err;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final PlatformCpu cpu = new PlatformCpu();
    private final List<Plot.Sample> samples = new ArrayList<>();
    private final List<PlatformCpu.Snapshot> snapshots = new ArrayList<>();
    private volatile String phase = "idle";
    /** Wall-clock bounds of the measured phase's CPU reading (for a check from outside). */
    private long measuredFromEpochMs;
    private long measuredToEpochMs;
    /** The run id, the report's time and the measured phase's wall-clock bounds. */
    private final Clock clock;

    Benchmark(BenchOptions options, PrintStream err) {
        this(options, err, Clock.systemUTC());
    }

    Benchmark(BenchOptions options, PrintStream err, Clock clock) {
        this.options = options;
        this.err = err;
        this.clock = clock;
    }

    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        BenchOptions options;
        try {
            if (List.of(args).contains("-h") || List.of(args).contains("--help")) {
                err.println(BenchOptions.USAGE);
                System.exit(0);
            }
            Path root = Path.of(System.getProperty("platform.root", ".")).toAbsolutePath();
            options = BenchOptions.parse(args, root, System.getenv());
        } catch (IllegalArgumentException e) {
            err.println("bench: " + e.getMessage());
            err.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            ObjectNode result = new Benchmark(options, err).run();
            OUT.println(result);
            System.exit(result.path("completed").asInt() == result.path("proposals").asInt() ? 0 : 1);
        } catch (IllegalStateException e) {
            err.println("bench: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            e.printStackTrace(err);
            System.exit(2);
        }
    }

    /**
     * Runs the benchmark in this JVM (e.g. from a test) against the running platform; returns the figures.
     *
     * @param env supplies PLATFORM_HOME (where the report goes), KAFKA_BOOTSTRAP_SERVERS and MONGODB_URI
     */
    public static ObjectNode measure(String[] args, Path root, Map<String, String> env, PrintStream err)
            throws Exception {
        return new Benchmark(BenchOptions.parse(args, root, env), err).run();
    }

    /** Runs every phase; returns the figures (also written to the report). */
    ObjectNode run() throws Exception {
        if (!reachable(URI.create(options.gateway() + "/actuator/health"))) {
            throw new IllegalStateException("the platform does not answer at " + options.gateway()
                    + " (start it with: PLATFORM_RATE_LIMIT_PER_MINUTE=0 bin/platform up)");
        }
        String runId = Long.toString(clock.millis() % 100_000_000L, 36).toUpperCase(Locale.ROOT);
        ProposalFactory factory = new ProposalFactory(runId);
        List<String> departments = departmentAddresses();
        err.printf(Locale.ROOT, "bench: run %s: idle %.0f s, warm-up %d, measured %d, %s, %d platform processes%n",
                runId, options.idle().toMillis() / 1000.0, options.warmup(), options.proposals(),
                options.rate() > 0 ? "at " + options.rate() + "/s" : "open loop (concurrency "
                        + options.concurrency() + ")", cpu.take().byProcess().size());

        // 1. idle
        double idleSeconds = 0;
        double idleCpuMs = 0;
        if (options.idle().isPositive()) { // --idle-seconds 0: no idle figure (0)
            PlatformCpu.Snapshot idleStart = cpu.take();
            long idleT0 = System.nanoTime();
            Thread.sleep(options.idle().toMillis());
            idleSeconds = (System.nanoTime() - idleT0) / 1e9;
            idleCpuMs = cpu.take().totalCpuMs() - idleStart.totalCpuMs();
            err.printf(Locale.ROOT, "bench: idle platform %.3f cores over %.0f s%n", idleCpuMs / 1000 / idleSeconds,
                    idleSeconds);
        }

        Progress progress = new Progress(options.warmup(), options.proposals());
        Map<String, Integer> idToIndex = new ConcurrentHashMap<>();
        Map<String, Long> triagedEarly = new ConcurrentHashMap<>();
        try (DepartmentInboxes inboxes = new DepartmentInboxes(options.mailHost(), options.imapPort(), departments,
                runId, index -> progress.mailArrived(index, System.nanoTime()), m -> err.println("bench: " + m));
             TriagedProposals triaged = new TriagedProposals(options.kafka(), id -> {
                 long now = System.nanoTime();
                 Integer index = idToIndex.get(id);
                 if (index != null) {
                     progress.reachedTriage(index, now);
                 } else {
                     triagedEarly.put(id, now);
                 }
             })) {
            inboxes.start();
            triaged.start();
            Thread reporter = Thread.ofPlatform().daemon().name("bench-progress").start(() -> sample(progress));

            // 2. warm-up
            if (options.warmup() > 0) {
                phase = "warm-up";
                submit(progress, factory, 0, options.warmup(), 0, idToIndex, triagedEarly);
                awaitCompletion(progress, 0, options.warmup());
            }

            // 3. measured
            phase = "measured";
            Map<String, Integer> ports = PlatformMetrics.ports(cpu.take().names());
            PlatformMetrics metrics = new PlatformMetrics(ports);
            Map<String, Map<String, Double>> countersBefore = metrics.scrape();
            PlatformCpu.Snapshot cpuBefore = cpu.take();
            measuredFromEpochMs = clock.millis();
            int first = options.warmup();
            int end = first + options.proposals();
            long measuredStart = System.nanoTime();
            submit(progress, factory, first, end, options.rate(), idToIndex, triagedEarly);
            long lastProgress = awaitCompletion(progress, first, end);
            PlatformCpu.Snapshot cpuAfter = cpuAt(lastProgress);
            measuredToEpochMs = measuredFromEpochMs + (lastProgress - measuredStart) / 1_000_000;
            Map<String, Map<String, Double>> countersAfter = metrics.scrape();
            phase = "done";
            reporter.interrupt();
            err.printf("bench: IMAP re-connections during the run: %d%n", inboxes.reconnects.get());

            // 4. raw rates
            Map<String, Double> rawRates = Map.of();
            if (options.measureLimit()) {
                rawRates = new MachineLimit(options.limitWindow(), options.concurrency(), m -> err.println("bench: " + m))
                        .measure(options.kafka(), options.mongo(), options.mailHost(), options.smtpPort());
            }

            long firstSubmit = IntStream.range(first, end).mapToLong(progress.submittedAt::get).filter(t -> t > 0)
                    .min().orElse(measuredStart);
            long lastCompletion = IntStream.range(first, end).mapToLong(progress.completedAt::get).max().orElse(0);
            double seconds = lastCompletion > firstSubmit ? (lastCompletion - firstSubmit) / 1e9 : 0;
            long[] submitMs = IntStream.range(first, end).mapToLong(progress.submitMs::get).filter(v -> v >= 0)
                    .toArray();
            long[] endToEnd = IntStream.range(first, end).filter(i -> progress.mailAt.get(i) > 0)
                    .mapToLong(i -> Math.max(0, (progress.mailAt.get(i) - progress.submittedAt.get(i)) / 1_000_000))
                    .toArray();
            Map<String, PlatformCpu.Usage> cpuByProcess = PlatformCpu.between(cpuBefore, cpuAfter);
            Map<String, Double> uses = PlatformMetrics.delta(countersBefore, countersAfter);
            ObjectNode result = Figures.compute(new Figures.Observed(options.proposals(),
                    progress.completedBetween(first, end), seconds, submitMs, endToEnd, cpuByProcess, idleCpuMs,
                    idleSeconds, uses, rawRates), JSON);
            summarize(progress, first, end, metrics, result);
            writeReport(runId, progress, first, end, firstSubmit, metrics, result);
            return result;
        }
    }

    /** Submits proposals [from, to) open loop (at most --concurrency in flight) or at {@code rate} per second. */
    private void submit(Progress progress, ProposalFactory factory, int from, int to, double rate,
                        Map<String, Integer> idToIndex, Map<String, Long> triagedEarly) throws InterruptedException {
        URI uri = URI.create(options.gateway() + "/api/proposals");
        Semaphore inFlight = new Semaphore(options.concurrency());
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long start = System.nanoTime();
        List<Thread> senders = new ArrayList<>();
        for (int i = from; i < to; i++) {
            if (rate > 0) {
                long wait = start + (long) ((i - from) * 1e9 / rate) - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            inFlight.acquire();
            int index = i;
            senders.add(Thread.ofVirtual().start(() -> {
                try {
                    String body = factory.json(index);
                    long t0 = System.nanoTime();
                    progress.submittedAt.set(index, t0);
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                                    .timeout(Duration.ofSeconds(60))
                                    .header("Content-Type", "application/json; charset=UTF-8")
                                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                    long t1 = System.nanoTime();
                    if (response.statusCode() == 201) {
                        progress.submitMs.set(index, (t1 - t0) / 1_000_000);
                        progress.accepted.incrementAndGet();
                        String id = JSON.readTree(response.body()).path("id").asText("");
                        if (!id.isEmpty()) {
                            idToIndex.put(id, index);
                            Long early = triagedEarly.remove(id);
                            if (early != null) {
                                progress.reachedTriage(index, early);
                            }
                        }
                    } else {
                        progress.failed.incrementAndGet();
                        firstFailure.compareAndSet(null, response.statusCode() + " " + abbreviate(response.body()));
                    }
                } catch (Exception e) {
                    progress.failed.incrementAndGet();
                    firstFailure.compareAndSet(null, e.toString());
                } finally {
                    inFlight.release();
                }
            }));
        }
        for (Thread sender : senders) {
            sender.join();
        }
        if (firstFailure.get() != null) {
            err.println("bench: " + phase + ": first failed submit: " + firstFailure.get());
            if (firstFailure.get().startsWith("429")) {
                err.println("bench: the platform rate-limits submissions; run it with PLATFORM_RATE_LIMIT_PER_MINUTE=0");
            }
        }
    }

    /**
     * Waits until every submitted proposal of [from, to) completed, or nothing completed for --stall-seconds;
     * returns the time of the last completion seen (or now when none).
     */
    private long awaitCompletion(Progress progress, int from, int to) throws InterruptedException {
        int wanted = 0;
        for (int i = from; i < to; i++) {
            if (progress.submitMs.get(i) >= 0) {
                wanted++;
            }
        }
        int last = -1;
        long lastNews = System.nanoTime();
        while (true) {
            int done = progress.completedBetween(from, to);
            if (done >= wanted) {
                return System.nanoTime();
            }
            if (done != last) {
                last = done;
                lastNews = System.nanoTime();
            } else if (System.nanoTime() - lastNews > options.stallTimeout().toNanos()) {
                err.printf("bench: %s: nothing completed for %d s; %d of %d submitted proposals completed%n", phase,
                        options.stallTimeout().toSeconds(), done, wanted);
                long lastCompletion = IntStream.range(from, to).mapToLong(progress.completedAt::get).max().orElse(0);
                return lastCompletion > 0 ? lastCompletion : lastNews;
            }
            Thread.sleep(100);
        }
    }

    /** The platform's CPU at a past moment: the first per-second sample taken at or after it (or now). */
    private PlatformCpu.Snapshot cpuAt(long nanos) {
        synchronized (samples) {
            for (int i = 0; i < samples.size(); i++) {
                if (samples.get(i).nanos() >= nanos) {
                    return snapshots.get(i);
                }
            }
        }
        return cpu.take();
    }

    /** Once a second: a sample for the plot; every 5 s: a progress line on stderr. */
    private void sample(Progress progress) {
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

    private void summarize(Progress progress, int first, int end, PlatformMetrics metrics, ObjectNode result) {
        int accepted = 0;
        for (int i = first; i < end; i++) {
            if (progress.submitMs.get(i) >= 0) {
                accepted++;
            }
        }
        err.printf(Locale.ROOT, "bench: measured: %d submitted, %d accepted, %d completed (%d by department mail)%n",
                end - first, accepted, result.path("completed").asInt(),
                IntStream.range(first, end).filter(i -> progress.mailAt.get(i) > 0).count());
        err.println("bench: CPU ms per proposal by process: " + result.path("cpuMsPerProposalByProcess"));
        err.println("bench: JIT compile ms during the measured phase: " + result.path("jitMsByProcess"));
        err.println("bench: uses per proposal: " + result.path("usesPerProposal"));
        metrics.missingByInstance.forEach((instance, missing) -> {
            if (!missing.isEmpty()) {
                err.println("bench: " + instance + " exposes no counter for " + missing);
            }
        });
    }

    private void writeReport(String runId, Progress progress, int first, int end, long origin,
                             PlatformMetrics metrics, ObjectNode result) {
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
                    .put("measuredFromEpochMs", measuredFromEpochMs).put("measuredToEpochMs", measuredToEpochMs);
            report.set("result", result);
            report.set("countersMissing", JSON.valueToTree(metrics.missingByInstance));
            List<Plot.Sample> copy;
            synchronized (samples) {
                copy = List.copyOf(samples);
            }
            report.set("timeline", JSON.valueToTree(copy.stream().map(s -> Map.of("t", Figures.round((s.nanos()
                    - origin) / 1e9), "phase", s.phase(), "submitted", s.submitted(), "completed", s.completed(),
                    "platformCpuMs", Figures.round(s.cpuMs()))).toList()));
            Path file = dir.resolve("bench-" + runId + ".json");
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
            Path plot = dir.resolve("bench-" + runId + ".svg");
            Files.writeString(plot, Plot.svg(copy, progress, first, end, origin));
            err.println("bench: report " + file + ", plot " + plot);
        } catch (IOException e) {
            err.println("bench: could not write the report: " + e.getMessage());
        }
    }

    private static List<String> departmentAddresses() throws IOException {
        Path root = Path.of(System.getProperty("platform.root", ".")).toAbsolutePath();
        for (String candidate : List.of("routing-service/src/main/resources/departments.json",
                "notification-service/src/main/resources/directory/departments.json")) {
            Path file = root.resolve(candidate);
            if (Files.exists(file)) {
                List<String> addresses = new ArrayList<>();
                for (JsonNode department : JSON.readTree(file.toFile()).path("departments")) {
                    addresses.add(department.path("email").asText());
                }
                if (!addresses.isEmpty()) {
                    return addresses;
                }
            }
        }
        throw new IOException("no department directory found under " + root);
    }

    private boolean reachable(URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}

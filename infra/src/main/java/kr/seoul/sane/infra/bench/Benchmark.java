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
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code bin/platform bench [--proposals N] [--warmup W] [--rate R]}: measures a running platform from outside.
 * <ol>
 *   <li>idle: the platform's CPU over {@code --idle-seconds} (30) of nothing, once start-up work has settled
 *       ({@link IdleCpu}) → {@code idleCpuCores}, {@code idleSettleSeconds};</li>
 *   <li>warm-up: W proposals (2,000) submitted through the gateway and awaited, not counted;</li>
 *   <li>measured: N proposals (10,000), open loop (at most {@code --concurrency} submits in flight) or at R per
 *       second; a proposal is completed when its department mail arrived in the mail sink (IMAP) or it reached
 *       triage ({@code proposal.triaged}); the phase ends at the last completion (or when nothing completed for
 *       {@code --stall-seconds}); the CPU of every platform process (/proc) and the platform's own counters
 *       (/actuator/prometheus) are read at its start and end;</li>
 *   <li>the raw rate of each component with the platform's client pattern ({@link MachineLimit}).</li>
 * </ol>
 * Progress goes to stderr every 5 s ({@link Timeline}); the report (JSON) and a plot (SVG) go to
 * {@code $PLATFORM_HOME/bench/} ({@link BenchReport}); the last line on stdout is the JSON object of {@link Figures}.
 * The phases: {@link IdleCpu}, the warm-up's {@link ProposalLoad}, {@link MeasuredPhase}, {@link MachineLimit}.
 */
public final class Benchmark {

    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BenchOptions options;
    private final PrintStream err;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final PlatformCpu cpu = new PlatformCpu();
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

    /** The sink's own arrival log when it has one (the local sink), else the department inboxes over IMAP. */
    private MailWatch mailWatch(List<String> departments, String runId, Progress progress) {
        IntConsumer arrived = index -> progress.mailArrived(index, System.nanoTime());
        Consumer<String> log = m -> err.println("bench: " + m);
        if (SinkArrivals.available(options.mailHost(), options.arrivalsPort())) {
            return new SinkArrivals(options.mailHost(), options.arrivalsPort(), Set.copyOf(departments), runId,
                    arrived, log);
        }
        return new DepartmentInboxes(options.mailHost(), options.imapPort(), departments, runId, arrived, log);
    }

    /** Runs every phase; returns the figures (also written to the report). */
    ObjectNode run() throws Exception {
        if (!reachable(URI.create(options.gateway() + "/actuator/health"))) {
            throw new IllegalStateException("the platform does not answer at " + options.gateway()
                    + " (start it with: PLATFORM_RATE_LIMIT_PER_MINUTE=0 bin/platform up)");
        }
        String runId = Long.toString(clock.millis() % 100_000_000L, 36).toUpperCase(Locale.ROOT);
        List<String> departments = departmentAddresses();
        boolean sweep = !options.sweepRates().isEmpty();
        int measured = sweep ? Sweep.proposals(options) : options.proposals();
        err.printf(Locale.ROOT, "bench: run %s: idle %.0f s, warm-up %d, measured %d, %s, %d platform processes%n",
                runId, options.idle().toMillis() / 1000.0, options.warmup(), measured,
                sweep ? "sweep " + options.sweepRates().stream().map(Sweep::label).toList()
                        : options.rate() > 0 ? "at " + options.rate() + "/s" : "open loop (concurrency "
                        + options.concurrency() + ")", cpu.take().byProcess().size());

        IdleCpu idle = IdleCpu.measure(cpu, options.idle(), err);

        Progress progress = new Progress(options.warmup(), measured);
        Timeline timeline = new Timeline(cpu, progress, err);
        ProposalLoad load = new ProposalLoad(options, new ProposalFactory(runId), timeline, err);
        try (MailWatch inboxes = mailWatch(departments, runId, progress);
             TriagedProposals triaged = new TriagedProposals(options.kafka(),
                     id -> load.ids().triaged(id, System.nanoTime()))) {
            inboxes.start();
            triaged.start();
            Thread reporter = timeline.start();

            if (options.warmup() > 0) {
                timeline.enter("warm-up");
                load.submit(0, options.warmup(), 0);
                load.awaitCompletion(0, options.warmup());
            }

            if (sweep) {
                ObjectNode result = new Sweep(options, err, clock).run(runId, load, cpu, timeline, idle);
                loadEnded(reporter, inboxes);
                result.put("proposals", measured).put("completed", progress.completedBetween(options.warmup(),
                        options.warmup() + measured));
                return result;
            }
            MeasuredPhase phase = MeasuredPhase.run(options, load, cpu, timeline, clock);
            loadEnded(reporter, inboxes);

            Map<String, Double> rawRates = Map.of();
            if (options.measureLimit()) {
                rawRates = new MachineLimit(options.limitWindow(), options.concurrency(), m -> err.println("bench: " + m))
                        .measure(options.kafka(), options.mongo(), options.mailHost(), options.smtpPort());
            }

            ObjectNode result = Figures.compute(phase.observed(progress, idle, rawRates), JSON);
            result.put("idleSettleSeconds", Math.round(idle.settleSeconds()));
            BenchReport report = new BenchReport(options, clock, err);
            report.summarize(progress, phase, result);
            report.write(runId, timeline, phase, result);
            return result;
        }
    }

    /** The load is over: the progress reporter stops, and how often the mail watch had to reconnect is said. */
    private void loadEnded(Thread reporter, MailWatch inboxes) {
        reporter.interrupt();
        err.printf("bench: mail watch re-connections during the run: %d%n", inboxes.reconnects());
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
}

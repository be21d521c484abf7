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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code bin/platform bench [--proposals N] [--rate R] [--concurrency C]}: submits realistic proposals through the
 * gateway of a running platform, waits until every department mail has arrived in the mail sink, and prints one JSON
 * line with throughput, latencies and the ratio to this machine's measured limit. Progress goes to stderr.
 */
public final class Benchmark {

    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private static final PrintStream ERR = new PrintStream(System.err, true, StandardCharsets.UTF_8);

    record Options(int proposals, double rate, int concurrency, String gateway, String mailHost, int imapPort,
                   String kafka, String mongo, int smtpPort, Duration mailWait, boolean measureLimit, Path reportDir) {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        Options options = parse(args);
        int code = new Benchmark().run(options);
        System.exit(code);
    }

    static Options parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                ERR.println("usage: bin/platform bench [--proposals N (10000)] [--rate R per second (0 = as fast as"
                        + " the concurrency allows)] [--concurrency C (32)] [--mail-wait SECONDS (600)] [--no-limit]");
                System.exit(0);
            }
            if (arg.equals("--no-limit")) {
                values.put("no-limit", "true");
                continue;
            }
            if (!arg.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            values.put(arg.substring(2), args[++i]);
        }
        Path root = Path.of(System.getProperty("platform.root", ".")).toAbsolutePath();
        Path home = Optional.ofNullable(System.getenv("PLATFORM_HOME")).filter(s -> !s.isBlank()).map(Path::of)
                .orElse(root.resolve(".platform"));
        return new Options(
                Integer.parseInt(values.getOrDefault("proposals", "10000")),
                Double.parseDouble(values.getOrDefault("rate", "0")),
                Integer.parseInt(values.getOrDefault("concurrency", "32")),
                values.getOrDefault("gateway", "http://localhost:8080"),
                values.getOrDefault("mail-host", "127.0.0.1"),
                Integer.parseInt(values.getOrDefault("imap-port", "3143")),
                values.getOrDefault("kafka", Optional.ofNullable(System.getenv("KAFKA_BOOTSTRAP_SERVERS"))
                        .orElse("127.0.0.1:9092")),
                values.getOrDefault("mongo", Optional.ofNullable(System.getenv("MONGODB_URI"))
                        .orElse("mongodb://127.0.0.1:27017")),
                Integer.parseInt(values.getOrDefault("smtp-port", "2525")),
                Duration.ofSeconds(Long.parseLong(values.getOrDefault("mail-wait", "600"))),
                !values.containsKey("no-limit"),
                home.resolve("bench"));
    }

    int run(Options options) throws Exception {
        String runId = Long.toString(System.currentTimeMillis() % 100_000_000L, 36).toUpperCase(Locale.ROOT);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        URI submit = URI.create(options.gateway() + "/api/proposals");
        if (!reachable(http, URI.create(options.gateway() + "/actuator/health"))) {
            ERR.println("bench: the platform does not answer at " + options.gateway()
                    + " (start it with: PLATFORM_RATE_LIMIT_PER_MINUTE=0 bin/platform up)");
            return 2;
        }
        List<String> departments = departmentAddresses();
        ProposalFactory factory = new ProposalFactory(runId);
        ERR.printf("bench: run %s, %d proposals, rate %s, concurrency %d, %d department inboxes%n", runId,
                options.proposals(), options.rate() > 0 ? options.rate() + "/s" : "open", options.concurrency(),
                departments.size());

        double limit = 0;
        MachineLimit machine = new MachineLimit(Duration.ofSeconds(3), options.concurrency(), ERR::println);
        if (options.measureLimit()) {
            limit = machine.measure(options.kafka(), options.mongo(), options.mailHost(), options.smtpPort());
            ERR.printf(Locale.ROOT, "bench: machine limit %.1f proposals/s%n", limit);
        }

        int n = options.proposals();
        long[] submittedAt = new long[n];
        long[] submitMs = new long[n];
        Arrays.fill(submitMs, -1);
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        AtomicLong lastAccepted = new AtomicLong();

        try (DepartmentInboxes inboxes = new DepartmentInboxes(options.mailHost(), options.imapPort(), departments,
                runId, ERR::println)) {
            Thread watcher = Thread.ofPlatform().daemon().name("inbox-watcher").start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        inboxes.poll();
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        ERR.println("bench: reading inboxes failed: " + e);
                        try {
                            Thread.sleep(1000);
                        } catch (InterruptedException ie) {
                            return;
                        }
                    }
                }
            });

            Semaphore inFlight = new Semaphore(options.concurrency());
            ProcessCpu.Snapshot cpuBefore = ProcessCpu.take();
            long start = System.nanoTime();
            Thread progress = Thread.ofPlatform().daemon().start(() -> report(start, n, accepted, failed, inboxes));
            List<Thread> senders = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                if (options.rate() > 0) {
                    long due = start + (long) (i * 1e9 / options.rate());
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                inFlight.acquire();
                final int index = i;
                senders.add(Thread.ofVirtual().start(() -> {
                    try {
                        String body = factory.json(index);
                        long t0 = System.nanoTime();
                        submittedAt[index] = t0;
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(submit)
                                        .timeout(Duration.ofSeconds(60))
                                        .header("Content-Type", "application/json; charset=UTF-8")
                                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                        long t1 = System.nanoTime();
                        if (response.statusCode() == 201) {
                            submitMs[index] = (t1 - t0) / 1_000_000;
                            rememberTrackingCode(index, response.body());
                            accepted.incrementAndGet();
                            lastAccepted.accumulateAndGet(t1, Math::max);
                        } else {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, response.statusCode() + " " + abbreviate(response.body()));
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, e.toString());
                    } finally {
                        inFlight.release();
                    }
                }));
            }
            for (Thread sender : senders) {
                sender.join();
            }
            double submitSeconds = (System.nanoTime() - start) / 1e9;
            ERR.printf(Locale.ROOT, "bench: submitted %d in %.1f s (%d accepted, %d failed%s)%n", n, submitSeconds,
                    accepted.get(), failed.get(), firstFailure.get() == null ? "" : "; first failure: "
                            + firstFailure.get());
            if (firstFailure.get() != null && firstFailure.get().startsWith("429")) {
                ERR.println("bench: the platform rate-limits submissions; run it with PLATFORM_RATE_LIMIT_PER_MINUTE=0");
            }

            long waitDeadline = System.nanoTime() + options.mailWait().toNanos();
            long lastNews = System.nanoTime();
            int lastCount = -1;
            while (inboxes.arrivals().size() < accepted.get() && System.nanoTime() < waitDeadline) {
                int count = inboxes.arrivals().size();
                if (count != lastCount) {
                    lastCount = count;
                    lastNews = System.nanoTime();
                } else if (System.nanoTime() - lastNews > Duration.ofSeconds(60).toNanos()) {
                    ERR.println("bench: no new department mail for 60 s; giving up waiting");
                    break;
                }
                Thread.sleep(200);
            }
            Thread.sleep(300);
            ProcessCpu.Snapshot cpuAfter = ProcessCpu.take();
            inboxes.poll();
            watcher.interrupt();
            progress.interrupt();
            watcher.join(5000);

            Map<Integer, Long> arrivals = Map.copyOf(inboxes.arrivals());
            long firstSubmission = Arrays.stream(submittedAt).filter(t -> t > 0).min().orElse(start);
            long lastMail = arrivals.values().stream().mapToLong(Long::longValue).max().orElse(firstSubmission);
            double seconds = Math.max(1e-3, (lastMail - firstSubmission) / 1e9);
            int delivered = arrivals.size();
            double throughput = delivered == 0 ? 0 : delivered / seconds;
            long[] submitLatencies = Arrays.stream(submitMs).filter(v -> v >= 0).sorted().toArray();
            long[] endToEnd = arrivals.entrySet().stream()
                    .mapToLong(e -> Math.max(0, (e.getValue() - submittedAt[e.getKey()]) / 1_000_000)).sorted()
                    .toArray();
            double ratio = limit > 0 ? throughput / limit : 0;
            // CPU cost per proposal: what bounds the throughput on this machine once nothing waits on I/O
            Map<String, Double> cpuMs = ProcessCpu.perUnit(cpuBefore, cpuAfter, Math.max(1, delivered));
            double cpuMsTotal = cpuMs.values().stream().mapToDouble(Double::doubleValue).sum();
            double cpuBound = cpuMsTotal > 0 ? Runtime.getRuntime().availableProcessors() * 1000 / cpuMsTotal : 0;
            ERR.printf(Locale.ROOT, "bench: CPU per proposal %.1f ms (%s) -> at most %.0f proposals/s on %d cores%n",
                    cpuMsTotal, cpuMs.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(),
                            e.getValue())).collect(java.util.stream.Collectors.joining(", ")), cpuBound,
                    Runtime.getRuntime().availableProcessors());

            ObjectMapper json = new ObjectMapper();
            ObjectNode result = json.createObjectNode()
                    .put("proposals", n)
                    .put("seconds", round(seconds))
                    .put("throughput", round(throughput))
                    .put("p50SubmitMs", percentile(submitLatencies, 50))
                    .put("p99SubmitMs", percentile(submitLatencies, 99))
                    .put("p95EndToEndMs", percentile(endToEnd, 95))
                    .put("limitThroughput", round(limit))
                    .put("ratio", round(ratio))
                    .put("cpuMsPerProposal", round(cpuMsTotal))
                    .put("cpuBoundThroughput", round(cpuBound));
            writeReport(options, runId, json, result, machine, accepted.get(), failed.get(), delivered, submittedAt,
                    submitMs, arrivals, firstSubmission, cpuMs);
            ERR.printf("bench: %d of %d accepted proposals reached their department%n", delivered, accepted.get());
            if (delivered < accepted.get()) {
                ERR.println("bench: status of the proposals without a department mail: "
                        + missingStatuses(http, options, factory, n, submitMs, arrivals));
            }
            OUT.println(result);
            return delivered == accepted.get() && failed.get() == 0 ? 0 : 1;
        }
    }

    private static void rememberTrackingCode(int index, String body) {
        int at = body.indexOf("\"trackingCode\"");
        if (at < 0) {
            return;
        }
        int open = body.indexOf('"', body.indexOf(':', at) + 1);
        int close = open < 0 ? -1 : body.indexOf('"', open + 1);
        if (open > 0 && close > open) {
            TRACKING_CODES.put(index, body.substring(open + 1, close));
        }
    }

    private static void report(long start, int n, AtomicInteger accepted, AtomicInteger failed,
                               DepartmentInboxes inboxes) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                return;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            ERR.printf(Locale.ROOT, "bench: %6.1f s  submitted %d/%d  failed %d  department mails %d  (%.0f/s in)%n",
                    seconds, accepted.get(), n, failed.get(), inboxes.arrivals().size(), accepted.get() / seconds);
        }
    }

    private void writeReport(Options options, String runId, ObjectMapper json, ObjectNode result,
                             MachineLimit machine, int accepted, int failed, int delivered, long[] submittedAt,
                             long[] submitMs, Map<Integer, Long> arrivals, long origin,
                             Map<String, Double> cpuMsPerProposal) {
        try {
            Files.createDirectories(options.reportDir());
            ObjectNode report = json.createObjectNode();
            report.put("run", runId).put("at", Instant.now().toString())
                    .put("cpus", Runtime.getRuntime().availableProcessors())
                    .put("accepted", accepted).put("failed", failed).put("delivered", delivered)
                    .put("rate", options.rate()).put("concurrency", options.concurrency());
            report.set("result", result);
            report.set("limitRawOpsPerSecond", json.valueToTree(machine.rawRates));
            report.set("limitProposalsPerSecond", json.valueToTree(machine.perProposal));
            report.set("cpuMsPerProposalByProcess", json.valueToTree(cpuMsPerProposal));
            Path file = options.reportDir().resolve("bench-" + runId + ".json");
            Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(report));
            Path plot = options.reportDir().resolve("bench-" + runId + ".svg");
            Files.writeString(plot, LatencyPlot.svg(submittedAt, submitMs, arrivals, origin));
            ERR.println("bench: report " + file + ", plot " + plot);
        } catch (IOException e) {
            ERR.println("bench: could not write the report: " + e.getMessage());
        }
    }

    /** Tracking status of (up to 200 of) the accepted proposals whose department mail did not arrive. */
    private static Map<String, Integer> missingStatuses(HttpClient http, Options options, ProposalFactory factory,
                                                        int n, long[] submitMs, Map<Integer, Long> arrivals) {
        Map<String, Integer> statuses = new java.util.TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        int asked = 0;
        for (int i = 0; i < n && asked < 200; i++) {
            if (submitMs[i] < 0 || arrivals.containsKey(i)) {
                continue;
            }
            asked++;
            String status;
            try {
                status = trackingStatus(http, options, json, factory, i);
            } catch (Exception e) {
                status = "unknown";
            }
            statuses.merge(status, 1, Integer::sum);
        }
        return statuses;
    }

    private static String trackingStatus(HttpClient http, Options options, ObjectMapper json, ProposalFactory factory,
                                         int i) throws IOException, InterruptedException {
        String code = TRACKING_CODES.get(i);
        if (code == null) {
            return "unknown";
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(options.gateway()
                        + "/api/proposals/" + java.net.URLEncoder.encode(code, StandardCharsets.UTF_8) + "?email="
                        + java.net.URLEncoder.encode(factory.email(i), StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return response.statusCode() == 200 ? json.readTree(response.body()).path("status").asText("unknown")
                : "http " + response.statusCode();
    }

    private static final Map<Integer, String> TRACKING_CODES = new java.util.concurrent.ConcurrentHashMap<>();

    private static List<String> departmentAddresses() throws IOException {
        Path root = Path.of(System.getProperty("platform.root", ".")).toAbsolutePath();
        ObjectMapper json = new ObjectMapper();
        for (String candidate : List.of("routing-service/src/main/resources/departments.json",
                "notification-service/src/main/resources/directory/departments.json")) {
            Path file = root.resolve(candidate);
            if (Files.exists(file)) {
                List<String> addresses = new ArrayList<>();
                for (JsonNode department : json.readTree(file.toFile()).path("departments")) {
                    addresses.add(department.path("email").asText());
                }
                if (!addresses.isEmpty()) {
                    return addresses;
                }
            }
        }
        throw new IOException("no department directory found under " + root);
    }

    private static boolean reachable(HttpClient http, URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double round(double value) {
        if (!Double.isFinite(value)) {
            return 0;
        }
        return Math.round(value * 100.0) / 100.0;
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}

package kr.seoul.sane.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kr.seoul.sane.infra.bench.Benchmark;
import kr.seoul.sane.infra.mail.MailSinkClient;
import kr.seoul.sane.infra.monitoring.MonitoringFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole platform as a user runs it: {@code bin/platform up} with every service as its own JVM, a real Kafka
 * broker, the MongoDB store and the mail sink on the fixed ports. One proposal travels from the public API to the
 * department's inbox; the platform stops cleanly and a second start still knows the proposal.
 */
class PlatformEndToEndIT {

    static final List<Integer> FIXED_PORTS = List.of(8080, 8081, 8082, 8083, 8084, 8090, 9092, 9093, 27017, 2525,
            8025, 8026, 3143);
    /** The ports whose /actuator/prometheus the monitoring files may query. */
    static final List<Integer> SCRAPED_PORTS = List.of(8081, 8082, 8083, 8084, 8090);
    static final List<String> MODULES = List.of("proposal-service", "routing-service", "notification-service",
            "catalog-service", "gateway");
    static final String GATEWAY = "http://localhost:8080";
    /** 300 s (CI); a machine shared with other heavy work may need more: -Dplatform.e2e.ready-timeout=600 */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(Long.getLong("platform.e2e.ready-timeout", 300));

    /** The configured operator (roles OPERATOR and ADMIN) of the platform this test starts. */
    static final String OPERATOR_PASSWORD = "e2e-" + UUID.randomUUID();

    private final ObjectMapper json = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final MailSinkClient mailSink = new MailSinkClient("http://127.0.0.1:8025");
    private final Path root = Path.of(System.getProperty("platform.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path platformHome;

    private Platform running;

    @BeforeEach
    void preconditions() {
        for (String module : MODULES) {
            assertThat(execJar(module))
                    .as("%s/target/%s-*-exec.jar must be built before this test (./mvnw verify builds it)", module, module)
                    .isPresent();
        }
        List<Integer> busy = FIXED_PORTS.stream().filter(PlatformEndToEndIT::inUse).toList();
        if (!busy.isEmpty()) {
            fail("the end-to-end test needs the platform's fixed ports, but these are in use: %s (another platform"
                    + " running? stop it; check with: ss -ltnp)",
                    String.join("; ", busy.stream().map(PortOwner::describe).toList()));
        }
    }

    @AfterEach
    void stopWhatIsLeft() throws Exception {
        if (running != null) {
            running.stop();
        }
    }

    @Test
    void aProposalTravelsToTheDepartmentAndSurvivesARestart() throws Exception {
        running = Platform.start(root, platformHome);
        running.awaitReady(READY_TIMEOUT);
        assertChildrenNamedByModule(running);

        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String title = "한강공원 플라스틱 줍기와 다회용기 캠페인 " + suffix;
        String applicant = "e2e-" + suffix + "@applicant.example";
        ObjectNode proposal = json.createObjectNode()
                .put("organization", "(사)지구를지키는사람들")
                .put("organizationType", "NONPROFIT")
                .put("contactName", "김서울")
                .put("email", applicant)
                .put("phone", "02-1234-5678")
                .put("title", title)
                .put("content", "한강공원에서 매달 시민 200명과 플라스틱 쓰레기를 줍고, 공원 매점과 함께 다회용기 대여를 "
                        + "시범 운영하려고 합니다. 수거한 플라스틱은 재활용 업체와 연계해 자원순환 교육 자료로 만들겠습니다. "
                        + "장소 사용 협조와 홍보를 부탁드립니다.")
                .put("field", "ENVIRONMENT_PARKS")
                .put("consent", true)
                .put("language", "ko");

        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(GATEWAY + "/api/proposals"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(proposal.toString(), StandardCharsets.UTF_8)));
        assertThat(created.statusCode()).as("POST /api/proposals: %s", created.body()).isEqualTo(201);
        JsonNode receipt = json.readTree(created.body());
        String trackingCode = receipt.path("trackingCode").asText();
        assertThat(trackingCode).isNotBlank();
        assertThat(receipt.path("id").asText()).isNotBlank();

        String trackUrl = GATEWAY + "/api/proposals/" + URLEncoder.encode(trackingCode, StandardCharsets.UTF_8)
                + "?email=" + URLEncoder.encode(applicant, StandardCharsets.UTF_8);
        JsonNode tracked = await(Duration.ofSeconds(30), "the tracking API to show a department", () -> {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(trackUrl)));
            if (response.statusCode() != 200) {
                return null;
            }
            JsonNode body = json.readTree(response.body());
            return body.path("departmentCode").isTextual() ? body : null;
        });
        String department = tracked.path("departmentCode").asText();
        String departmentAddress = departmentAddress(department);

        List<MailSinkClient.Mail> departmentMails = await(Duration.ofSeconds(30),
                "a mail to " + departmentAddress + " with the title", () -> {
                    List<MailSinkClient.Mail> mails = mailSink.mails(departmentAddress);
                    return mails.stream().anyMatch(mail -> mail.mentions(title)) ? mails : null;
                });
        assertThat(departmentMails).anyMatch(mail -> mail.mentions(title) && mail.mentions("지구를지키는사람들"));
        await(Duration.ofSeconds(30), "a receipt for the applicant",
                () -> mailSink.mails(applicant).isEmpty() ? null : Boolean.TRUE);

        aDepartmentAnAdministratorAddsGetsItsFirstProposalWithinTenSeconds();
        everyServicesOpenApiDocumentAndTheCatalogueStatsAnswerThroughTheGateway();

        // every metric the alert rules and dashboards query is exposed now that one proposal went through
        assertMonitoringFilesQueryExposedMetrics();

        assertCpuPerProposalWithinTheCommittedLimit();

        // a service killed with SIGKILL comes back by itself
        ProcessHandle notification = childFor(running, "notification-service").orElseThrow();
        notification.destroyForcibly();
        running.awaitLine(line -> line.contains("notification-service") && line.contains("restarted"),
                Duration.ofSeconds(60));
        await(READY_TIMEOUT, "notification-service healthy again", () -> healthy(8083) ? Boolean.TRUE : null);

        // SIGTERM: everything stops, every port is free
        long stopStarted = System.nanoTime();
        running.terminate();
        assertThat(running.waitFor(Duration.ofSeconds(60))).as("launcher stopped within 60 s").isTrue();
        await(Duration.ofSeconds(60).minusNanos(System.nanoTime() - stopStarted), "every port free",
                () -> FIXED_PORTS.stream().noneMatch(PlatformEndToEndIT::inUse) ? Boolean.TRUE : null);
        assertThat(running.descendantsAtStop()).allSatisfy(child -> assertThat(child.isAlive()).isFalse());
        running = null;

        // a second start keeps the data
        running = Platform.start(root, platformHome);
        running.awaitReady(READY_TIMEOUT);
        HttpResponse<String> again = send(HttpRequest.newBuilder(URI.create(trackUrl)));
        assertThat(again.statusCode()).as("tracking after restart: %s", again.body()).isEqualTo(200);
        assertThat(json.readTree(again.body()).path("departmentCode").asText()).isEqualTo(department);
    }

    /**
     * A short benchmark (the CI guard of the pipeline's cost): every proposal completes, and the CPU of all platform
     * processes per proposal stays within {@code platform.bench.maxCpuMsPerProposal} (2× the committed figure).
     */
    private void assertCpuPerProposalWithinTheCommittedLimit() throws Exception {
        double limit = Double.parseDouble(System.getProperty("platform.bench.maxCpuMsPerProposal", "320"));
        JsonNode figures = Benchmark.measure(new String[] {"--warmup", "200", "--proposals", "400",
                        "--idle-seconds", "0", "--stall-seconds", "60", "--no-limit"}, root,
                Map.of("PLATFORM_HOME", platformHome.toString()), System.out);
        System.out.println("[bench] " + figures);
        assertThat(figures.path("completed").asInt()).as("completed proposals: %s", figures)
                .isEqualTo(figures.path("proposals").asInt());
        assertThat(figures.path("cpuMsPerProposal").asDouble())
                .as("CPU ms per proposal over all platform processes (limit: platform.bench.maxCpuMsPerProposal"
                        + " in infra/pom.xml, 2× the committed figure): %s", figures)
                .isPositive().isLessThanOrEqualTo(limit);
    }

    /**
     * Scrapes {@code /actuator/prometheus} of the services and the gateway; every metric name in
     * {@code infra/prometheus/*.yml} and {@code infra/grafana/dashboards/*.json} must be exposed by one of them,
     * be defined by a recording rule, or be one Prometheus makes itself ({@code up}).
     */
    private void assertMonitoringFilesQueryExposedMetrics() throws Exception {
        Map<String, Set<String>> referenced = MonitoringFiles.referenced(root);
        Set<String> recorded = MonitoringFiles.recorded(root);
        // metrics registered on first use (mail templates, status changes) appear a moment after the mail, the
        // transparency gauges per department at catalog-service's next refresh (every 10 s): scraped again until
        // nothing is missing or 45 s passed, then the last scrape's misses are reported
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        Map<String, Set<String>> missing;
        do {
            missing = scrapeForMissing(referenced, recorded);
            if (missing.isEmpty()) {
                break;
            }
            Thread.sleep(1000);
        } while (System.nanoTime() < deadline);
        assertThat(missing).as("metrics queried by infra/prometheus/*.yml or infra/grafana/dashboards/*.json that no"
                + " service exposes on /actuator/prometheus (ports %s) and no recording rule defines; each with"
                + " the rules and panels that query it", SCRAPED_PORTS).isEmpty();
    }

    /** What the monitoring files query that one scrape of every service shows no service exposes. */
    private Map<String, Set<String>> scrapeForMissing(Map<String, Set<String>> referenced, Set<String> recorded)
            throws Exception {
        return await(Duration.ofSeconds(20), "a scrape of every service", () -> {
            Set<String> exposed = new TreeSet<>();
            for (int port : SCRAPED_PORTS) {
                HttpResponse<String> scrape = send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")));
                if (scrape.statusCode() != 200) {
                    return null;
                }
                exposed.addAll(MonitoringFiles.exposed(scrape.body()));
            }
            Map<String, Set<String>> absent = new TreeMap<>(referenced);
            absent.keySet().removeIf(name -> exposed.contains(name) || recorded.contains(name)
                    || MonitoringFiles.BUILT_IN.contains(name));
            return absent;
        });
    }

    private void assertChildrenNamedByModule(Platform platform) {
        List<String> commandLines = platform.process.descendants()
                .map(handle -> handle.info().commandLine().orElse("")).toList();
        for (String module : MODULES) {
            assertThat(commandLines).as("a child JVM with %s in its command line", module)
                    .anyMatch(line -> line.contains(module));
        }
    }

    private Optional<ProcessHandle> childFor(Platform platform, String module) {
        return platform.process.children()
                .filter(handle -> handle.info().commandLine().orElse("").contains(module + "-")).findFirst();
    }

    /**
     * The directory is an operator's task, not a release: as ADMIN, through the gateway, a new department with its own
     * mailbox and keywords; the next proposal that matches them reaches that mailbox within 10 s of its submission
     * (routing and notification both know the department) and the tracking API names it.
     */
    private void aDepartmentAnAdministratorAddsGetsItsFirstProposalWithinTenSeconds() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String mailbox = "bees-" + suffix + "@dept.seoul.example";
        ObjectNode department = json.createObjectNode().put("name", "도시양봉과").put("email", mailbox)
                .put("office", "기후환경본부").put("responsibilities", "도시 양봉, 꿀벌 보호, 밀원 식물 조성")
                .put("keywords", "양봉, 꿀벌, 벌통, 도시양봉, 밀원").put("notFor", "").put("aliases", "");
        department.putArray("fields").add("ENVIRONMENT_PARKS");
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(("operator:" + OPERATOR_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> added = send(HttpRequest.newBuilder(URI.create(GATEWAY
                        + "/api/ops/routing/departments/URBAN_BEEKEEPING")).header("Authorization", basic)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(department.toString(), StandardCharsets.UTF_8)));
        assertThat(added.statusCode()).as("PUT a new department: %s", added.body()).isEqualTo(201);

        String applicant = "bees-" + suffix + "@applicant.example";
        String title = "시민 도시양봉 교실과 꿀벌 보호 활동 " + suffix;
        ObjectNode proposal = json.createObjectNode().put("organization", "(사)꿀벌과함께")
                .put("organizationType", "NONPROFIT").put("contactName", "김양봉").put("email", applicant)
                .put("phone", "02-1234-5678").put("title", title)
                .put("content", "시청 별관 옥상에 벌통 10개를 두고 시민 도시양봉 교실을 열고 싶습니다. 양봉 전문가가 꿀벌 "
                        + "생태와 안전 교육을 맡고, 수확한 꿀은 복지시설에 기부하겠습니다.")
                .put("field", "ENVIRONMENT_PARKS").put("consent", true).put("language", "ko");
        long submitted = System.nanoTime();
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(GATEWAY + "/api/proposals"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(proposal.toString(), StandardCharsets.UTF_8)));
        assertThat(created.statusCode()).as("POST /api/proposals: %s", created.body()).isEqualTo(201);
        await(Duration.ofSeconds(10), "the new department's mail at " + mailbox + " within 10 s of the submission",
                () -> mailSink.mails(mailbox).stream().anyMatch(mail -> mail.mentions(title)) ? Boolean.TRUE : null);
        long millis = (System.nanoTime() - submitted) / 1_000_000;
        String trackingCode = json.readTree(created.body()).path("trackingCode").asText();
        HttpResponse<String> tracked = send(HttpRequest.newBuilder(URI.create(GATEWAY + "/api/proposals/"
                + URLEncoder.encode(trackingCode, StandardCharsets.UTF_8) + "?email="
                + URLEncoder.encode(applicant, StandardCharsets.UTF_8))));
        assertThat(json.readTree(tracked.body()).path("departmentCode").asText()).as("tracking: %s", tracked.body())
                .isEqualTo("URBAN_BEEKEEPING");
        assertThat(json.readTree(tracked.body()).path("departmentName").asText()).isEqualTo("도시양봉과");
        System.out.println("[e2e] a department added by an administrator got its first proposal's mail " + millis
                + " ms after the submission");
    }

    /** Through port 8080: each service's OpenAPI document (the catalogue's lists /api/cases) and the catalogue stats. */
    private void everyServicesOpenApiDocumentAndTheCatalogueStatsAnswerThroughTheGateway() throws Exception {
        for (String service : List.of("proposal", "routing", "notification", "catalog")) {
            HttpResponse<String> document = send(HttpRequest.newBuilder(
                    URI.create(GATEWAY + "/v3/api-docs/" + service)));
            assertThat(document.statusCode()).as("/v3/api-docs/%s: %s", service, document.body()).isEqualTo(200);
            JsonNode openapi = json.readTree(document.body());
            assertThat(openapi.path("openapi").asText()).as(service).startsWith("3.");
            assertThat(openapi.path("paths").size()).as(service + " paths").isPositive();
            if (service.equals("catalog")) {
                assertThat(openapi.path("paths").has("/api/cases")).as("the catalogue documents /api/cases").isTrue();
            }
        }
        HttpResponse<String> stats = send(HttpRequest.newBuilder(URI.create(GATEWAY + "/api/catalog/stats")));
        assertThat(stats.statusCode()).as("/api/catalog/stats: %s", stats.body()).isEqualTo(200);
        assertThat(json.readTree(stats.body()).isObject()).isTrue();
    }

    private String departmentAddress(String code) throws IOException {
        return departmentAddress(root, code);
    }

    /** The department's directory address, from the project's copy of the directory. */
    static String departmentAddress(Path root, String code) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Path directory = root.resolve("routing-service/src/main/resources/departments.json");
        if (Files.exists(directory)) {
            for (JsonNode department : json.readTree(directory.toFile()).path("departments")) {
                if (code.equals(department.path("code").asText())) {
                    return department.path("email").asText();
                }
            }
        }
        return code.toLowerCase(Locale.ROOT).replace('_', '-') + "@dept.seoul.example";
    }

    static boolean healthy(int port) {
        try {
            return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")))
                    .statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private Optional<Path> execJar(String module) {
        try (Stream<Path> files = Files.list(root.resolve(module).resolve("target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-exec.jar")).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @FunctionalInterface
    interface Probe<T> {
        T get() throws Exception;
    }

    static <T> T await(Duration timeout, String what, Probe<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        do {
            try {
                T value = probe.get();
                if (value != null) {
                    return value;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                + (last == null ? "" : " (last error: " + last + ")"));
    }

    static boolean inUse(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            // nobody listens; can we bind it?
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** {@code bin/platform up} as a child process, its output collected line by line. */
    static final class Platform {

        final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();
        private List<ProcessHandle> descendants = List.of();
        /** The process group of bin/platform and every child (its own, when started with setsid). */
        private final boolean ownGroup;
        private final Thread cleanup;

        private Platform(Process process, boolean ownGroup) {
            this.process = process;
            this.ownGroup = ownGroup;
            // should the test JVM itself be stopped (failsafe timeout, Ctrl-C), nothing may stay behind
            this.cleanup = new Thread(this::killEverything, "platform-e2e-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup);
            Thread.ofPlatform().daemon().name("platform-output").start(() -> {
                try (BufferedReader reader = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        lines.add(line);
                        System.out.println("[platform] " + line);
                    }
                } catch (IOException e) {
                    // process ended
                }
            });
        }

        static Platform start(Path root, Path home) throws IOException {
            return start(root, home, Map.of());
        }

        static Platform start(Path root, Path home, Map<String, String> extraEnvironment) throws IOException {
            return start(root, home, extraEnvironment, List.of());
        }

        /** {@code bin/platform up <options>} with its own home, no rate limit and the given environment. */
        static Platform start(Path root, Path home, Map<String, String> extraEnvironment, List<String> options)
                throws IOException {
            // setsid: bin/platform leads a process group of its own (pgid = its pid), which cleanup can kill whole
            boolean setsid = Files.isExecutable(Path.of("/usr/bin/setsid"));
            List<String> command = new ArrayList<>();
            if (setsid) {
                command.add("/usr/bin/setsid");
            }
            command.addAll(List.of(root.resolve("bin/platform").toString(), "up"));
            command.addAll(options);
            ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
            builder.environment().put("PLATFORM_HOME", home.toString());
            builder.environment().put("PLATFORM_RATE_LIMIT_PER_MINUTE", "0");
            builder.environment().put("PLATFORM_OPERATOR_PASSWORD", OPERATOR_PASSWORD);
            for (String external : List.of("MONGODB_URI", "KAFKA_BOOTSTRAP_SERVERS", "SMTP_HOST", "SMTP_PORT")) {
                builder.environment().remove(external);
            }
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().putAll(extraEnvironment);
            return new Platform(builder.start(), setsid);
        }

        void awaitReady(Duration timeout) throws InterruptedException {
            awaitLine(line -> line.equals("READY http://localhost:8080"), timeout);
        }

        void awaitLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (lines.stream().anyMatch(wanted)) {
                    return;
                }
                if (!process.isAlive()) {
                    throw new AssertionError("bin/platform up ended with code " + process.exitValue()
                            + "; its output:\n" + String.join("\n", lines));
                }
                Thread.sleep(250);
            }
            throw new AssertionError("bin/platform up did not print the expected line within " + timeout.toSeconds()
                    + " s; its output:\n" + String.join("\n", lastLines(40)));
        }

        private List<String> lastLines(int count) {
            List<String> copy = new ArrayList<>(lines);
            return copy.subList(Math.max(0, copy.size() - count), copy.size());
        }

        void terminate() {
            descendants = process.descendants().toList();
            process.destroy(); // SIGTERM
        }

        boolean waitFor(Duration timeout) throws InterruptedException {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        List<ProcessHandle> descendantsAtStop() {
            return descendants;
        }

        /** SIGTERM and up to 60 s for an orderly stop, then SIGKILL to whatever is left of the process group. */
        void stop() throws InterruptedException {
            try {
                if (process.isAlive()) {
                    terminate();
                    waitFor(Duration.ofSeconds(60));
                }
            } finally {
                killEverything();
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                } catch (IllegalStateException e) {
                    // the JVM is shutting down already
                }
            }
        }

        private void killEverything() {
            List<ProcessHandle> all = new ArrayList<>(descendants);
            all.addAll(process.descendants().toList());
            all.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            if (ownGroup) {
                // children whose parent died already were re-parented, but they are still in the group
                try {
                    new ProcessBuilder("kill", "-KILL", "--", "-" + process.pid()).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
                } catch (IOException e) {
                    // no kill command: the handles above were all there is
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

}

package kr.seoul.sane.infra;

import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Starts the local platform in the foreground: a Kafka broker (KRaft, single node), the MongoDB-compatible store,
 * the mail sink, the four services and the gateway, each as a supervised child JVM. Prints
 * {@code READY http://localhost:8080} once every health check passes; SIGINT/SIGTERM stops everything.
 */
public final class PlatformLauncher {

    static final String HOST = "127.0.0.1";
    static final int GATEWAY_PORT = 8080;
    static final int KAFKA_PORT = 9092;
    static final int KAFKA_CONTROLLER_PORT = 9093;
    static final int MONGO_PORT = 27017;
    static final int SMTP_PORT = 2525;
    static final int MAIL_API_PORT = 8025;
    /** IMAP of the mail sink, for the benchmark's incremental reading of department inboxes. */
    static final int MAIL_IMAP_PORT = Integer.getInteger("platform.mail.imap.port", 3143);
    static final List<String> SERVICES = List.of("proposal-service", "routing-service", "notification-service",
            "catalog-service");
    static final Map<String, Integer> SERVICE_PORTS = Map.of("proposal-service", 8081, "routing-service", 8082,
            "notification-service", 8083, "catalog-service", 8084, "gateway", GATEWAY_PORT);
    /**
     * The services that {@code --replicas N} runs N times: Kafka consumers that share their group's partitions
     * (catalog-service: each instance reads the curation topics in its own group, named after its process).
     */
    static final List<String> SCALABLE = List.of("proposal-service", "routing-service", "notification-service",
            "catalog-service");
    /**
     * The services whose HTTP requests the gateway spreads over all their instances (round robin, health-checked);
     * the gateway calls routing- and notification-service at their first instance.
     */
    static final List<String> LOAD_BALANCED = List.of("proposal-service", "catalog-service");
    /** At most this many instances of a scalable service (the topics have 6 partitions). */
    static final int MAX_REPLICAS = 4;

    /** Time the services (together) and then the infrastructure (together) get to stop before SIGKILL. */
    /** Heap of the store, which holds its data in memory; PLATFORM_STORE_HEAP=2g for a store that outgrew 1 GiB. */
    private static final String STORE_HEAP = Optional.ofNullable(System.getenv("PLATFORM_STORE_HEAP"))
            .filter(v -> v.matches("\\d+[mMgG]")).orElse("1g");
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    /** The services' stop time when one of them writes its class-data archive on exit (first stop after a build). */
    private static final Duration STOP_TIMEOUT_WRITING_ARCHIVES = Duration.ofSeconds(35);
    private static final PrintStream OUT = new PrintStream(new FileOutputStream(FileDescriptor.out),
            true, StandardCharsets.UTF_8);

    private final Path root;
    private final Path home;
    private final Map<String, String> env;
    private final String java;
    /** The one source of dates and times of the launcher (its children's start times and log lines). */
    private final Clock clock = Clock.systemUTC();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final List<Child> infraChildren = new CopyOnWriteArrayList<>();
    private final List<Child> appChildren = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile Process oneShot;
    private boolean withPrometheus;
    private int replicas = 1;
    private final Map<String, AppImage> images = new java.util.concurrent.ConcurrentHashMap<>();
    private long t0 = System.nanoTime();

    PlatformLauncher(Path root, Path home, Map<String, String> env, String java) {
        this.root = root;
        this.home = home;
        this.env = env;
        this.java = java;
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        String command = args.length == 0 ? "up" : args[0];
        boolean withPrometheus = false;
        int replicas = 1;
        String usage = "usage: bin/platform up [--with-prometheus] [--replicas N]  (N = 1.." + MAX_REPLICAS + ")";
        for (int i = 1; i < args.length; i++) {
            if ("--with-prometheus".equals(args[i])) {
                withPrometheus = true;
            } else if ("--replicas".equals(args[i]) && i + 1 < args.length && args[i + 1].matches("[1-9]")
                    && Integer.parseInt(args[i + 1]) <= MAX_REPLICAS) {
                replicas = Integer.parseInt(args[++i]);
            } else {
                System.err.println("unknown or invalid option " + args[i] + "; " + usage);
                System.exit(2);
            }
        }
        if (!"up".equals(command)) {
            System.err.println(usage);
            System.exit(2);
        }
        Path root = Path.of(System.getProperty("platform.root", ".")).toAbsolutePath().normalize();
        Map<String, String> env = System.getenv();
        Path home = Optional.ofNullable(blankToNull(env.get("PLATFORM_HOME"))).map(Path::of)
                .orElse(root.resolve(".platform")).toAbsolutePath().normalize();
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        PlatformLauncher launcher = new PlatformLauncher(root, home, env, java);
        launcher.withPrometheus = withPrometheus;
        launcher.replicas = replicas;
        int code = launcher.up();
        if (code != 0) {
            System.exit(code);
        }
    }

    int up() throws Exception {
        t0 = System.nanoTime();
        boolean embeddedKafka = blankToNull(env.get("KAFKA_BOOTSTRAP_SERVERS")) == null;
        boolean embeddedMongo = blankToNull(env.get("MONGODB_URI")) == null;
        boolean embeddedMail = blankToNull(env.get("SMTP_HOST")) == null && blankToNull(env.get("SMTP_PORT")) == null;

        List<String> missing = missingArtifacts();
        if (!missing.isEmpty()) {
            say("cannot start, these are not built: " + String.join(", ", missing)
                    + " (run ./mvnw -B -DskipTests package, or bin/platform up which builds them)");
            return 1;
        }
        Map<String, Instance> instances = instances(replicas);
        List<Integer> ports = new ArrayList<>(instances.values().stream().map(Instance::port).toList());
        if (embeddedKafka) {
            ports.addAll(List.of(KAFKA_PORT, KAFKA_CONTROLLER_PORT));
        }
        if (embeddedMongo) {
            ports.add(MONGO_PORT);
        }
        if (embeddedMail) {
            ports.addAll(List.of(SMTP_PORT, MAIL_API_PORT, MAIL_IMAP_PORT));
        }
        Optional<Path> prometheus = Optional.empty();
        if (withPrometheus) {
            prometheus = Prometheus.binary(env);
            if (prometheus.isEmpty()) {
                say("--with-prometheus: no prometheus binary found (Debian: apt-get install prometheus; or set"
                        + " PROMETHEUS_BIN); starting without it");
            } else {
                ports.add(Prometheus.PORT);
            }
        }
        List<Integer> busy = ports.stream().filter(PlatformLauncher::inUse).toList();
        if (!busy.isEmpty()) {
            say("cannot start: port(s) " + busy + " already in use on " + HOST + ": "
                    + String.join("; ", busy.stream().map(PortOwner::describe).toList())
                    + " (is another platform running? see: ss -ltnp | grep -E ':(" + joinPorts(busy) + ")\\b')");
            return 3;
        }
        Files.createDirectories(home.resolve("logs"));
        Files.createDirectories(home.resolve("run"));
        if (cdsEnabled()) {
            Files.createDirectories(cdsDir());
        }
        say("home " + home + " (logs in " + home.resolve("logs") + ")");

        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "platform-stop"));

        // the services' start commands (extracting each exec jar once for class-data sharing) are prepared while
        // the infrastructure starts
        List<String> modules = new ArrayList<>(SERVICES);
        modules.add("gateway");
        Map<String, CompletableFuture<List<String>>> commands = new LinkedHashMap<>();
        for (String module : modules) {
            commands.put(module, CompletableFuture.supplyAsync(() -> serviceCommand(module),
                    runnable -> Thread.ofPlatform().daemon().name("prepare-" + module).start(runnable)));
        }

        String kafkaBootstrap = embeddedKafka ? HOST + ":" + KAFKA_PORT : env.get("KAFKA_BOOTSTRAP_SERVERS");
        String mongoUri = embeddedMongo ? "mongodb://" + HOST + ":" + MONGO_PORT : env.get("MONGODB_URI");
        String smtpHost = embeddedMail ? HOST : Optional.ofNullable(blankToNull(env.get("SMTP_HOST"))).orElse(HOST);
        String smtpPort = embeddedMail ? Integer.toString(SMTP_PORT)
                : Optional.ofNullable(blankToNull(env.get("SMTP_PORT"))).orElse(Integer.toString(SMTP_PORT));

        // infrastructure first, in parallel: the store and the mail sink start while Kafka's storage is formatted
        if (embeddedMongo) {
            // the store answers from memory (DurableMemoryBackend): its heap holds the data
            List<String> store = new ArrayList<>(List.of(java, "-Xmx" + STORE_HEAP, "-Xss512k", "-XX:+UseSerialGC",
                    "-XX:+ExitOnOutOfMemoryError", "-Dplatform.child=mongo-store"));
            store.addAll(cdsFlags("mongo-store"));
            store.addAll(List.of("-cp", launcherClasspath(), MongoStoreMain.class.getName(),
                    home.resolve("mongo").resolve("sane.mv").toString(), HOST, Integer.toString(MONGO_PORT)));
            infraChildren.add(child("mongo-store", store, Map.of()));
        } else {
            say("using external MongoDB at " + maskUri(mongoUri));
        }
        if (embeddedMail) {
            // the mail stream provider named up front: otherwise Jakarta Mail looks it up with a ServiceLoader
            // scan of the jar for every message parsed (a sixth of the sink's CPU under load)
            List<String> mail = new ArrayList<>(List.of(java, "-Xmx768m", "-Xss512k", "-XX:+UseSerialGC",
                    "-XX:+ExitOnOutOfMemoryError", "-Dplatform.child=mail-sink",
                    "-Djakarta.mail.util.StreamProvider=org.eclipse.angus.mail.util.MailStreamProvider",
                    "-Dgreenmail.smtp.hostname=" + HOST, "-Dgreenmail.smtp.port=" + SMTP_PORT,
                    "-Dgreenmail.api.hostname=" + HOST, "-Dgreenmail.api.port=" + MAIL_API_PORT,
                    "-Dgreenmail.imap.hostname=" + HOST, "-Dgreenmail.imap.port=" + MAIL_IMAP_PORT,
                    "-Dgreenmail.auth.disabled"));
            mail.addAll(cdsFlags("mail-sink"));
            mail.addAll(List.of("-jar", greenmailJar().toString()));
            infraChildren.add(child("mail-sink", mail, Map.of()));
        } else {
            say("using external SMTP at " + smtpHost + ":" + smtpPort + " (READY does not wait for it)");
        }
        for (Child child : infraChildren) {
            child.start();
            say("started " + child.name() + " (pid " + child.process().pid() + ")");
        }
        if (embeddedKafka) {
            KafkaNode kafka = new KafkaNode(home.resolve("kafka"), HOST, KAFKA_PORT, KAFKA_CONTROLLER_PORT);
            kafka.prepare(this::runOnce, kafkaClasspath(), java);
            if (stopping.get()) {
                return 0;
            }
            Child child = child("kafka", kafka.command(java, kafkaClasspath(), cdsFlags("kafka")), Map.of());
            infraChildren.add(0, child);
            child.start();
            say("started kafka (pid " + child.process().pid() + ")");
        } else {
            say("using external Kafka at " + kafkaBootstrap);
        }
        if (embeddedMongo && !waitUntil("mongo-store", Duration.ofSeconds(90), () -> portOpen(MONGO_PORT))) {
            return failStart("the MongoDB store did not open " + HOST + ":" + MONGO_PORT);
        }
        // The services spend most of their start (tens of seconds) before they first talk to Kafka, and their
        // Kafka clients wait for the broker; so they start now, while the broker still starts, and the topics are
        // created as soon as it accepts connections. READY waits for the broker too.
        if (embeddedKafka) {
            Thread.ofPlatform().daemon().name("kafka-topics").start(() -> {
                try {
                    if (waitUntil("kafka", Duration.ofSeconds(180), () -> portOpen(KAFKA_PORT))) {
                        say(String.format(Locale.ROOT, "kafka accepts connections after %.1f s", elapsed()));
                        KafkaTopics.ensure(kafkaBootstrap, Duration.ofSeconds(90), this::say);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        // services and gateway
        Map<String, String> serviceEnv = new LinkedHashMap<>();
        serviceEnv.put("MONGODB_URI", mongoUri);
        if (embeddedMongo) {
            // Boot's MongoDB health check sends {hello: 1}, which mongo-java-server does not know; the launcher
            // watches the embedded store itself
            serviceEnv.put("MANAGEMENT_HEALTH_MONGODB_ENABLED", "false");
        }
        serviceEnv.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
        serviceEnv.put("SMTP_HOST", smtpHost);
        serviceEnv.put("SMTP_PORT", smtpPort);
        serviceEnv.put("PLATFORM_PUBLIC_URL", Optional.ofNullable(blankToNull(env.get("PLATFORM_PUBLIC_URL")))
                .orElse("http://localhost:" + GATEWAY_PORT));
        serviceEnv.put("PLATFORM_OPERATOR_USER", Optional.ofNullable(blankToNull(env.get("PLATFORM_OPERATOR_USER")))
                .orElse("operator"));
        String password = blankToNull(env.get("PLATFORM_OPERATOR_PASSWORD"));
        if (password == null) {
            password = randomPassword();
            say("operator login for /ops: user '" + serviceEnv.get("PLATFORM_OPERATOR_USER") + "', password '"
                    + password + "' (generated for this run; set PLATFORM_OPERATOR_PASSWORD to choose one)");
        }
        serviceEnv.put("PLATFORM_OPERATOR_PASSWORD", password);
        serviceEnv.put("PLATFORM_LINK_SECRET", linkSecret(env));
        // the key of the ops login's SANE_OPS cookie, the same in every service; unset = derived from the link secret
        String opsSecret = blankToNull(env.get("PLATFORM_OPS_SECRET"));
        if (opsSecret != null) {
            serviceEnv.put("PLATFORM_OPS_SECRET", opsSecret);
        }
        String rateLimit = blankToNull(env.get("PLATFORM_RATE_LIMIT_PER_MINUTE"));
        if (rateLimit != null) {
            serviceEnv.put("PLATFORM_RATE_LIMIT_PER_MINUTE", rateLimit);
        }
        SERVICES.forEach(service -> serviceEnv.put(
                service.replace("-service", "").toUpperCase(Locale.ROOT) + "_SERVICE_URL",
                "http://" + HOST + ":" + SERVICE_PORTS.get(service)));

        for (Instance instance : instances.values()) {
            Map<String, String> moduleEnv = new LinkedHashMap<>(serviceEnv);
            moduleEnv.put("SERVER_PORT", Integer.toString(instance.port()));
            if (instance.module().equals("gateway")) {
                moduleEnv.putAll(gatewayEnvironment(instances));
            }
            Child child = child(instance.name(), instance.command(commands.get(instance.module()).join()), moduleEnv);
            appChildren.add(child);
            child.start();
            say("started " + instance.name() + " (pid " + child.process().pid() + ")"
                    + (instance.name().equals(instance.module()) ? "" : " on port " + instance.port()));
        }

        say(String.format(Locale.ROOT, "services started after %.1f s", elapsed()));
        if (prometheus.isPresent()) {
            Prometheus local = new Prometheus(prometheus.get(), root, home);
            Child child = child("prometheus", local.command(), Map.of());
            infraChildren.add(child);
            child.start();
            say("started prometheus (pid " + child.process().pid() + ") on http://" + HOST + ":" + Prometheus.PORT
                    + " with " + root.relativize(local.config()) + ", data in " + local.dataDir());
        }

        boolean ready = waitForHealth(instances, embeddedMail);
        if (!ready) {
            return failStart("the platform did not become healthy");
        }
        double seconds = elapsed();
        OUT.println("READY http://localhost:" + GATEWAY_PORT);
        say(String.format(Locale.ROOT, "ready in %.1f s; resident memory of all children %s", seconds,
                memoryReport()));
        stopped.await();
        return 0;
    }

    private boolean waitForHealth(Map<String, Instance> instances, boolean embeddedMail) throws InterruptedException {
        Collection<String> modules = instances.keySet();
        Map<String, Double> healthyAt = new LinkedHashMap<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        long nextReport = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!stopping.get()) {
            List<String> waiting = new ArrayList<>();
            for (Instance instance : instances.values()) {
                if (!healthy(instance.port())) {
                    waiting.add(instance.name());
                }
            }
            if (infraChildren.stream().anyMatch(c -> c.name().equals("kafka")) && !portOpen(KAFKA_PORT)) {
                waiting.add("kafka");
            }
            if (infraChildren.stream().anyMatch(c -> c.name().equals("mongo-store")) && !portOpen(MONGO_PORT)) {
                waiting.add("mongo-store");
            }
            if (embeddedMail && !(portOpen(SMTP_PORT) && portOpen(MAIL_API_PORT))) {
                waiting.add("mail-sink");
            }
            if (infraChildren.stream().anyMatch(c -> c.name().equals("prometheus")) && !portOpen(Prometheus.PORT)) {
                waiting.add("prometheus");
            }
            for (String module : modules) {
                if (!waiting.contains(module) && !healthyAt.containsKey(module)) {
                    healthyAt.put(module, elapsed());
                }
            }
            if (waiting.isEmpty()) {
                StringBuilder times = new StringBuilder();
                healthyAt.forEach((module, at) -> times.append(times.isEmpty() ? "" : ", ")
                        .append(String.format(Locale.ROOT, "%s %.1f s", module, at)));
                say("healthy after: " + times);
                return true;
            }
            if (System.nanoTime() > nextReport) {
                say(String.format(Locale.ROOT, "still waiting for %s after %.0f s (healthy: %s; logs in %s)",
                        waiting, elapsed(), healthyAt.isEmpty() ? "none" : healthyAt.keySet(), home.resolve("logs")));
                nextReport = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            }
            if (System.nanoTime() > deadline) {
                say("gave up waiting for " + waiting);
                return false;
            }
            Thread.sleep(500);
        }
        return false;
    }

    /**
     * One process of a module: the first instance keeps the module's name and port; with {@code --replicas N} the
     * scalable services get instances {@code <module>-2 … -N} on the module's port + 100, + 200, … They join the
     * same consumer group, so Kafka shares the topics' partitions between them; deliveries are claimed one by one
     * in the store, so two notification instances never send the same mail. The gateway spreads the requests for
     * proposal- and catalog-service over their instances and calls routing- and notification-service at their first
     * instance.
     */
    record Instance(String name, String module, int port) {

        /**
         * Every instance but the first maps the class-data archive without writing it (only one JVM may), and
         * runs without one until the first instance has written it; its process is marked with its own name.
         */
        List<String> command(List<String> moduleCommand) {
            if (name.equals(module)) {
                return moduleCommand;
            }
            String archive = "-XX:SharedArchiveFile=";
            return moduleCommand.stream().filter(arg -> !arg.equals("-XX:+AutoCreateSharedArchive"))
                    .filter(arg -> !arg.startsWith(archive) || Files.exists(Path.of(arg.substring(archive.length()))))
                    .map(arg -> arg.equals("-Dplatform.child=" + module) ? "-Dplatform.child=" + name : arg)
                    .toList();
        }
    }

    /** The processes to start, in start order: each service (and its replicas), then the gateway. */
    static Map<String, Instance> instances(int replicas) {
        Map<String, Instance> instances = new LinkedHashMap<>();
        for (String module : SERVICES) {
            int port = SERVICE_PORTS.get(module);
            instances.put(module, new Instance(module, module, port));
            for (int i = 2; SCALABLE.contains(module) && i <= replicas; i++) {
                String name = module + "-" + i;
                instances.put(name, new Instance(name, module, port + 100 * (i - 1)));
            }
        }
        instances.put("gateway", new Instance("gateway", "gateway", GATEWAY_PORT));
        return instances;
    }

    /**
     * What the gateway is told beyond {@code <SERVICE>_SERVICE_URL} (the first instance of each service): with
     * several instances of a load-balanced service, {@code <SERVICE>_SERVICE_URLS} lists them all, comma-separated,
     * and the LoadBalancer's health check is switched on, so that an instance that is down gets no requests.
     */
    static Map<String, String> gatewayEnvironment(Map<String, Instance> instances) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String service : LOAD_BALANCED) {
            List<String> urls = instances.values().stream().filter(i -> i.module().equals(service))
                    .map(i -> "http://" + HOST + ":" + i.port()).toList();
            if (urls.size() > 1) {
                env.put(service.replace("-service", "").toUpperCase(Locale.ROOT) + "_SERVICE_URLS",
                        String.join(",", urls));
            }
        }
        if (!env.isEmpty()) {
            env.put("SPRING_CLOUD_LOADBALANCER_CONFIGURATIONS", "health-check");
        }
        return env;
    }

    private boolean healthy(int port) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://" + HOST + ":" + port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * {@code java <flags> -jar <module jar>}: small heap, serial GC, C1 only, and (unless {@code PLATFORM_CDS=off}) the
     * module's class-data sharing archive; {@code PLATFORM_JAVA_OPTS} is added before the jar.
     */
    private List<String> serviceCommand(String module) {
        Path jar = execJar(module).orElseThrow();
        List<String> command = new ArrayList<>(List.of(java, "-Xms64m", "-Xmx256m", "-Xss512k", "-XX:+UseSerialGC",
                jitLevel(module),
                "-XX:MaxMetaspaceSize=256m", "-XX:ReservedCodeCacheSize=96m", "-XX:+ExitOnOutOfMemoryError",
                "-Dfile.encoding=UTF-8", "-Dspring.jmx.enabled=false", "-Dplatform.child=" + module));
        command.addAll(extraJavaOptions());
        if (cdsEnabled()) {
            AppImage image = new AppImage(module, jar, cdsDir());
            images.put(module, image);
            command.addAll(image.prepare(java, this::say));
        } else {
            command.addAll(List.of("-jar", jar.toString()));
        }
        return command;
    }

    /**
     * C1 only (TieredStopAtLevel=1) where the profile is flat framework code: C2's compile threads cost more CPU
     * than its faster code saves (bench, 1,000 + 2,000 proposals: 33 → 26 ms of CPU per proposal over all
     * processes; READY 52 → 19 s). The catalogue keeps C2: its work per proposal is Lucene Nori's tokenizer and a
     * search, tight loops over byte buffers that C1 does not inline (bench, 1,000 + 3,000: its CPU outside the JIT
     * threads 5.2 → 2.7 ms per proposal). PLATFORM_JAVA_OPTS=-XX:TieredStopAtLevel=N overrides either.
     */
    static String jitLevel(String module) {
        return "catalog-service".equals(module) ? "-XX:TieredStopAtLevel=4" : "-XX:TieredStopAtLevel=1";
    }

    /** Dynamic class-data sharing for the infrastructure JVMs (plain class path, nothing to extract). */
    private List<String> cdsFlags(String name) {
        if (!cdsEnabled()) {
            return List.of();
        }
        return List.of("-XX:SharedArchiveFile=" + cdsDir().resolve(name + ".jsa"), "-XX:+AutoCreateSharedArchive",
                "-Xlog:cds=off,cds+dynamic=off");
    }

    private boolean cdsEnabled() {
        return !"off".equalsIgnoreCase(Optional.ofNullable(blankToNull(env.get("PLATFORM_CDS"))).orElse("on"));
    }

    /**
     * Where the extracted jars and class-data archives live: {@code PLATFORM_CDS_DIR}, else
     * {@code <checkout>/.platform/cds}. They depend only on the built jars and the JDK, so every
     * {@code PLATFORM_HOME} of a checkout shares them.
     */
    Path cdsDir() {
        return Optional.ofNullable(blankToNull(env.get("PLATFORM_CDS_DIR"))).map(Path::of)
                .orElse(root.resolve(".platform").resolve("cds")).toAbsolutePath().normalize();
    }

    private List<String> extraJavaOptions() {
        String opts = blankToNull(env.get("PLATFORM_JAVA_OPTS"));
        return opts == null ? List.of() : List.of(opts.split("\\s+"));
    }

    private double elapsed() {
        return (System.nanoTime() - t0) / 1e9;
    }

    private Optional<Path> execJar(String module) {
        Path target = root.resolve(module).resolve("target");
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith(module + "-") && name.endsWith("-exec.jar");
            }).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private List<String> missingArtifacts() {
        List<String> missing = new ArrayList<>();
        List<String> modules = new ArrayList<>(SERVICES);
        modules.add("gateway");
        for (String module : modules) {
            if (execJar(module).isEmpty()) {
                missing.add(module + "/target/" + module + "-*-exec.jar");
            }
        }
        if (!Files.isDirectory(libDir())) {
            missing.add(root.relativize(libDir()).toString());
        }
        if (!Files.isDirectory(root.resolve("infra/target/greenmail"))) {
            missing.add("infra/target/greenmail");
        }
        return missing;
    }

    private Path libDir() {
        return root.resolve("infra/target/lib");
    }

    private String launcherClasspath() {
        return root.resolve("infra/target/classes") + File.pathSeparator + libDir() + "/*";
    }

    private String kafkaClasspath() {
        return libDir() + "/*";
    }

    private Path greenmailJar() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("infra/target/greenmail"))) {
            return files.filter(p -> p.getFileName().toString().startsWith("greenmail-standalone"))
                    .findFirst().orElseThrow(() -> new IOException("greenmail-standalone jar not found"));
        }
    }

    private Child child(String name, List<String> command, Map<String, String> extraEnv) {
        BooleanSupplier isStopping = stopping::get;
        return new Child(name, command, extraEnv, root, home, isStopping, this::say, clock);
    }

    /** Runs a short helper process to completion (e.g. formatting Kafka's storage). */
    int runOnce(String name, List<String> command) throws IOException, InterruptedException {
        Path log = home.resolve("logs").resolve(name + ".log");
        Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        oneShot = process;
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(name + " did not finish within 120 s (see " + log + ")");
            }
            return process.exitValue();
        } finally {
            oneShot = null;
        }
    }

    private boolean waitUntil(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!stopping.get() && System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(200);
        }
        if (!stopping.get()) {
            say(what + " is not ready after " + timeout.toSeconds() + " s (see " + home.resolve("logs")
                    .resolve(what + ".log") + ")");
        }
        return false;
    }

    private int failStart(String reason) {
        if (stopping.get()) {
            return 0;
        }
        say("start failed: " + reason);
        return 1;
    }

    /** Shutdown hook: services first, then infrastructure; nothing is restarted meanwhile. */
    private void stopAll() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        say("stopping ...");
        long t0 = System.nanoTime();
        Process helper = oneShot;
        if (helper != null) {
            helper.destroyForcibly();
        }
        List<String> writing = appChildren.stream().map(Child::name)
                .filter(name -> images.containsKey(name) && images.get(name).archiveDue()).toList();
        if (!writing.isEmpty()) {
            say("class-data archives are written while these stop (first stop after a build): " + writing);
        }
        stopTogether(appChildren, writing.isEmpty() ? STOP_TIMEOUT : STOP_TIMEOUT_WRITING_ARCHIVES);
        stopTogether(infraChildren, STOP_TIMEOUT);
        // stragglers started by a restart racing with the stop
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        say(String.format(Locale.ROOT, "stopped in %.1f s", (System.nanoTime() - t0) / 1e9));
        stopped.countDown();
    }

    private void stopTogether(List<Child> children, Duration timeout) {
        children.forEach(Child::terminate);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Child child : children) {
            long left = Math.max(0, deadline - System.nanoTime());
            child.awaitOrKill(Duration.ofNanos(left));
        }
    }

    private String memoryReport() {
        long total = 0;
        StringBuilder parts = new StringBuilder();
        List<Child> all = new ArrayList<>(infraChildren);
        all.addAll(appChildren);
        for (Child child : all) {
            long kib = child.residentKib();
            total += kib;
            parts.append(parts.isEmpty() ? "" : ", ").append(child.name()).append(' ').append(kib / 1024)
                    .append(" MiB");
        }
        return String.format(Locale.ROOT, "%d MiB (%s)", total / 1024, parts);
    }

    void say(String line) {
        OUT.println("platform: " + line);
    }

    static boolean portOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean inUse(int port) {
        if (portOpen(port)) {
            return true;
        }
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(HOST, port));
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static String joinPorts(List<Integer> ports) {
        return String.join("|", ports.stream().map(String::valueOf).toList());
    }

    /**
     * The HMAC key of the signed department and attachment links: from the environment, otherwise generated once
     * and kept under the platform home, so links mailed before a restart keep working.
     */
    private String linkSecret(Map<String, String> env) throws IOException {
        String given = blankToNull(env.get("PLATFORM_LINK_SECRET"));
        if (given != null) {
            return given;
        }
        Path file = home.resolve("link-secret");
        if (Files.exists(file)) {
            String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!kept.isEmpty()) {
                return kept;
            }
        }
        String secret = randomPassword() + randomPassword();
        Files.writeString(file, secret, StandardCharsets.UTF_8);
        file.toFile().setReadable(false, false);
        file.toFile().setReadable(true, true);
        return secret;
    }

    private static String randomPassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return password.toString();
    }

    private static String maskUri(String uri) {
        return uri == null ? null : uri.replaceAll("//[^@/]*@", "//***@");
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}

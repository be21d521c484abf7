package kr.seoul.sane.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Starts the local platform in the foreground: a Kafka broker (KRaft, single node), the MongoDB-compatible store,
 * the mail sink, the four services and the gateway, each as a supervised child JVM. Prints
 * {@code READY http://localhost:8080} once every health check passes; SIGINT/SIGTERM stops everything.
 * The phases are {@link Startup}'s, READY is {@link Readiness}'s, the stop is {@link Shutdown}'s.
 */
public final class PlatformLauncher {

    private final Installation installation;
    private final LaunchOptions options;
    /** The one source of dates and times of the launcher (its children's start times and log lines). */
    private final Clock clock;
    private final Console console = new Console();

    PlatformLauncher(Installation installation, LaunchOptions options, Clock clock) {
        this.installation = installation;
        this.options = options;
        this.clock = clock;
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        int code = new PlatformLauncher(Installation.current(), options, Clock.systemUTC()).up();
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the platform until it is stopped: 0, or 1 when it cannot start, 3 when a fixed port is taken. */
    int up() throws Exception {
        Stopwatch stopwatch = Stopwatch.start();
        Infrastructure infrastructure = Infrastructure.of(installation);
        Artifacts artifacts = new Artifacts(installation.root());
        List<String> missing = artifacts.missing();
        if (!missing.isEmpty()) {
            console.say("cannot start, these are not built: " + String.join(", ", missing)
                    + " (run ./mvnw -B -DskipTests package, or bin/platform up which builds them)");
            return 1;
        }
        Map<String, Instance> instances = Instance.plan(options.replicas());
        Optional<Path> prometheus = options.withPrometheus() ? prometheusBinary() : Optional.empty();
        List<Integer> ports = new ArrayList<>(instances.values().stream().map(Instance::port).toList());
        ports.add(Topology.GATEWAY_MANAGEMENT_PORT);
        ports.addAll(infrastructure.ports());
        prometheus.ifPresent(binary -> ports.add(Prometheus.PORT));
        List<Integer> busy = ports.stream().filter(Topology::inUse).toList();
        if (!busy.isEmpty()) {
            console.say("cannot start: port(s) " + busy + " already in use on " + Topology.HOST + ": "
                    + String.join("; ", busy.stream().map(PortOwner::describe).toList())
                    + " (is another platform running? see: ss -ltnp | grep -E ':("
                    + String.join("|", busy.stream().map(String::valueOf).toList()) + ")\\b')");
            return 3;
        }
        ChildCommands commands = new ChildCommands(installation, artifacts, console::say);
        Files.createDirectories(installation.logs());
        Files.createDirectories(installation.home().resolve("run"));
        if (commands.cdsEnabled()) {
            Files.createDirectories(commands.cdsDir());
        }
        console.say("home " + installation.home() + " (logs in " + installation.logs() + ")");

        Children children = new Children(installation, console, clock);
        Shutdown shutdown = new Shutdown(children, commands::archiveDue, console);
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "platform-stop"));
        Run run = new Run(installation, infrastructure, children, console, stopwatch);
        Startup startup = new Startup(run, commands);

        Map<String, CompletableFuture<List<String>>> prepared = startup.prepareServiceCommands();
        startup.startStoreAndMailSink();
        if (!startup.startBroker()) {
            return 0;
        }
        if (!startup.awaitStore()) {
            return failStart(children, "the MongoDB store did not open " + Topology.HOST + ":" + Topology.MONGO_PORT);
        }
        startup.createTopicsOnceTheBrokerAccepts();
        startup.startServices(instances, prepared);
        console.say(String.format(Locale.ROOT, "services started after %.1f s", stopwatch.seconds()));
        if (prometheus.isPresent()) {
            startup.startPrometheus(prometheus.get());
        }

        if (!new Readiness(run).await(instances)) {
            return failStart(children, "the platform did not become healthy");
        }
        double seconds = stopwatch.seconds();
        console.ready("http://localhost:" + Topology.GATEWAY_PORT);
        console.say(String.format(Locale.ROOT, "ready in %.1f s; resident memory of all children %s",
                seconds, children.memoryReport()));
        shutdown.awaitStopped();
        return 0;
    }

    private Optional<Path> prometheusBinary() {
        Optional<Path> binary = Prometheus.binary(installation.env());
        if (binary.isEmpty()) {
            console.say("--with-prometheus: no prometheus binary found (Debian: apt-get install prometheus; or set"
                    + " PROMETHEUS_BIN); starting without it");
        }
        return binary;
    }

    /** A start that failed while stopping is no failure (exit 0); otherwise it says why (exit 1). */
    private int failStart(Children children, String reason) {
        if (children.stopping()) {
            return 0;
        }
        console.say("start failed: " + reason);
        return 1;
    }
}

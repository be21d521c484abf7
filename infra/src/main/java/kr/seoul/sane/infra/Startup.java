package kr.seoul.sane.infra;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * The start of the platform, phase by phase: the services' commands are prepared while the store and the mail sink
 * start and Kafka's storage is formatted; the services start as soon as the store answers, while the broker may
 * still start (a Spring Boot service needs tens of seconds before it first talks to Kafka, and its Kafka clients
 * wait for the broker); the topics are created once the broker accepts connections.
 */
final class Startup {

    private final Run run;
    private final ChildCommands commands;
    private final Children children;

    Startup(Run run, ChildCommands commands) {
        this.run = run;
        this.commands = commands;
        this.children = run.children();
    }

    /** Each module's start command, prepared in the background (extracting each exec jar once for class-data sharing). */
    Map<String, CompletableFuture<List<String>>> prepareServiceCommands() {
        Map<String, CompletableFuture<List<String>>> prepared = new LinkedHashMap<>();
        for (String module : Topology.MODULES) {
            prepared.put(module, CompletableFuture.supplyAsync(() -> commands.service(module),
                    runnable -> Thread.ofPlatform().daemon().name("prepare-" + module).start(runnable)));
        }
        return prepared;
    }

    /** The embedded store and mail sink, started together (or a line naming the external ones). */
    void startStoreAndMailSink() throws IOException {
        Infrastructure infrastructure = run.infrastructure();
        if (infrastructure.embeddedMongo()) {
            children.infrastructure(commands.store(), false);
        } else {
            run.say("using external MongoDB at " + infrastructure.maskedMongoUri());
        }
        if (infrastructure.embeddedMail()) {
            children.infrastructure(commands.mailSink(), false);
        } else {
            run.say("using external SMTP at " + infrastructure.smtpHost() + ":" + infrastructure.smtpPort()
                    + " (READY does not wait for it)");
        }
        for (Child child : children.infrastructure()) {
            child.start();
            run.say("started " + child.name() + " (pid " + child.process().pid() + ")");
        }
    }

    /**
     * The embedded broker: its storage formatted on the first run, then started. False when the platform began to
     * stop meanwhile.
     */
    boolean startBroker() throws IOException, InterruptedException {
        if (!run.infrastructure().embeddedKafka()) {
            run.say("using external Kafka at " + run.infrastructure().kafkaBootstrap());
            return true;
        }
        Installation installation = run.installation();
        KafkaNode kafka = new KafkaNode(installation.home().resolve("kafka"), Topology.HOST, Topology.KAFKA_PORT,
                Topology.KAFKA_CONTROLLER_PORT);
        commands.prepareKafka(kafka, children::runOnce);
        if (children.stopping()) {
            return false;
        }
        Child child = children.infrastructure(commands.kafka(kafka), true);
        child.start();
        run.say("started kafka (pid " + child.process().pid() + ")");
        return true;
    }

    /** True once the embedded store accepts connections (at once with an external MongoDB). */
    boolean awaitStore() throws InterruptedException {
        return !run.infrastructure().embeddedMongo()
                || waitUntil("mongo-store", Duration.ofSeconds(90), () -> Topology.portOpen(Topology.MONGO_PORT));
    }

    /** In the background: waits for the embedded broker, then creates (or widens) the platform's topics. */
    void createTopicsOnceTheBrokerAccepts() {
        if (!run.infrastructure().embeddedKafka()) {
            return;
        }
        Thread.ofPlatform().daemon().name("kafka-topics").start(() -> {
            try {
                if (waitUntil("kafka", Duration.ofSeconds(180), () -> Topology.portOpen(Topology.KAFKA_PORT))) {
                    run.say(String.format(Locale.ROOT, "kafka accepts connections after %.1f s",
                            run.stopwatch().seconds()));
                    KafkaTopics.ensure(run.infrastructure().kafkaBootstrap(), Duration.ofSeconds(90), run::say);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Every instance of the services, then the gateway, with the environment of {@link ServiceEnvironment}. */
    void startServices(Map<String, Instance> instances, Map<String, CompletableFuture<List<String>>> prepared)
            throws IOException {
        Credentials credentials = Credentials.of(run.installation());
        if (credentials.passwordGenerated()) {
            run.say("operator login for /ops: user '" + credentials.operatorUser() + "', password '"
                    + credentials.operatorPassword() + "' (generated for this run; set PLATFORM_OPERATOR_PASSWORD"
                    + " to choose one)");
        }
        ServiceEnvironment environment = ServiceEnvironment.of(run.installation(), run.infrastructure(), credentials);
        for (Instance instance : instances.values()) {
            List<String> command = instance.command(prepared.get(instance.module()).join());
            Child child = children.service(new ChildSpec(instance.name(), command,
                    environment.of(instance, instances)));
            child.start();
            run.say("started " + instance.name() + " (pid " + child.process().pid() + ")"
                    + (instance.first() ? "" : " on port " + instance.port()));
        }
    }

    /** A local Prometheus ({@code --with-prometheus}) scraping the services. */
    void startPrometheus(Path binary) throws IOException {
        Installation installation = run.installation();
        Prometheus local = new Prometheus(binary, installation.root(), installation.home());
        Child child = children.infrastructure(new ChildSpec("prometheus", local.command()), false);
        child.start();
        run.say("started prometheus (pid " + child.process().pid() + ") on http://" + Topology.HOST + ":"
                + Prometheus.PORT + " with " + installation.root().relativize(local.config()) + ", data in "
                + local.dataDir());
    }

    private boolean waitUntil(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!children.stopping() && System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(200);
        }
        if (!children.stopping()) {
            run.say(what + " is not ready after " + timeout.toSeconds() + " s (see "
                    + run.installation().logs().resolve(what + ".log") + ")");
        }
        return false;
    }
}

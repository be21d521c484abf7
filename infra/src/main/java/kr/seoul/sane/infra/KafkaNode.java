package kr.seoul.sane.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka (broker and controller in one JVM). The storage is formatted once with a cluster id
 * kept next to it, so data survives restarts.
 */
final class KafkaNode {

    @FunctionalInterface
    interface Runner {
        int run(String name, List<String> command) throws IOException, InterruptedException;
    }

    private final Path dir;
    private final String host;
    private final int port;
    private final int controllerPort;

    KafkaNode(Path dir, String host, int port, int controllerPort) {
        this.dir = dir;
        this.host = host;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    Path dataDir() {
        return dir.resolve("data");
    }

    Path propertiesFile() {
        return dir.resolve("server.properties");
    }

    /** Writes server.properties and formats the storage if it was never formatted. */
    void prepare(Runner runner, String classpath, String java) throws IOException, InterruptedException {
        Files.createDirectories(dataDir());
        Files.writeString(propertiesFile(), serverProperties(), StandardCharsets.UTF_8);
        if (Files.exists(dataDir().resolve("meta.properties"))) {
            return;
        }
        Path idFile = dir.resolve("cluster-id");
        String clusterId;
        if (Files.exists(idFile)) {
            clusterId = Files.readString(idFile).trim();
        } else {
            clusterId = Uuid.randomUuid().toString();
            Files.writeString(idFile, clusterId);
        }
        int code = runner.run("kafka-format", List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp", classpath,
                "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", propertiesFile().toString(),
                "--standalone", "--ignore-formatted"));
        if (code != 0) {
            throw new IOException("formatting Kafka storage failed with exit code " + code
                    + " (see logs/kafka-format.log)");
        }
    }

    List<String> command(String java, String classpath) {
        return command(java, classpath, List.of());
    }

    /** The broker's command line; {@code jvmFlags} (e.g. class-data sharing) go before the class path. */
    List<String> command(String java, String classpath, List<String> jvmFlags) {
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xms128m", "-Xmx384m", "-Xss512k",
                "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true",
                "-Dplatform.child=kafka", "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSSZ"));
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", classpath, "kafka.Kafka", propertiesFile().toString()));
        return command;
    }

    String serverProperties() {
        return String.join("\n",
                "# written by the platform launcher on every start",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=" + host + ":" + controllerPort,
                "listeners=PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort,
                "advertised.listeners=PLAINTEXT://" + host + ":" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dataDir().toAbsolutePath(),
                "num.partitions=" + KafkaTopics.PARTITIONS,
                "default.replication.factor=1",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=6",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=3",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "num.network.threads=2",
                "num.io.threads=4",
                "log.retention.hours=168",
                "log.segment.bytes=67108864",
                // one node: no other controller or broker needs the liveness these carry twice a second by default
                // (a no-op metadata record every 500 ms, a broker heartbeat every 2 s), which an idle platform pays
                "metadata.max.idle.interval.ms=5000",
                "broker.heartbeat.interval.ms=5000",
                "broker.session.timeout.ms=20000",
                "") ;
    }
}

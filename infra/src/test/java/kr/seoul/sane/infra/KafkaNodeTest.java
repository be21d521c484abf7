package kr.seoul.sane.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class KafkaNodeTest {

    @Test
    void isASingleNodeKraftBrokerOnLoopback() throws Exception {
        KafkaNode node = new KafkaNode(Path.of("/tmp/platform/kafka"), "127.0.0.1", 9092, 9093);
        Properties props = new Properties();
        props.load(new StringReader(node.serverProperties()));

        assertThat(props.getProperty("process.roles")).isEqualTo("broker,controller");
        assertThat(props.getProperty("listeners"))
                .isEqualTo("PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093");
        assertThat(props.getProperty("controller.quorum.bootstrap.servers")).isEqualTo("127.0.0.1:9093");
        assertThat(props.getProperty("log.dirs")).isEqualTo("/tmp/platform/kafka/data");
        assertThat(props.getProperty("offsets.topic.replication.factor")).isEqualTo("1");
        assertThat(props.getProperty("transaction.state.log.replication.factor")).isEqualTo("1");
        assertThat(props.getProperty("num.partitions")).isEqualTo("6");
        // one node: the no-op metadata records and the broker heartbeats that keep a cluster's liveness are spaced
        assertThat(props.getProperty("metadata.max.idle.interval.ms")).isEqualTo("5000");
        assertThat(Integer.parseInt(props.getProperty("broker.session.timeout.ms")))
                .isGreaterThan(2 * Integer.parseInt(props.getProperty("broker.heartbeat.interval.ms")));
        assertThat(node.command("java", "cp")).contains("kafka.Kafka", "-Dplatform.child=kafka");
    }
}

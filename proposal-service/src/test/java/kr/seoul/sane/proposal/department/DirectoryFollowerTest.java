package kr.seoul.sane.proposal.department;

import kr.seoul.sane.contracts.EventContracts;
import kr.seoul.sane.events.EnvelopeReader;
import kr.seoul.sane.events.ReplayedTopicFollower;
import kr.seoul.sane.events.UnreadableEventException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * proposal-service's department directory follows routing-service's {@code department.directory-changed} (the
 * contract example and versions made from it, on an embedded broker): a new department becomes a transfer choice, a
 * retired one leaves the choices but keeps its name and names its successor, an older version replayed and an
 * unreadable record change nothing, and two replicas that read the topic from the beginning end in the same state.
 */
@EmbeddedKafka(partitions = 2, topics = DirectoryFollower.TYPE)
public class DirectoryFollowerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void theContractExampleIsReadAndAnythingElseIsNot() {
        EnvelopeReader reader = new EnvelopeReader();
        DepartmentDirectory.Version v = DirectoryFollower.version(
                reader.read(EventContracts.example(DirectoryFollower.TYPE), DirectoryFollower.TYPE).payload());
        assertThat(v).isEqualTo(new DepartmentDirectory.Version("URBAN_FARMING", "도시농업과", 1, false, null));
        assertThatThrownBy(() -> reader.read("not json", DirectoryFollower.TYPE))
                .isInstanceOf(UnreadableEventException.class);
        assertThatThrownBy(() -> reader.read("{\"eventId\":\"e\",\"proposalId\":\"p\",\"type\":\"proposal.routed\","
                + "\"payload\":{}}", DirectoryFollower.TYPE)).isInstanceOf(UnreadableEventException.class);
        assertThatThrownBy(() -> DirectoryFollower.version(reader.read("{\"eventId\":\"e\",\"proposalId\":\"p\","
                + "\"payload\":{\"version\":2}}", DirectoryFollower.TYPE).payload()))
                .isInstanceOf(UnreadableEventException.class);
    }

    @Test
    void everyReplicaBuildsTheSameDirectoryFromTheTopic(EmbeddedKafkaBroker broker) throws Exception {
        Map<String, Object> props = KafkaTestUtils.producerProps(broker);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(DirectoryFollower.TYPE, "URBAN_FARMING", "not json"));
            producer.send(new ProducerRecord<>(DirectoryFollower.TYPE, "URBAN_FARMING",
                    EventContracts.example(DirectoryFollower.TYPE)));
            producer.send(new ProducerRecord<>(DirectoryFollower.TYPE, "RESOURCE_CIRCULATION",
                    version("RESOURCE_CIRCULATION", "자원순환과", 2, "RETIRED", "URBAN_FARMING")));
            // the department's first version, delivered late: the retirement stays
            producer.send(new ProducerRecord<>(DirectoryFollower.TYPE, "RESOURCE_CIRCULATION",
                    version("RESOURCE_CIRCULATION", "자원순환과", 1, "ACTIVE", null)));
            producer.flush();
        }
        for (int replica = 0; replica < 2; replica++) {
            DepartmentDirectory directory = new DepartmentDirectory();
            List<DepartmentDirectory.Version> retirements = new CopyOnWriteArrayList<>();
            assertThat(directory.contains("URBAN_FARMING")).isFalse();
            ConcurrentMessageListenerContainer<String, byte[]> container = ReplayedTopicFollower.container(
                    consumers(broker), "proposal-service-directory", DirectoryFollower.TYPE,
                    new ReplayedTopicFollower(DirectoryFollower.TYPE, new EnvelopeReader(),
                            new DirectoryFollower(directory, retirements::add)));
            container.start();
            try {
                await(() -> directory.contains("URBAN_FARMING") && directory.successorOf("RESOURCE_CIRCULATION").isPresent());
                assertThat(directory.all()).extracting(DepartmentDirectory.Department::code)
                        .contains("URBAN_FARMING").doesNotContain("RESOURCE_CIRCULATION").endsWith("URBAN_FARMING");
                assertThat(directory.name("URBAN_FARMING")).isEqualTo("도시농업과");
                assertThat(directory.contains("RESOURCE_CIRCULATION")).isFalse();
                assertThat(directory.name("RESOURCE_CIRCULATION")).isEqualTo("자원순환과");
                assertThat(directory.successorOf("RESOURCE_CIRCULATION")).contains("URBAN_FARMING");
                assertThat(retirements).as("the retirement handed on once, not the late first version")
                        .extracting(DepartmentDirectory.Version::code).containsExactly("RESOURCE_CIRCULATION");
            } finally {
                container.stop();
            }
        }
    }

    private static DefaultKafkaConsumerFactory<String, byte[]> consumers(EmbeddedKafkaBroker broker) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** A contract-valid {@code department.directory-changed} made from the example. */
    public static String version(String code, String name, int version, String status, String successor) {
        ObjectNode event = (ObjectNode) JSON.readTree(EventContracts.example(DirectoryFollower.TYPE));
        event.put("eventId", UUID.randomUUID().toString());
        event.put("proposalId", code);
        ObjectNode payload = (ObjectNode) event.path("payload");
        payload.put("version", version);
        payload.put("change", "RETIRED".equals(status) ? "RETIRED" : "ADDED");
        ObjectNode department = (ObjectNode) payload.path("department");
        department.put("code", code);
        department.put("name", name);
        department.put("status", status);
        department.put("successorCode", successor);
        String json = JSON.writeValueAsString(event);
        EventContracts.assertConforms(DirectoryFollower.TYPE, json);
        return json;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(condition.getAsBoolean()).as("within 30 s").isTrue();
    }
}

package kr.seoul.sane.routing.decision;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import kr.seoul.sane.contracts.EventContracts;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Real broker, real Mongo wire protocol: proposal.submitted in, proposal.routed / proposal.triaged out. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sane.operator.user=ops",
        "sane.operator.password=ops-secret",
        "spring.cloud.stream.kafka.binder.brokers=${spring.embedded.kafka.brokers}",
        "spring.cloud.stream.bindings.routeProposal-in-0.consumer.back-off-initial-interval=100"})
@EmbeddedKafka(partitions = 1, topics = {"proposal.submitted", "proposal.routed", "proposal.triaged"})
class RoutingIntegrationTest {

    private static final MongoServer MONGO = new MongoServer(new MemoryBackend());
    private static final InetSocketAddress MONGO_ADDRESS = MONGO.bind();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri",
                () -> "mongodb://" + MONGO_ADDRESS.getHostString() + ":" + MONGO_ADDRESS.getPort());
    }

    @AfterAll
    static void stopMongo() {
        MONGO.shutdownNow();
    }

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    RoutingDecisionRepository decisions;
    @Autowired
    LearnedExampleRepository learned;
    @Autowired
    org.springframework.core.env.Environment environment;

    @Test
    void routesTheContractExampleOnceAndTriagesTestInput() throws Exception {
        KafkaTemplate<String, String> producer = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                KafkaTestUtils.producerProps(broker), new StringSerializer(), new StringSerializer()));
        try (Consumer<String, String> consumer = new DefaultKafkaConsumerFactory<>(
                KafkaTestUtils.consumerProps(broker, "routing-test", false),
                new StringDeserializer(), new StringDeserializer()).createConsumer()) {
            consumer.subscribe(List.of("proposal.routed", "proposal.triaged"));

            String example = EventContracts.example("proposal.submitted");
            String proposalId = JSON.readTree(example).path("proposalId").asString();
            producer.send(new ProducerRecord<>("proposal.submitted", proposalId, example)).get();

            Set<String> keys = Set.of(proposalId);
            List<ConsumerRecord<String, String>> first = poll(consumer, keys, 1, Duration.ofSeconds(30));
            assertThat(first).hasSize(1);
            ConsumerRecord<String, String> routed = first.getFirst();
            assertThat(routed.topic()).isEqualTo("proposal.routed");
            assertThat(routed.key()).isEqualTo(proposalId);
            EventContracts.assertConforms("proposal.routed", routed.value());
            JsonNode payload = JSON.readTree(routed.value()).path("payload");
            assertThat(payload.path("departmentCode").asString()).isEqualTo("RESOURCE_CIRCULATION");
            assertThat(payload.path("routedBy").asString()).isEqualTo("AUTO");
            assertThat(payload.path("proposal").path("title").asString()).isEqualTo("폐플라스틱 병뚜껑 새활용 시민 캠페인");
            assertThat(decisions.findById(proposalId)).get()
                    .satisfies(d -> assertThat(d.departmentCode()).isEqualTo("RESOURCE_CIRCULATION"));

            // the same event again: nothing new is published
            producer.send(new ProducerRecord<>("proposal.submitted", proposalId, example)).get();

            ObjectNode spam = (ObjectNode) JSON.readTree(example);
            String spamId = "test-" + UUID.randomUUID();
            spam.put("eventId", UUID.randomUUID().toString());
            spam.put("proposalId", spamId);
            ObjectNode proposal = (ObjectNode) spam.path("payload").path("proposal");
            proposal.put("title", "[TEST] 폼 전송 확인용");
            proposal.put("content", "[TEST] 협력신청 폼 연동 테스트입니다. 무시하세요. 배정하지 마세요.");
            producer.send(new ProducerRecord<>("proposal.submitted", spamId, JSON.writeValueAsString(spam))).get();

            keys = Set.of(proposalId, spamId);
            List<ConsumerRecord<String, String>> next = poll(consumer, keys, 1, Duration.ofSeconds(30));
            // give a wrongly repeated routed event time to show up as well
            next.addAll(poll(consumer, keys, Integer.MAX_VALUE, Duration.ofSeconds(2)));
            assertThat(next).hasSize(1);
            ConsumerRecord<String, String> triaged = next.getFirst();
            assertThat(triaged.topic()).isEqualTo("proposal.triaged");
            assertThat(triaged.key()).isEqualTo(spamId);
            EventContracts.assertConforms("proposal.triaged", triaged.value());
            assertThat(JSON.readTree(triaged.value()).path("payload").path("reasonCode").asString())
                    .isEqualTo("NOT_A_PROPOSAL");
            assertThat(decisions.findById(spamId)).get()
                    .satisfies(d -> assertThat(d.outcome()).isEqualTo(RoutingDecision.Outcome.TRIAGE));
        }
    }

    @Test
    void operatorAssignsATriagedProposalAndTheCorrectionIsLearned() throws Exception {
        KafkaTemplate<String, String> producer = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                KafkaTestUtils.producerProps(broker), new StringSerializer(), new StringSerializer()));
        try (Consumer<String, String> consumer = new DefaultKafkaConsumerFactory<>(
                KafkaTestUtils.consumerProps(broker, "routing-ops-test", false),
                new StringDeserializer(), new StringDeserializer()).createConsumer()) {
            consumer.subscribe(List.of("proposal.routed", "proposal.triaged"));
            ObjectNode event = (ObjectNode) JSON.readTree(EventContracts.example("proposal.submitted"));
            String id = "ops-" + UUID.randomUUID();
            event.put("eventId", UUID.randomUUID().toString());
            event.put("proposalId", id);
            ObjectNode proposal = (ObjectNode) event.path("payload").path("proposal");
            proposal.put("title", "우리 회사 창립 기념 나눔 행사");
            proposal.put("content", "창립 기념일에 임직원이 모여 무언가 의미 있는 일을 하고 싶습니다. 어떤 일이 좋을지 함께 정해 주셨으면 합니다.");
            proposal.putNull("field");
            producer.send(new ProducerRecord<>("proposal.submitted", id, JSON.writeValueAsString(event))).get();
            List<ConsumerRecord<String, String>> first = poll(consumer, Set.of(id), 1, Duration.ofSeconds(30));
            assertThat(first).hasSize(1);

            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + environment.getProperty("local.server.port");
            HttpRequest.Builder assign = HttpRequest.newBuilder(URI.create(base + "/api/ops/routing/" + id + "/assign"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"departmentCode\":\"PARTNERSHIP\"}"));
            assertThat(http.send(assign.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);

            String basic = "Basic " + Base64.getEncoder().encodeToString("ops:ops-secret".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> ok = http.send(assign.header("Authorization", basic).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);

            List<ConsumerRecord<String, String>> routed = poll(consumer, Set.of(id), 1, Duration.ofSeconds(30));
            assertThat(routed).hasSize(1);
            assertThat(routed.getFirst().topic()).isEqualTo("proposal.routed");
            EventContracts.assertConforms("proposal.routed", routed.getFirst().value());
            JsonNode payload = JSON.readTree(routed.getFirst().value()).path("payload");
            assertThat(payload.path("routedBy").asString()).isEqualTo("OPERATOR");
            assertThat(payload.path("departmentCode").asString()).isEqualTo("PARTNERSHIP");
            assertThat(learned.findById(id)).isPresent();

            HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(
                            URI.create(base + "/api/ops/routing/" + id + "/assign"))
                    .header("Content-Type", "application/json").header("Authorization", basic)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"departmentCode\":\"NOPE\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(unknown.body()).contains("\"errors\"");

            String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("sane_routing_decisions_total{").contains("outcome=\"operator\"")
                    .contains("sane_routing_confidence");
        }
    }

    private static List<ConsumerRecord<String, String>> poll(Consumer<String, String> consumer, Set<String> keys,
                                                             int atLeast, Duration timeout) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        long end = System.nanoTime() + timeout.toNanos();
        while (out.size() < atLeast && System.nanoTime() < end) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
            records.forEach(r -> {
                if (keys.contains(r.key())) {
                    out.add(r);
                }
            });
        }
        return out;
    }
}

package kr.seoul.sane.proposal;

import kr.seoul.sane.contracts.EventContracts;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The intake flow against real MongoDB (replica set) and Kafka images: POST, outbox, broker acknowledgement, tracking.
 * Runs where a Docker engine exists; skipped cleanly without one.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "platform.rate-limit-per-minute=0")
class RealInfrastructureTest {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0");
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1");

    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", MONGO::getReplicaSetUrl);
        registry.add("spring.cloud.stream.kafka.binder.brokers", KAFKA::getBootstrapServers);
    }

    @LocalServerPort
    int port;

    @Test
    void anAcceptedProposalIsPublishedAndTracked() throws Exception {
        String email = "applicant-" + UUID.randomUUID() + "@example.org";
        String body = """
                {"organization":"푸른지구 협동조합","organizationType":"NONPROFIT","contactName":"김서연",
                 "email":"%s","phone":"02-1234-5678","title":"폐플라스틱 병뚜껑 새활용 시민 캠페인",
                 "content":"동네 카페와 학교에서 병뚜껑을 모아 새활용 공방에서 생활용품으로 만드는 캠페인을 함께 하고 싶습니다.",
                 "field":"ENVIRONMENT_PARKS","consent":true,"language":"ko"}
                """.formatted(email);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/proposals"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode receipt = JSON.readTree(created.body());
        String id = receipt.get("id").asString();

        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of("proposal.submitted"));
            ConsumerRecord<String, String> published = null;
            Instant deadline = Instant.now().plusSeconds(30);
            while (published == null && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (id.equals(record.key())) {
                        published = record;
                    }
                }
            }
            assertThat(published).as("proposal.submitted for %s on the real broker", id).isNotNull();
            EventContracts.assertConforms("proposal.submitted", published.value());
        }

        HttpResponse<String> tracked = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/proposals/" + receipt.get("trackingCode").asString() + "?email=" + email)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tracked.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(tracked.body()).get("status").asString()).isEqualTo("SUBMITTED");
    }
}

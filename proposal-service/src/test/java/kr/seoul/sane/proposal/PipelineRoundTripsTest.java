package kr.seoul.sane.proposal;

import kr.seoul.sane.opssecurity.time.MutableClock;
import kr.seoul.sane.opssecurity.time.PinnedClock;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import kr.seoul.sane.contracts.EventContracts;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.proposal.model.ProposalStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Counts what one proposal costs this service: N submissions through the API, their {@code proposal.submitted}
 * events, then {@code proposal.routed}, {@code catalog.suggested} and {@code notification.delivered} for each.
 * Every MongoDB command the service issues is counted by a CommandListener (the test's own reads, made on the
 * test thread, are not), and the bounds per proposal are asserted: the submit path, the relay's bulk clears and
 * the batch consumer's bulk writes. The background jobs are set far apart so that only the pipeline is counted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "platform.rate-limit-per-minute=0",
        "platform.outbox.sweep-interval-ms=600000",
        "platform.ops.metrics-interval-ms=600000",
        "platform.attachments.janitor-interval-ms=600000"})
@DirtiesContext
@org.springframework.context.annotation.Import(PinnedClock.class)
@EmbeddedKafka(partitions = 1, topics = {"proposal.submitted", "proposal.routed", "proposal.triaged",
        "catalog.suggested", "proposal.status-changed", "notification.delivered", "notification.failed"})
class PipelineRoundTripsTest {

    private static final int N = 20;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Commands by "name collection", issued by any thread but the test's. */
    private static final Map<String, AtomicInteger> COMMANDS = new ConcurrentHashMap<>();
    private static volatile Thread testThread;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        MongoServer mongoServer = new MongoServer(new MemoryBackend());
        mongoServer.bind("127.0.0.1", 0);
        registry.add("spring.mongodb.uri", () -> "mongodb://127.0.0.1:" + mongoServer.getLocalAddress().getPort());
        registry.add("spring.cloud.stream.kafka.binder.brokers",
                () -> System.getProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS));
    }

    @TestConfiguration
    static class CountingMongo {
        @Bean
        MongoClientSettingsBuilderCustomizer countCommands() {
            CommandListener listener = new CommandListener() {
                @Override
                public void commandStarted(CommandStartedEvent event) {
                    if (Thread.currentThread() == testThread) {
                        return;
                    }
                    String collection = event.getCommand().isString(event.getCommandName())
                            ? event.getCommand().getString(event.getCommandName()).getValue() : "";
                    COMMANDS.computeIfAbsent(event.getCommandName() + " " + collection, k -> new AtomicInteger())
                            .incrementAndGet();
                }
            };
            return settings -> settings.addCommandListener(listener);
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    MeterRegistry meters;
    @Autowired
    MutableClock clock;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aProposalCostsAFewMongoRoundTripsAndItsEventsTravelInBatches() throws Exception {
        testThread = Thread.currentThread();
        COMMANDS.clear();

        // 1. N submissions, one after the other, and their proposal.submitted events
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/proposals"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(ProposalServiceIntegrationTest.validJson(
                            "count-" + UUID.randomUUID() + "@example.org", "왕복 횟수를 세는 제안 " + i)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(201);
            ids.add(JSON.readTree(r.body()).path("id").asString());
        }
        Set<String> published = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = consumer("proposal.submitted")) {
            await().pollInSameThread().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    assertThat(published.add(r.key())).as("published once: %s", r.key()).isTrue();
                }
                return published.containsAll(ids);
            });
        }
        await().pollInSameThread().atMost(Duration.ofSeconds(10)).until(() ->
                ids.stream().allMatch(id -> mongo.findById(id, Proposal.class).getPendingEvents().isEmpty()));
        Map<String, Integer> intake = snapshot();

        // 2. three incoming events per proposal, as routing, catalog and notification would send them
        try (KafkaProducer<String, String> producer = producer()) {
            for (String id : ids) {
                producer.send(new ProducerRecord<>("proposal.routed", id, event("proposal.routed", id)));
                producer.send(new ProducerRecord<>("catalog.suggested", id, event("catalog.suggested", id)));
                producer.send(new ProducerRecord<>("notification.delivered", id, delivered(id)));
            }
            producer.flush();
        }
        await().pollInSameThread().atMost(Duration.ofSeconds(30)).until(() -> ids.stream().allMatch(id -> {
            Proposal p = mongo.findById(id, Proposal.class);
            return p.getStatus() == ProposalStatus.ROUTED && p.getSuggestions() != null
                    && p.getProcessedEventIds().size() == 3;
        }));
        Map<String, Integer> all = snapshot();

        int submitPath = sum(intake, "findAndModify recent_submissions") + sum(intake, "insert proposals");
        int relayClears = sum(intake, "update proposals");
        int consumerWrites = sum(all, "update proposals") - relayClears;
        double batches = meters.get("sane.outbox.batches").counter().count();
        System.out.printf("%n%d proposals: MongoDB commands %s after intake and relay, %s in all; submit path %d, "
                        + "relay bulk clears %d (%.0f relay batches), consumer bulk writes %d for %d events%n",
                N, intake, all, submitPath, relayClears, batches, consumerWrites, 3 * N);

        // the submit path: duplicate memory and check (1 upsert returning the earlier entries), insert of proposal
        // and its event (1)
        assertThat(submitPath).isEqualTo(2 * N);
        // the relay: at most one bulk write per batch, never one per record and batch
        assertThat(relayClears).isLessThanOrEqualTo(N).isEqualTo((int) batches);
        // the consumer: one bulk write per consumed batch, far fewer than the 3N events
        assertThat(consumerWrites).isPositive().isLessThanOrEqualTo(N);
        // nothing else: no read-after-write, no per-event reads
        assertThat(all.keySet()).containsOnly("findAndModify recent_submissions", "insert proposals",
                "update proposals");
        // the relay's producer reports its records (kafka_producer_record_send_total on /actuator/prometheus)
        double sent = meters.find("kafka.producer.record.send.total")
                .tag("client.id", clientId -> clientId.startsWith("proposal-service-outbox"))
                .functionCounters().stream().mapToDouble(FunctionCounter::count).sum();
        assertThat(sent).as("records counted by the outbox producer's metrics").isGreaterThanOrEqualTo(N);
        int total = all.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(total).as("MongoDB commands for %d proposals and %d consumed events", N, 3 * N)
                .isLessThanOrEqualTo(4 * N);
    }

    private static Map<String, Integer> snapshot() {
        Map<String, Integer> copy = new TreeMap<>();
        COMMANDS.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    private static int sum(Map<String, Integer> counts, String key) {
        return counts.getOrDefault(key, 0);
    }

    private String event(String type, String proposalId) {
        ObjectNode root = (ObjectNode) JSON.readTree(EventContracts.example(type));
        root.put("eventId", UUID.randomUUID().toString());
        root.put("proposalId", proposalId);
        root.put("occurredAt", clock.instant().toString());
        return JSON.writeValueAsString(root);
    }

    private String delivered(String proposalId) {
        return ProposalServiceIntegrationTest.notificationEvent("notification.delivered", proposalId,
                "department-new-proposal", "DEPARTMENT", "RESOURCE_CIRCULATION", proposalId + ":d", false,
                clock.instant());
    }

    private KafkaConsumer<String, String> consumer(String topic) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "count-" + UUID.randomUUID(), false);
        props.put("auto.offset.reset", "earliest");
        props.put("key.deserializer", StringDeserializer.class);
        props.put("value.deserializer", StringDeserializer.class);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    private KafkaProducer<String, String> producer() {
        Map<String, Object> props = KafkaTestUtils.producerProps(broker);
        props.put("key.serializer", StringSerializer.class);
        props.put("value.serializer", StringSerializer.class);
        return new KafkaProducer<>(props);
    }
}

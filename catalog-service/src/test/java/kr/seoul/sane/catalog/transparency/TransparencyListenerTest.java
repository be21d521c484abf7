package kr.seoul.sane.catalog.transparency;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.TestMethodOrder;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transparency read model fed by the catalogue's proposal listener: what it costs (MongoDB commands on its collection for many proposals whose events wait
 * in Kafka when it starts: one bulk write per poll; the time to compute the figures from the read model), an
 * unreadable event going to its dead-letter topic while the events around it are applied, and an event the read
 * model cannot apply (a routing without its department) going there too.
 */
@SpringBootTest(properties = {"logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN",
        "logging.level.state.change.logger=WARN", "logging.level.org.apache.kafka.clients.NetworkClient=ERROR"})
@EmbeddedKafka(partitions = 1,
        topics = {"proposal.submitted", "proposal.routed", "proposal.status-changed", "catalog.suggested",
                "catalog.case-published", "catalog.case-withdrawn", "catalog.institution-upserted"},
        bootstrapServersProperty = "spring.cloud.stream.kafka.binder.brokers")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TransparencyListenerTest {

    private static final int PROPOSALS = 100;
    private static final MongoServer MONGO = new MongoServer(new MemoryBackend());
    private static final String MONGO_URI = "mongodb://" + MONGO.bind().getHostString() + ":" + MONGO.bind().getPort();
    private static final AtomicInteger WRITES = new AtomicInteger();

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    ConcurrentMessageListenerContainer<String, byte[]> proposalEventContainer;
    @Autowired
    TransparencySnapshots snapshots;

    @TestConfiguration
    static class CountWrites {
        @Bean
        MongoClientSettingsBuilderCustomizer countingTransparencyWrites() {
            return settings -> settings.addCommandListener(new CommandListener() {
                @Override
                public void commandStarted(CommandStartedEvent event) {
                    org.bson.BsonValue collection = event.getCommand().get(event.getCommandName());
                    if (collection != null && collection.isString()
                            && ProposalTrack.COLLECTION.equals(collection.asString().getValue())
                            && !"find".equals(event.getCommandName())) {
                        WRITES.incrementAndGet();
                    }
                }
            });
        }
    }

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MONGO_URI);
    }

    @AfterAll
    static void stopMongo() {
        MONGO.shutdownNow();
    }

    @Test
    @Order(1)
    void eventsWaitingInKafkaCostOneBulkWritePerPoll() throws Exception {
        List<ProducerRecord<String, String>> events = new ArrayList<>();
        for (int i = 0; i < PROPOSALS; i++) {
            String id = "cost-" + UUID.randomUUID();
            events.add(TransparencyIntegrationTest.submitted(id, "2026-11-20T01:00:00Z", "WELFARE"));
            events.add(TransparencyIntegrationTest.routed(id, "2026-11-20T01:00:01Z", "WELFARE_POLICY", "복지정책과",
                    "AUTO", "WELFARE", "2026-11-20T01:00:00Z"));
            events.add(TransparencyIntegrationTest.changed(id, "2026-11-23T01:00:00Z", "ACCEPTED", "DEPARTMENT",
                    "WELFARE_POLICY"));
        }
        proposalEventContainer.stop();
        try (Producer<String, String> producer = producer()) {
            events.forEach(producer::send);
            producer.flush();
        }
        WRITES.set(0);
        proposalEventContainer.start();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        TransparencySummary summary = snapshots.compute();
        while (summary.departments().isEmpty() || summary.departments().getFirst().accepted() < PROPOSALS) {
            assertThat(System.nanoTime()).as("figures after 30 s: %s", summary).isLessThan(deadline);
            Thread.sleep(200);
            summary = snapshots.compute();
        }
        int writes = WRITES.get();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            summary = snapshots.compute();
            best = Math.min(best, System.nanoTime() - start);
        }
        System.out.printf("transparency: %d proposals (%d events waiting): %d MongoDB writes; figures computed from"
                + " the read model in %d µs (best of 5)%n", PROPOSALS, events.size(), writes, best / 1_000);
        assertThat(summary.proposals().total()).isEqualTo(PROPOSALS);
        assertThat(summary.departments()).singleElement().satisfies(d -> {
            assertThat(d.received()).isEqualTo(PROPOSALS);
            assertThat(d.acceptanceRate()).isEqualTo(1.0);
            assertThat(d.medianBusinessDaysToFirstAnswer()).isEqualTo(1.0);
        });
        assertThat(writes).as("bulk writes for %d events read in polls of up to 500", events.size())
                .isLessThanOrEqualTo(3);
    }

    @Test
    @Order(2)
    void anUnreadableEventGoesToItsDeadLetterTopicAndTheEventsAroundItAreApplied() throws Exception {
        String before = "before-poison-" + UUID.randomUUID();
        String after = "after-poison-" + UUID.randomUUID();
        String poisonKey = "poison-" + UUID.randomUUID();
        try (Consumer<String, String> deadLetters = routingDeadLetters()) {
            try (Producer<String, String> producer = producer()) {
                producer.send(TransparencyIntegrationTest.routed(before, "2026-11-24T01:00:01Z", "DIGITAL_POLICY",
                        "디지털정책과", "AUTO", "DIGITAL", "2026-11-24T01:00:00Z"));
                producer.send(new ProducerRecord<>("proposal.routed", poisonKey, "{\"eventId\": 42, oops"));
                producer.send(TransparencyIntegrationTest.routed(after, "2026-11-24T01:00:02Z", "DIGITAL_POLICY",
                        "디지털정책과", "AUTO", "DIGITAL", "2026-11-24T01:00:00Z"));
                producer.flush();
            }
            List<ConsumerRecord<String, String>> dead = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (dead.isEmpty() && System.nanoTime() < deadline) {
                deadLetters.poll(Duration.ofMillis(200)).forEach(dead::add);
            }
            assertThat(dead).extracting(ConsumerRecord::key).containsExactly(poisonKey);
            assertThat(dead.getFirst().value()).isEqualTo("{\"eventId\": 42, oops");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (snapshots.compute().departments().stream().noneMatch(d -> d.code().equals("DIGITAL_POLICY")
                && d.received() == 2)) {
            assertThat(System.nanoTime()).as("both events around the unreadable one applied").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    @Test
    @Order(3)
    void aRoutingTheReadModelCannotApplyGoesToTheDeadLetterTopicAtOnce() throws Exception {
        String before = "before-refused-" + UUID.randomUUID();
        String refused = "refused-" + UUID.randomUUID();
        String after = "after-refused-" + UUID.randomUUID();
        try (Consumer<String, String> deadLetters = routingDeadLetters()) {
            long sent = System.nanoTime();
            try (Producer<String, String> producer = producer()) {
                producer.send(TransparencyIntegrationTest.routed(before, "2026-11-25T01:00:01Z", "YOUTH_POLICY",
                        "청년정책담당관", "AUTO", "WOMEN_CHILD_YOUTH", "2026-11-25T01:00:00Z"));
                // valid by the contract's schema, then without the department the figures need
                ProducerRecord<String, String> routing = TransparencyIntegrationTest.routed(refused,
                        "2026-11-25T01:00:02Z", "YOUTH_POLICY", "청년정책담당관", "AUTO", "WOMEN_CHILD_YOUTH", "2026-11-25T01:00:00Z");
                ObjectNode event = (ObjectNode) JsonMapper.builder().build().readTree(routing.value());
                ((ObjectNode) event.path("payload")).remove("departmentCode");
                producer.send(new ProducerRecord<>(routing.topic(), routing.key(), event.toString()));
                producer.send(TransparencyIntegrationTest.routed(after, "2026-11-25T01:00:03Z", "YOUTH_POLICY",
                        "청년정책담당관", "AUTO", "WOMEN_CHILD_YOUTH", "2026-11-25T01:00:00Z"));
                producer.flush();
            }
            List<ConsumerRecord<String, String>> dead = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (dead.stream().noneMatch(r -> r.value().contains(refused)) && System.nanoTime() < deadline) {
                deadLetters.poll(Duration.ofMillis(200)).forEach(dead::add);
            }
            assertThat(dead).filteredOn(r -> r.value().contains(refused)).hasSize(1);
            assertThat(Duration.ofNanos(System.nanoTime() - sent))
                    .as("not retried for minutes first").isLessThan(Duration.ofSeconds(20));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (snapshots.compute().departments().stream().noneMatch(d -> d.code().equals("YOUTH_POLICY")
                && d.received() == 2)) {
            assertThat(System.nanoTime()).as("both routings around the refused one applied").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** A reader of the routing events' dead-letter topic from its start. */
    private Consumer<String, String> routingDeadLetters() {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "dead-letter-reader-" + UUID.randomUUID(),
                true);
        props.put("auto.offset.reset", "earliest");
        Consumer<String, String> deadLetters = new DefaultKafkaConsumerFactory<>(props,
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.StringDeserializer()).createConsumer();
        deadLetters.subscribe(List.of("error.proposal.routed.catalog-service"));
        return deadLetters;
    }

    private Producer<String, String> producer() {
        return new DefaultKafkaProducerFactory<>(KafkaTestUtils.producerProps(broker), new StringSerializer(),
                new StringSerializer()).createProducer();
    }
}

package kr.seoul.sane.catalog.proposals;

import kr.seoul.sane.opssecurity.time.PinnedClock;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import kr.seoul.sane.contracts.EventContracts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counts what the proposal events cost: MongoDB commands (a CommandListener on the service's own client) and
 * catalog.suggested records, for N proposals whose submitted, routed and status-changed events wait in Kafka
 * when the listener starts, then for the same events delivered again.
 */
@SpringBootTest(properties = {"logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN",
        "logging.level.state.change.logger=WARN", "logging.level.org.apache.kafka.clients.NetworkClient=ERROR",
        "logging.level.kr.seoul.sane.catalog.proposals=WARN"})
@org.springframework.context.annotation.Import(PinnedClock.class)
@EmbeddedKafka(partitions = 1,
        topics = {"proposal.submitted", "proposal.routed", "proposal.status-changed", "catalog.suggested",
                "catalog.case-published", "catalog.case-withdrawn", "catalog.institution-upserted"},
        bootstrapServersProperty = "spring.cloud.stream.kafka.binder.brokers")
class ProposalEventBatchTest {

    private static final int PROPOSALS = 20;
    /** Collections the proposal events may touch (the curation topics keep cases and institutions). */
    private static final Set<String> PROPOSAL_COLLECTIONS = Set.of("proposals", "processed_events", "case_drafts");
    private static final MongoServer MONGO = new MongoServer(new MemoryBackend());
    private static final String MONGO_URI = uri(MONGO.bind());
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicBoolean COUNTING = new AtomicBoolean();
    private static final Map<String, AtomicInteger> COMMANDS = new ConcurrentHashMap<>();

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    ConcurrentMessageListenerContainer<String, byte[]> proposalEventContainer;

    @TestConfiguration
    static class CountCommands {
        @Bean
        MongoClientSettingsBuilderCustomizer countingCommandListener() {
            return settings -> settings.addCommandListener(new CommandListener() {
                @Override
                public void commandStarted(CommandStartedEvent event) {
                    org.bson.BsonValue collection = event.getCommand().get(event.getCommandName());
                    if (COUNTING.get() && collection != null && collection.isString()
                            && PROPOSAL_COLLECTIONS.contains(collection.asString().getValue())) {
                        COMMANDS.computeIfAbsent(event.getCommandName(), k -> new AtomicInteger()).incrementAndGet();
                    }
                }
            });
        }
    }

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MONGO_URI);
    }

    private static String uri(java.net.InetSocketAddress address) {
        return "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    @AfterAll
    static void stopMongo() {
        MONGO.shutdownNow();
    }

    @Test
    void aBatchOfProposalsCostsAFewMongoCommandsAndOneSuggestionEach() throws Exception {
        List<ProducerRecord<String, String>> events = new ArrayList<>();
        for (int i = 0; i < PROPOSALS; i++) {
            String proposalId = "cost-" + UUID.randomUUID();
            events.add(event("proposal.submitted", proposalId));
            events.add(event("proposal.routed", proposalId));
            events.add(event("proposal.status-changed", proposalId));
        }
        try (Consumer<String, String> suggested = consumer("catalog.suggested")) {
            Map<String, Integer> first = deliver(events);
            int total = first.values().stream().mapToInt(Integer::intValue).sum();
            System.out.printf("%d proposals (%d events in one go): MongoDB commands %s = %d (%.2f per proposal)%n",
                    PROPOSALS, events.size(), first, total, (double) total / PROPOSALS);
            assertThat(suggestionsFor(suggested, events)).as("one catalog.suggested per proposal").isEqualTo(PROPOSALS);
            assertThat(total).as("MongoDB commands for %d proposals: %s", PROPOSALS, first)
                    .isLessThanOrEqualTo(PROPOSALS / 2);

            Map<String, Integer> again = deliver(events);
            int totalAgain = again.values().stream().mapToInt(Integer::intValue).sum();
            System.out.printf("the same %d events again: MongoDB commands %s = %d%n", events.size(), again, totalAgain);
            assertThat(suggestionsFor(suggested, events)).as("no suggestion for a redelivered event").isZero();
            assertThat(totalAgain).isLessThanOrEqualTo(PROPOSALS / 2);
        }

        List<ProducerRecord<String, String>> one = new ArrayList<>();
        String proposalId = "cost-" + UUID.randomUUID();
        for (String topic : List.of("proposal.submitted", "proposal.routed", "proposal.status-changed")) {
            one.add(event(topic, proposalId));
        }
        Map<String, Integer> single = deliver(one);
        int totalSingle = single.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("1 proposal (3 events): MongoDB commands %s = %d%n", single, totalSingle);
        assertThat(totalSingle).isLessThanOrEqualTo(3);
    }

    @Test
    void anUnreadableEventGoesToTheDeadLetterTopicAndTheEventsAroundItAreHandled() throws Exception {
        ProducerRecord<String, String> before = event("proposal.submitted", "before-poison-" + UUID.randomUUID());
        ProducerRecord<String, String> after = event("proposal.submitted", "after-poison-" + UUID.randomUUID());
        String poisonKey = "poison-" + UUID.randomUUID();
        try (Consumer<String, String> deadLetters = consumer("error.proposal.submitted.catalog-service");
             Consumer<String, String> suggested = consumer("catalog.suggested")) {
            deliver(List.of(before, new ProducerRecord<>("proposal.submitted", poisonKey, "{\"eventId\": 42, oops"),
                    new ProducerRecord<>("proposal.submitted", poisonKey, "{\"type\": \"proposal.submitted\"}"),
                    after));
            List<ConsumerRecord<String, String>> dead = pollUntil(deadLetters, 2, Duration.ofSeconds(30));
            assertThat(dead).extracting(ConsumerRecord::key).containsExactly(poisonKey, poisonKey);
            assertThat(dead.getFirst().headers().lastHeader("kafka_dlt-exception-message")).isNotNull();
            assertThat(dead).extracting(ConsumerRecord::value).first().isEqualTo("{\"eventId\": 42, oops");
            assertThat(suggestionsFor(suggested, List.of(before, after))).as("the events around it").isEqualTo(2);
        }
    }

    private static List<ConsumerRecord<String, String>> pollUntil(Consumer<String, String> consumer, int count,
                                                                  Duration timeout) {
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (seen.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        return seen;
    }

    /** Sends the events while the listener is stopped, starts it, and counts commands until all are committed. */
    private Map<String, Integer> deliver(List<ProducerRecord<String, String>> events) throws Exception {
        proposalEventContainer.stop();
        try (Producer<String, String> producer = producer()) {
            for (ProducerRecord<String, String> e : events) {
                producer.send(e);
            }
            producer.flush();
        }
        COMMANDS.clear();
        COUNTING.set(true);
        proposalEventContainer.start();
        awaitCommitted(Duration.ofSeconds(60));
        COUNTING.set(false);
        Map<String, Integer> counts = new HashMap<>();
        COMMANDS.forEach((k, v) -> counts.put(k, v.get()));
        return counts;
    }

    private void awaitCommitted(Duration timeout) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (String topic : ProposalEventListener.TOPICS) {
                latest.put(new TopicPartition(topic, 0), OffsetSpec.latest());
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                var end = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetAndMetadata> committed = admin
                        .listConsumerGroupOffsets(ProposalEventListener.GROUP).partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS);
                boolean done = end.entrySet().stream().allMatch(e -> e.getValue().offset()
                        <= (committed.get(e.getKey()) == null ? 0 : committed.get(e.getKey()).offset()));
                if (done) {
                    return;
                }
                assertThat(System.nanoTime()).as("events consumed in time").isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    private static int suggestionsFor(Consumer<String, String> consumer, List<ProducerRecord<String, String>> events) {
        Set<String> ids = new java.util.HashSet<>();
        events.forEach(e -> ids.add(e.key()));
        int count = 0;
        long quiet = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < quiet) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                if (ids.contains(r.key())) {
                    count++;
                }
            }
        }
        return count;
    }

    private static ProducerRecord<String, String> event(String topic, String proposalId) {
        ObjectNode event = (ObjectNode) JSON.readTree(EventContracts.example(topic));
        event.put("eventId", UUID.randomUUID().toString());
        event.put("proposalId", proposalId);
        return new ProducerRecord<>(topic, proposalId, JSON.writeValueAsString(event));
    }

    private Producer<String, String> producer() {
        return new DefaultKafkaProducerFactory<>(KafkaTestUtils.producerProps(broker), new StringSerializer(),
                new StringSerializer()).createProducer();
    }

    private Consumer<String, String> consumer(String topic) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "test-" + UUID.randomUUID(), false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Consumer<String, String> consumer = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(),
                new StringDeserializer()).createConsumer();
        consumer.subscribe(List.of(topic));
        return consumer;
    }
}

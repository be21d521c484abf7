package kr.seoul.sane.proposal.tracking;

import kr.seoul.sane.opssecurity.time.FixedDates;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import kr.seoul.sane.contracts.EventContracts;
import kr.seoul.sane.proposal.actions.ProposalStore;
import kr.seoul.sane.proposal.department.DepartmentDirectory;
import kr.seoul.sane.proposal.lifecycle.ProposalTransitions;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.proposal.model.ProposalStatus;
import kr.seoul.sane.proposal.model.TimelineEntry;
import kr.seoul.sane.tracing.EventTracing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch consumer without a broker: a batch of consumed records (as the listener container hands it over) against an
 * in-memory MongoDB whose commands are counted, and a producer that acknowledges every dead letter at once.
 */
class BatchConsumerTest {

    /** When the events of these tests happen. */
    private static final Instant NOW = FixedDates.WEEKDAY.instant();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private MongoServer server;
    private MongoClient client;
    private MongoTemplate mongo;
    private MockProducer<String, byte[]> producer;
    private ProposalEventHandlers handlers;
    private final Map<String, AtomicInteger> commands = new ConcurrentHashMap<>();

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        CommandListener counter = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                commands.computeIfAbsent(event.getCommandName(), n -> new AtomicInteger()).incrementAndGet();
            }
        };
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + server.getLocalAddress().getPort()))
                .addCommandListener(counter)
                .build());
        mongo = new MongoTemplate(client, "consumer-test");
        producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()) {
            @Override
            public void close(java.time.Duration timeout) {
            }
        };
        KafkaTemplate<String, byte[]> kafka = new KafkaTemplate<>(new MockProducerFactory<>(() -> producer));
        DefaultListableBeanFactory none = new DefaultListableBeanFactory();
        EventTracing tracing = new EventTracing(none.getBeanProvider(Tracer.class),
                none.getBeanProvider(Propagator.class));
        DepartmentDirectory departments = new DepartmentDirectory();
        handlers = new ProposalEventHandlers(mongo, null, new ProposalStore(mongo, null, null, new SimpleMeterRegistry()),
                new ProposalTransitions(departments::contains, departments::name), tracing, departments,
                new DeadLetters(kafka, new SimpleMeterRegistry()), new kr.seoul.sane.events.EnvelopeReader());
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void aBatchIsOneBulkWriteAndARedeliveredBatchChangesNothing() {
        int n = 10;
        List<String> ids = new ArrayList<>();
        List<Record> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = stored();
            ids.add(id);
            batch.add(new Record("proposal.routed", id, event("proposal.routed", id)));
            batch.add(new Record("catalog.suggested", id, event("catalog.suggested", id)));
            batch.add(new Record("notification.delivered", id, delivered(id)));
        }
        commands.clear();
        handlers.consume(message(batch));
        // 30 events of 10 proposals: one ordered bulk write ("update"), nothing else
        assertThat(commands.keySet()).containsOnly("update");
        assertThat(commands.get("update").get()).isEqualTo(1);
        for (String id : ids) {
            Proposal p = mongo.findById(id, Proposal.class);
            assertThat(p.getStatus()).isEqualTo(ProposalStatus.ROUTED);
            assertThat(p.getSuggestions()).isNotNull();
            assertThat(p.getProcessedEventIds()).hasSize(3);
            assertThat(p.getTimeline()).hasSize(3); // submitted, routed, delivered
        }

        // the same batch again (a redelivery after a crash before the commit): no second effect
        handlers.consume(message(batch));
        for (String id : ids) {
            Proposal p = mongo.findById(id, Proposal.class);
            assertThat(p.getProcessedEventIds()).hasSize(3);
            assertThat(p.getTimeline()).hasSize(3);
        }
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void unreadableRecordsGoToTheirDeadLetterTopicAndTheRestIsApplied() {
        String id = stored();
        byte[] garbage = "{\"not\": \"an envelope\"".getBytes(StandardCharsets.UTF_8);
        byte[] wrongType = event("catalog.suggested", id);
        handlers.consume(message(List.of(
                new Record("proposal.routed", id, garbage),
                new Record("proposal.triaged", id, wrongType),
                new Record("proposal.routed", id, event("proposal.routed", id)))));

        assertThat(producer.history()).extracting(ProducerRecord::topic)
                .containsExactly("error.proposal.routed.proposal-service", "error.proposal.triaged.proposal-service");
        assertThat(producer.history()).allSatisfy(r -> assertThat(r.key()).isEqualTo(id));
        assertThat(producer.history().getFirst().value()).isEqualTo(garbage);
        assertThat(mongo.findById(id, Proposal.class).getStatus()).isEqualTo(ProposalStatus.ROUTED);
    }

    private record Record(String topic, String key, byte[] value) {
    }

    private static List<ConsumerRecord<String, byte[]>> message(List<Record> records) {
        List<ConsumerRecord<String, byte[]>> polled = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            Record r = records.get(i);
            polled.add(new ConsumerRecord<>(r.topic(), 0, i, r.key(), r.value()));
        }
        return polled;
    }

    private String stored() {
        Proposal p = new Proposal();
        p.setId(new org.bson.types.ObjectId().toHexString());
        p.setTrackingCode("SN-" + p.getId());
        Instant at = NOW.minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
        p.setSubmittedAt(at);
        p.setStatus(ProposalStatus.SUBMITTED);
        p.setTimeline(new ArrayList<>(List.of(new TimelineEntry(ProposalStatus.SUBMITTED, at, null))));
        mongo.insert(p);
        return p.getId();
    }

    private static byte[] event(String type, String proposalId) {
        ObjectNode root = (ObjectNode) JSON.readTree(EventContracts.example(type));
        root.put("eventId", UUID.randomUUID().toString());
        root.put("proposalId", proposalId);
        root.put("occurredAt", NOW.toString());
        return JSON.writeValueAsBytes(root);
    }

    private static byte[] delivered(String proposalId) {
        ObjectNode root = (ObjectNode) JSON.readTree(EventContracts.example("notification.delivered"));
        root.put("eventId", UUID.randomUUID().toString());
        root.put("proposalId", proposalId);
        root.put("occurredAt", NOW.toString());
        ObjectNode payload = (ObjectNode) root.get("payload");
        payload.put("deliveryId", proposalId + ":d");
        payload.put("template", "department-new-proposal");
        payload.put("recipientRole", "DEPARTMENT");
        payload.put("departmentCode", "RESOURCE_CIRCULATION");
        return JSON.writeValueAsBytes(root);
    }
}

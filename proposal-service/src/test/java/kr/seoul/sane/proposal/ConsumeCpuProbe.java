package kr.seoul.sane.proposal;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import kr.seoul.sane.contracts.EventContracts;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.proposal.model.ProposalStatus;
import kr.seoul.sane.proposal.model.TimelineEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A measurement, not a check (runs only with {@code -Dsane.cpuProbe=true}): CPU per consumed event of the
 * consumer thread (and of the whole process, broker included) for 3 events per proposal
 * ({@code proposal.routed}, {@code catalog.suggested}, {@code notification.delivered}), printed.
 */
@EnabledIfSystemProperty(named = "sane.cpuProbe", matches = "true")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "platform.rate-limit-per-minute=0",
        "platform.outbox.sweep-interval-ms=600000",
        "platform.ops.metrics-interval-ms=600000",
        "platform.attachments.janitor-interval-ms=600000"})
@DirtiesContext
@EmbeddedKafka(partitions = 1, topics = {"proposal.submitted", "proposal.routed", "proposal.triaged",
        "catalog.suggested", "proposal.status-changed", "notification.delivered", "notification.failed"})
class ConsumeCpuProbe {

    private static final int N = Integer.getInteger("sane.cpuProbe.n", 2000);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        MongoServer mongoServer = new MongoServer(new MemoryBackend());
        mongoServer.bind("127.0.0.1", 0);
        registry.add("spring.mongodb.uri", () -> "mongodb://127.0.0.1:" + mongoServer.getLocalAddress().getPort());
        registry.add("spring.cloud.stream.kafka.binder.brokers",
                () -> System.getProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS));
    }

    @Autowired
    MongoTemplate mongo;
    @Autowired
    EmbeddedKafkaBroker broker;

    @Test
    void cpuPerConsumedEvent() throws Exception {
        round(300); // warm-up
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long process = os.getProcessCpuTime();
        long consumer = consumerThreadsCpu();
        round(N);
        process = os.getProcessCpuTime() - process;
        consumer = consumerThreadsCpu() - consumer;
        System.out.printf("%nCPU per consumed event over %d events: consumer threads %.3f ms, process %.3f ms%n",
                3 * N, consumer / 1e6 / (3 * N), process / 1e6 / (3 * N));
    }

    private void round(int n) throws Exception {
        List<String> ids = new ArrayList<>();
        List<Proposal> proposals = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Proposal p = new Proposal();
            p.setId(new org.bson.types.ObjectId().toHexString());
            p.setTrackingCode("SN-" + p.getId());
            Instant at = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
            p.setSubmittedAt(at);
            p.setStatus(ProposalStatus.SUBMITTED);
            p.setTimeline(new ArrayList<>(List.of(new TimelineEntry(ProposalStatus.SUBMITTED, at, null))));
            proposals.add(p);
            ids.add(p.getId());
        }
        mongo.insertAll(proposals);
        Map<String, Object> props = KafkaTestUtils.producerProps(broker);
        props.put("key.serializer", StringSerializer.class);
        props.put("value.serializer", StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (String id : ids) {
                producer.send(new ProducerRecord<>("proposal.routed", id, event("proposal.routed", id)));
                producer.send(new ProducerRecord<>("catalog.suggested", id, event("catalog.suggested", id)));
                producer.send(new ProducerRecord<>("notification.delivered", id, delivered(id)));
            }
            producer.flush();
        }
        Query done = new Query(Criteria.where("_id").in(ids).and("processedEventIds.2").exists(true));
        long deadline = System.currentTimeMillis() + 120_000;
        while (mongo.count(done, Proposal.class) < n) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("not consumed in time");
            }
            Thread.sleep(200);
        }
    }

    private static String event(String type, String proposalId) {
        ObjectNode root = (ObjectNode) JSON.readTree(EventContracts.example(type));
        root.put("eventId", UUID.randomUUID().toString());
        root.put("proposalId", proposalId);
        root.put("occurredAt", Instant.now().toString());
        return JSON.writeValueAsString(root);
    }

    private static String delivered(String proposalId) {
        return ProposalServiceIntegrationTest.notificationEvent("notification.delivered", proposalId,
                "department-new-proposal", "DEPARTMENT", "RESOURCE_CIRCULATION", proposalId + ":d", false,
                Instant.now());
    }

    /** CPU of the listener containers' consumer threads (named {@code …-C-n}). */
    private static long consumerThreadsCpu() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains("-C-")) {
                sum += Math.max(threads.getThreadCpuTime(info.getThreadId()), 0);
            }
        }
        return sum;
    }
}

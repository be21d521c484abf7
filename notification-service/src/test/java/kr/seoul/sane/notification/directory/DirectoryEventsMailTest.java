package kr.seoul.sane.notification.directory;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import kr.seoul.sane.contracts.EventContracts;
import kr.seoul.sane.events.EnvelopeReader;
import kr.seoul.sane.opssecurity.time.MutableClock;
import kr.seoul.sane.opssecurity.time.PinnedClock;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The department mailboxes follow routing-service's directory (embedded broker, GreenMail): a new department's mail
 * goes to its own mailbox, a retired one's to its successor's, an older version replayed changes nothing, an
 * unreadable event is skipped, and a new replica rebuilds the same directory by reading the topic from the beginning.
 */
@SpringBootTest(properties = {
        "PLATFORM_OPERATOR_USER=operator",
        "PLATFORM_OPERATOR_PASSWORD=s3cret-for-tests",
        "PLATFORM_OPS_SECRET=ops-secret-for-tests",
        "PLATFORM_LINK_SECRET=test-secret-0123456789-abcdefghijklmnop",
        "sane.notification.reminders.check-interval=1h"})
@org.springframework.context.annotation.Import(PinnedClock.class)
@EmbeddedKafka(partitions = 2, topics = {"proposal.submitted", "proposal.routed", "proposal.status-changed",
        "catalog.suggested", "notification.delivered", "notification.failed", "proposal.erasure-requested",
        "proposal.personal-data-erased", DirectoryFollower.TYPE})
class DirectoryEventsMailTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final MongoServer MONGO = new MongoServer(new MemoryBackend());
    private static final InetSocketAddress MONGO_ADDRESS = MONGO.bind();
    private static final GreenMail GREEN_MAIL = startGreenMail();
    private static final String NEW_MAILBOX = "urban-farming-desk@dept.seoul.example";

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    DepartmentDirectory directory;
    @Autowired
    MeterRegistry meters;
    @Autowired
    EnvelopeReader reader;
    @Autowired
    ConsumerFactory<String, byte[]> intakeConsumerFactory;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri",
                () -> "mongodb://" + MONGO_ADDRESS.getHostString() + ":" + MONGO_ADDRESS.getPort());
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> GREEN_MAIL.getSmtp().getPort());
        registry.add("spring.cloud.stream.kafka.binder.brokers", () -> "${spring.embedded.kafka.brokers}");
    }

    @AfterAll
    static void stop() {
        GREEN_MAIL.stop();
        MONGO.shutdownNow();
    }

    @Test
    void aNewDepartmentsMailGoesToItsOwnMailboxAndARetiredOnesToItsSuccessor() throws Exception {
        try (Producer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(DirectoryFollower.TYPE, "URBAN_FARMING", "not json"));
            producer.send(new ProducerRecord<>(DirectoryFollower.TYPE, "URBAN_FARMING", directoryChanged(
                    "URBAN_FARMING", 1, "urban-farming@dept.seoul.example", "ACTIVE", null)));
            producer.send(new ProducerRecord<>(DirectoryFollower.TYPE, "URBAN_FARMING", directoryChanged(
                    "URBAN_FARMING", 2, NEW_MAILBOX, "ACTIVE", null)));
            // version 1 again (a replay or a late copy): the newer version stays
            producer.send(new ProducerRecord<>(DirectoryFollower.TYPE, "URBAN_FARMING", directoryChanged(
                    "URBAN_FARMING", 1, "urban-farming@dept.seoul.example", "ACTIVE", null)));
            producer.send(new ProducerRecord<>(DirectoryFollower.TYPE, "RESOURCE_CIRCULATION", directoryChanged(
                    "RESOURCE_CIRCULATION", 2, "resource-circulation@dept.seoul.example", "RETIRED", "URBAN_FARMING")));
            producer.flush();
            await(() -> directory.successorOf("RESOURCE_CIRCULATION").isPresent()
                    && directory.find("URBAN_FARMING").map(Department::email).orElse("").equals(NEW_MAILBOX));
            assertThat(meters.counter("sane.notification.directory.changes", "outcome", "unreadable").count())
                    .isEqualTo(1);

            String farming = "6741a3f2c9e77b1d2a5f9001";
            String retired = "6741a3f2c9e77b1d2a5f9002";
            for (String[] routed : new String[][] {{farming, "URBAN_FARMING"}, {retired, "RESOURCE_CIRCULATION"}}) {
                producer.send(new ProducerRecord<>("proposal.submitted", routed[0], event("proposal.submitted", routed[0])));
                ObjectNode event = (ObjectNode) JSON.readTree(event("proposal.routed", routed[0]));
                ObjectNode payload = (ObjectNode) event.path("payload");
                payload.put("departmentCode", routed[1]);
                payload.putArray("supportingDepartments");
                String json = JSON.writeValueAsString(event);
                EventContracts.assertConforms("proposal.routed", json);
                producer.send(new ProducerRecord<>("proposal.routed", routed[0], json));
            }
            producer.flush();
        }
        await(() -> mailsTo(NEW_MAILBOX).size() >= 2);
        List<MimeMessage> departmentMails = mailsTo(NEW_MAILBOX);
        assertThat(departmentMails).hasSize(2);
        assertThat(mailsTo("resource-circulation@dept.seoul.example")).isEmpty();
        assertThat(mailsTo("urban-farming@dept.seoul.example")).isEmpty();

        // a new replica: an empty directory reads the topic from the beginning and ends where this one is
        DepartmentDirectory replica = new DepartmentDirectory(JSON);
        ConcurrentMessageListenerContainer<String, byte[]> container = new DirectoryListener().directoryContainer(
                intakeConsumerFactory, new DirectoryFollower(replica, reader), reader, new SimpleMeterRegistry(),
                DirectoryFollower.TYPE);
        container.start();
        try {
            await(() -> replica.successorOf("RESOURCE_CIRCULATION").isPresent()
                    && replica.find("URBAN_FARMING").map(Department::email).orElse("").equals(NEW_MAILBOX));
            assertThat(replica.successorOf("RESOURCE_CIRCULATION")).contains("URBAN_FARMING");
            assertThat(replica.nameOf("URBAN_FARMING")).isEqualTo("도시농업과");
        } finally {
            container.stop();
        }
    }

    private static String directoryChanged(String code, int version, String email, String status, String successor) {
        ObjectNode event = (ObjectNode) JSON.readTree(EventContracts.example(DirectoryFollower.TYPE));
        event.put("eventId", UUID.randomUUID().toString());
        event.put("proposalId", code);
        ObjectNode payload = (ObjectNode) event.path("payload");
        payload.put("version", version);
        payload.put("change", "RETIRED".equals(status) ? "RETIRED" : version == 1 ? "ADDED" : "EDITED");
        ObjectNode department = (ObjectNode) payload.path("department");
        department.put("code", code);
        if (!"URBAN_FARMING".equals(code)) {
            department.put("name", "자원순환과");
        }
        department.put("email", email);
        department.put("status", status);
        department.put("successorCode", successor);
        String json = JSON.writeValueAsString(event);
        EventContracts.assertConforms(DirectoryFollower.TYPE, json);
        return json;
    }

    private static String event(String type, String proposalId) {
        String json = EventContracts.example(type)
                .replaceFirst("\"eventId\": \"[^\"]+\"", "\"eventId\": \"" + UUID.randomUUID() + "\"")
                .replace("6741a3f2c9e77b1d2a5f0c11", proposalId)
                .replaceFirst("\"occurredAt\": \"[^\"]+\"", "\"occurredAt\": \"" + MutableClock.START + "\"");
        EventContracts.assertConforms(type, json);
        return json;
    }

    private static List<MimeMessage> mailsTo(String address) {
        return Arrays.stream(GREEN_MAIL.getReceivedMessages()).filter(m -> {
            try {
                Address[] to = m.getAllRecipients();
                return to != null && Arrays.stream(to).anyMatch(a -> a.toString().contains(address));
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private Producer<String, String> producer() {
        Map<String, Object> props = KafkaTestUtils.producerProps(broker);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return new KafkaProducer<>(props);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(condition.getAsBoolean()).as("within 60 s").isTrue();
    }

    private static GreenMail startGreenMail() {
        GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        return mail;
    }
}

package kr.seoul.sane.notification;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import kr.seoul.sane.opssecurity.time.PinnedClock;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.InetSocketAddress;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Far more mails than the senders' queue holds (4) arrive at once, and the poll is too slow to matter (every 10 min,
 * a recorded mail due only after 10 min): every mail still leaves within a minute, because the senders refill their
 * queue from the store whenever it is half empty (the claimed ones first, then the PENDING ones whose trigger found
 * no room). Without the refill the mails beyond the queue would wait for the poll.
 */
@SpringBootTest(properties = {
        "PLATFORM_OPERATOR_USER=operator",
        "PLATFORM_OPERATOR_PASSWORD=s3cret-for-tests",
        "PLATFORM_OPS_SECRET=ops-secret-for-tests",
        "PLATFORM_LINK_SECRET=test-secret-0123456789-abcdefghijklmnop",
        "sane.notification.reminders.check-interval=1h",
        "sane.notification.dispatch.queue-capacity=4",
        "sane.notification.dispatch.poll-interval=10m",
        "sane.notification.dispatch.pending-grace=10m"})
@org.springframework.context.annotation.Import(PinnedClock.class)
@EmbeddedKafka(partitions = 2, topics = {"proposal.submitted", "proposal.routed", "proposal.status-changed",
        "catalog.suggested", "notification.delivered", "notification.failed", "proposal.erasure-requested",
        "proposal.personal-data-erased"})
class BacklogDrainTest {

    private static final int PROPOSALS = 40;
    private static final MongoServer MONGO = new MongoServer(new MemoryBackend());
    private static final InetSocketAddress MONGO_ADDRESS = MONGO.bind();
    private static final ServerSetup SMTP = new ServerSetup(NotificationCostTest.freePort(), "127.0.0.1",
            ServerSetup.PROTOCOL_SMTP);
    private static final GreenMail GREEN_MAIL = NotificationCostTest.startGreenMail(SMTP);

    @Autowired
    EmbeddedKafkaBroker broker;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        NotificationCostTest.infrastructure(registry, MONGO_ADDRESS, SMTP);
    }

    @Test
    void aBacklogLargerThanTheQueueDrainsWithoutThePoll() throws Exception {
        Map<String, Object> props = KafkaTestUtils.producerProps(broker);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (Producer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < PROPOSALS; i++) {
                String proposalId = String.format("6741a3f2c9e77b1d2a5f%04d", 7000 + i);
                String applicant = "backlog." + i + "@example.org";
                producer.send(new ProducerRecord<>("proposal.submitted", proposalId,
                        NotificationCostTest.event("proposal.submitted", proposalId, applicant)));
                producer.send(new ProducerRecord<>("proposal.routed", proposalId,
                        NotificationCostTest.event("proposal.routed", proposalId, applicant)));
            }
            producer.flush();
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (GREEN_MAIL.getReceivedMessages().length < 3 * PROPOSALS && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        // receipt, routed note and department mail of each proposal, each once
        assertThat(GREEN_MAIL.getReceivedMessages()).hasSize(3 * PROPOSALS);
    }
}

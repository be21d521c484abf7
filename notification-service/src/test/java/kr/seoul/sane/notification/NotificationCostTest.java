package kr.seoul.sane.notification;

import kr.seoul.sane.opssecurity.time.MutableClock;
import kr.seoul.sane.opssecurity.time.PinnedClock;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import kr.seoul.sane.contracts.EventContracts;
import kr.seoul.sane.notification.delivery.DeliveryStatus;
import kr.seoul.sane.notification.delivery.DeliveryStore;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the service costs per proposal, counted: N proposals' events (proposal.submitted, catalog.suggested,
 * proposal.routed) in, 3N mails and 3N notification.delivered out; MongoDB commands (a CommandListener on the
 * driver), Kafka records sent and consumer polls/commits (client interceptors), SMTP connections opened. The bounds
 * are upper bounds on counts, not on time.
 */
@SpringBootTest(properties = {
        "PLATFORM_OPERATOR_USER=operator",
        "PLATFORM_OPERATOR_PASSWORD=s3cret-for-tests",
        "PLATFORM_OPS_SECRET=ops-secret-for-tests",
        "PLATFORM_LINK_SECRET=test-secret-0123456789-abcdefghijklmnop",
        "sane.notification.reminders.check-interval=1h",
        "spring.cloud.stream.kafka.binder.consumer-properties.interceptor.classes="
                + "kr.seoul.sane.notification.NotificationCostTest$Polls",
        "spring.cloud.stream.kafka.binder.producer-properties.interceptor.classes="
                + "kr.seoul.sane.notification.NotificationCostTest$Sends"})
@org.springframework.context.annotation.Import(PinnedClock.class)
@EmbeddedKafka(partitions = 6, topics = {"proposal.submitted", "proposal.routed", "proposal.status-changed",
        "catalog.suggested", "notification.delivered", "notification.failed", "proposal.erasure-requested",
        "proposal.personal-data-erased"})
class NotificationCostTest {

    private static final int PROPOSALS = 20;
    /**
     * Mongo commands per proposal (3 mails): the contacts (whose upserts are the erasure check), deliveries, reminder
     * clocks and suggestions of a whole polled batch in one bulk write each, the suggestions the batch's department
     * mails show read in one query, SENT marks and outbox clears in bulk (measured 2.05-2.35 on a quiet machine; 3.40
     * while the other modules' tests ran beside it: a poll brings fewer records then, so there are more batches;
     * 6.40 with the contact, the reminder clock and the suggestions written, and the suggestions read, once per event;
     * 10 with one insert per event). The bound lies between the batched and the per-event figures.
     */
    private static final double MAX_COMMANDS_PER_PROPOSAL = 4.5;

    private static final MongoServer MONGO = new MongoServer(new MemoryBackend());
    private static final InetSocketAddress MONGO_ADDRESS = MONGO.bind();
    private static final ServerSetup SMTP = new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
    private static final GreenMail GREEN_MAIL = startGreenMail(SMTP);

    /** MongoDB commands by name, counted while {@link #counting} is on (not those of scheduled background work). */
    static final Map<String, AtomicInteger> COMMANDS = new ConcurrentHashMap<>();
    static volatile boolean counting;
    /** The test itself (its checks while waiting are not the service's work). */
    static volatile Thread testThread;

    @TestConfiguration
    static class CountCommands {
        @Bean
        MongoClientSettingsBuilderCustomizer commandCounter() {
            CommandListener listener = new CommandListener() {
                @Override
                public void commandStarted(CommandStartedEvent event) {
                    if (counting && !Thread.currentThread().getName().startsWith("scheduling-")
                            && Thread.currentThread() != testThread) {
                        COMMANDS.computeIfAbsent(event.getCommandName(), k -> new AtomicInteger()).incrementAndGet();
                    }
                }
            };
            return settings -> settings.addCommandListener(listener);
        }
    }

    /** Polls that returned records and offset commits of the service's consumers. */
    public static final class Polls implements ConsumerInterceptor<Object, Object> {
        static final AtomicLong POLLS = new AtomicLong();
        static final AtomicLong RECORDS = new AtomicLong();
        static final AtomicLong COMMITS = new AtomicLong();

        @Override
        public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
            if (counting && !records.isEmpty()) {
                POLLS.incrementAndGet();
                RECORDS.addAndGet(records.count());
            }
            return records;
        }

        @Override
        public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
            if (counting) {
                COMMITS.incrementAndGet();
            }
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }

    /** Records the service's producers send. */
    public static final class Sends implements ProducerInterceptor<Object, Object> {
        static final AtomicLong SENT = new AtomicLong();

        @Override
        public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
            if (counting) {
                SENT.incrementAndGet();
            }
            return record;
        }

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    DeliveryStore deliveries;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    MeterRegistry meters;
    @Autowired
    kr.seoul.sane.notification.config.NotificationProperties properties;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        infrastructure(registry, MONGO_ADDRESS, SMTP);
    }

    /** The in-JVM store, SMTP server and broker of a cost or load test. */
    static void infrastructure(DynamicPropertyRegistry registry, InetSocketAddress mongo, ServerSetup smtp) {
        registry.add("spring.mongodb.uri", () -> "mongodb://" + mongo.getHostString() + ":" + mongo.getPort());
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", smtp::getPort);
        registry.add("spring.cloud.stream.kafka.binder.brokers", () -> "${spring.embedded.kafka.brokers}");
    }

    @Test
    void aProposalCostsABoundedNumberOfRoundTrips() throws Exception {
        testThread = Thread.currentThread();
        // the first round warms the JVM up (the thread CPU printed below is of the second round); not counted
        proposals(0);
        await(Duration.ofSeconds(90), () -> done(1));
        Thread.sleep(1000);
        double connectionsBefore = smtpConnections();
        double batchesBefore = outboxBatches();
        double producedBefore = producerRecordsSent();
        Map<Long, Long> cpuBefore = threadCpu();
        counting = true;
        proposals(PROPOSALS);
        await(Duration.ofSeconds(60), () -> done(2));
        Thread.sleep(1500); // anything late would be counted too
        counting = false;
        printCpuByThreadGroup(cpuBefore);

        int commands = COMMANDS.values().stream().mapToInt(AtomicInteger::get).sum();
        double perProposal = commands / (double) PROPOSALS;
        System.out.printf("per proposal: %.2f MongoDB commands %s, %.2f Kafka records sent, %.2f polls with "
                        + "records (%d records), %.2f commits, %.2f SMTP connections, %.0f outbox batches%n",
                perProposal, new TreeMap<>(COMMANDS), Sends.SENT.get() / (double) PROPOSALS,
                Polls.POLLS.get() / (double) PROPOSALS, Polls.RECORDS.get(),
                Polls.COMMITS.get() / (double) PROPOSALS, (smtpConnections() - connectionsBefore) / PROPOSALS,
                outboxBatches() - batchesBefore);

        assertThat(GREEN_MAIL.getReceivedMessages()).hasSize(2 * 3 * PROPOSALS);
        assertThat(perProposal).isLessThanOrEqualTo(MAX_COMMANDS_PER_PROPOSAL);
        assertThat(Sends.SENT.get()).isEqualTo(3 * PROPOSALS);
        // batch consumption: a poll brings many records (one binding per topic needed 0.5-0.9 polls per proposal)
        assertThat(Polls.POLLS.get()).isLessThanOrEqualTo(Polls.RECORDS.get() / 4);
        assertThat(Polls.COMMITS.get()).isLessThanOrEqualTo(Polls.RECORDS.get() / 4);
        // the deliveries of a polled batch are written by one bulk insert (one per event before)
        assertThat(COMMANDS.getOrDefault("insert", new AtomicInteger()).get()).isLessThanOrEqualTo((int) Polls.POLLS.get());
        // the outbox goes out in batches, each cleared by one bulk write
        assertThat(outboxBatches() - batchesBefore).isLessThan(3 * PROPOSALS);
        // no separate claim: the insert claims the delivery (only an applicant mail that waited in the queue over
        // 2 s is read again, so that an erasure meanwhile is honoured)
        assertThat(COMMANDS.getOrDefault("findAndModify", new AtomicInteger()).get())
                .isLessThanOrEqualTo(3 * PROPOSALS / 10);
        // each sender keeps its connection: at most one per sender, however many mails
        assertThat(smtpConnections() - connectionsBefore).isLessThanOrEqualTo(properties.dispatch().senders());
        // the outbox producer's client metrics are published (what a benchmark reads from /actuator/prometheus)
        assertThat(producerRecordsSent() - producedBefore).isEqualTo(3 * PROPOSALS);
        long smtpBytes = 0;
        for (var message : GREEN_MAIL.getReceivedMessages()) {
            var bytes = new java.io.ByteArrayOutputStream();
            message.writeTo(bytes);
            smtpBytes += bytes.size();
        }
        System.out.printf("SMTP bytes per mail: %d%n", smtpBytes / GREEN_MAIL.getReceivedMessages().length);
    }

    /** {@code kafka_producer_record_send_total} of the outbox's producer (MicrometerProducerListener). */
    private double producerRecordsSent() {
        return meters.find("kafka.producer.record.send.total").functionCounters().stream()
                .filter(c -> String.valueOf(c.getId().getTag("client.id")).startsWith("notification-service-outbox"))
                .mapToDouble(c -> c.count()).sum();
    }

    /** All mails of the first {@code rounds} rounds sent and their events acknowledged and cleared. */
    private boolean done(int rounds) {
        int mails = rounds * 3 * PROPOSALS;
        return GREEN_MAIL.getReceivedMessages().length >= mails
                && deliveries.countByStatus(DeliveryStatus.SENT) == mails
                && mongo.count(Query.query(Criteria.where("pendingEvent").exists(true)), "deliveries") == 0;
    }

    private double outboxBatches() {
        Counter batches = meters.find("sane.notification.outbox.batches").counter();
        return batches == null ? Double.NaN : batches.count();
    }

    private void proposals(int offset) {
        try (Producer<String, String> producer = producer()) {
            for (int i = offset; i < offset + PROPOSALS; i++) {
                String proposalId = String.format("6741a3f2c9e77b1d2a5f%04d", i);
                String applicant = "cost." + i + "@example.org";
                send(producer, "proposal.submitted", proposalId, event("proposal.submitted", proposalId, applicant));
                send(producer, "catalog.suggested", proposalId, event("catalog.suggested", proposalId, applicant));
                send(producer, "proposal.routed", proposalId, event("proposal.routed", proposalId, applicant));
            }
            producer.flush();
        }
    }

    /** CPU of the service's own threads (consumers, senders, relay) versus the in-JVM broker, store and SMTP. */
    private static void printCpuByThreadGroup(Map<Long, Long> before) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Long> byGroup = new TreeMap<>();
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long used = threads.getThreadCpuTime(info.getThreadId()) - before.getOrDefault(info.getThreadId(), 0L);
            String group = info.getThreadName().replaceAll("KafkaConsumerDestination\\{consumerDestinationName='([^']+)'.*",
                    "consumer $1").replaceAll("[-_#]?\\d+", "").replaceAll("\\s+", " ");
            byGroup.merge(group, used, Long::sum);
        }
        StringBuilder line = new StringBuilder("CPU ms per proposal by thread group:");
        byGroup.entrySet().stream().filter(e -> e.getValue() > 1_000_000L * PROPOSALS / 10)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> line.append(String.format(" %s=%.2f", e.getKey(), e.getValue() / 1e6 / PROPOSALS)));
        System.out.println(line);
    }

    private static Map<Long, Long> threadCpu() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new java.util.HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            cpu.put(id, threads.getThreadCpuTime(id));
        }
        return cpu;
    }

    private double smtpConnections() {
        Counter opened = meters.find("sane.mail.smtp.connections").counter();
        return opened == null ? Double.NaN : opened.count();
    }

    static String event(String type, String proposalId, String applicant) {
        String json = EventContracts.example(type)
                .replaceFirst("\"eventId\": \"[^\"]+\"", "\"eventId\": \"" + UUID.randomUUID() + "\"")
                .replace("6741a3f2c9e77b1d2a5f0c11", proposalId)
                .replace("seoyeon.kim@example.org", applicant)
                // routed at the service's (pinned) now: no reminder is due
                .replaceFirst("\"occurredAt\": \"[^\"]+\"", "\"occurredAt\": \"" + MutableClock.START + "\"");
        EventContracts.assertConforms(type, json);
        return json;
    }

    private Producer<String, String> producer() {
        Map<String, Object> props = KafkaTestUtils.producerProps(broker);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return new KafkaProducer<>(props);
    }

    private static void send(Producer<String, String> producer, String topic, String key, String json) {
        producer.send(new ProducerRecord<>(topic, key, json));
    }

    private static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    static GreenMail startGreenMail(ServerSetup smtp) {
        GreenMail mail = new GreenMail(smtp);
        mail.start();
        return mail;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

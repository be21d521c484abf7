package kr.seoul.sane.catalog.curation;

import kr.seoul.sane.catalog.kafka.CatalogKafkaClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The catalogue's own topics, reached with plain Kafka clients: sending curation events (acks=all, idempotent
 * producer, each send confirmed before the read model changes) and reading the topics from their beginning for a
 * rebuild. The replay uses no consumer group, so it never moves the live listener's committed offsets.
 */
@Component
public class CatalogEventLog implements DisposableBean {

    public static final String CASE_PUBLISHED = "catalog.case-published";
    public static final String CASE_WITHDRAWN = "catalog.case-withdrawn";
    public static final String INSTITUTION_UPSERTED = "catalog.institution-upserted";
    public static final List<String> TOPICS = List.of(CASE_PUBLISHED, CASE_WITHDRAWN, INSTITUTION_UPSERTED);
    /** The catalogue topics are the source of the read models: records never expire, by time or by size. */
    static final Map<String, String> KEEP_FOREVER = Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1",
            TopicConfig.RETENTION_BYTES_CONFIG, "-1");

    private static final Logger log = LoggerFactory.getLogger(CatalogEventLog.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(40);

    private final String brokers;
    private final Duration replayTimeout;
    private volatile KafkaProducer<String, byte[]> producer;
    private volatile boolean topicsChecked;

    public CatalogEventLog(@Value("${spring.cloud.stream.kafka.binder.brokers:127.0.0.1:9092}") String brokers,
                           @Value("${catalog.replay-timeout:PT2M}") Duration replayTimeout) {
        this.brokers = brokers;
        this.replayTimeout = replayTimeout;
    }

    /** One record to send: topic (= event type), key (case or institution id) and the JSON envelope. */
    public record Outgoing(String topic, String key, byte[] value) {
    }

    /** Sends every record and waits until the broker has confirmed all of them; throws when any fails. */
    public void sendAll(List<Outgoing> records) {
        if (records.isEmpty()) {
            return;
        }
        ensureTopics();
        KafkaProducer<String, byte[]> p = producer();
        List<Future<RecordMetadata>> pending = new ArrayList<>();
        for (Outgoing r : records) {
            pending.add(p.send(new ProducerRecord<>(r.topic(), r.key(), r.value())));
        }
        p.flush();
        long deadline = System.nanoTime() + SEND_TIMEOUT.toNanos();
        try {
            for (Future<RecordMetadata> f : pending) {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending catalogue events", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("catalogue events were not confirmed by Kafka", e);
        }
    }

    /**
     * Reads every catalogue topic from its beginning up to the end offsets seen when the replay starts and hands
     * each record's value to {@code sink} (in offset order within a partition). Answers the number of records.
     */
    public int replay(Consumer<byte[]> sink) {
        ensureTopics();
        return replay(TOPICS, "catalog-service-replay", r -> sink.accept(r.value()));
    }

    /**
     * Reads {@code topics} from their beginning up to the end offsets seen when the replay starts, without a consumer
     * group (no committed offset moves), and hands each record with a value to {@code sink} (in offset order within
     * a partition). Answers the number of records.
     */
    public int replay(List<String> topics, String clientId, Consumer<ConsumerRecord<String, byte[]>> sink) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        int count = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                if (infos != null) {
                    infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
            long deadline = System.nanoTime() + replayTimeout.toNanos();
            while (!reachedEnd(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("replay of " + topics + " did not reach the end within "
                            + replayTimeout + " (read " + count + " events)");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() < end.getOrDefault(new TopicPartition(r.topic(), r.partition()), 0L)
                            && r.value() != null) {
                        sink.accept(r);
                        count++;
                    }
                }
            }
        }
        return count;
    }

    private static boolean reachedEnd(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), Duration.ofSeconds(30)) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Creates the catalogue topics unless they exist (the seeder sends before the listeners subscribe),
     * with unlimited retention: the read models are rebuilt by replaying them, so they must never expire. An
     * existing topic gets the same retention (a no-op when it already has it).
     */
    private void ensureTopics() {
        if (topicsChecked) {
            return;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
            for (String topic : TOPICS) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())
                                    .configs(KEEP_FOREVER)))
                            .all().get(30, TimeUnit.SECONDS);
                    log.info("created topic {} with unlimited retention", topic);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof TopicExistsException) {
                        keepForever(admin, topic);
                    } else {
                        log.warn("could not create topic {}: {}", topic, e.getCause().toString());
                    }
                }
            }
            topicsChecked = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            log.warn("could not check the catalogue topics: {}", e.toString());
        }
    }

    private static void keepForever(Admin admin, String topic) throws InterruptedException, TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        List<AlterConfigOp> ops = KEEP_FOREVER.entrySet().stream()
                .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
                .toList();
        try {
            admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            log.warn("could not set unlimited retention on topic {}: {}", topic, e.getCause().toString());
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        KafkaProducer<String, byte[]> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(
                            CatalogKafkaClients.producerProperties(brokers, "catalog-service-curation"),
                            new StringSerializer(), new ByteArraySerializer());
                }
                p = producer;
            }
        }
        return p;
    }

    @Override
    public void destroy() {
        KafkaProducer<String, byte[]> p = producer;
        if (p != null) {
            p.close(Duration.ofSeconds(5));
        }
    }
}

package kr.seoul.sane.notification.ops;

import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The binder's dead-letter topics of this service ({@code error.<topic>.notification-service}), read with a plain
 * consumer from the beginning (no consumer group, nothing committed) and bounded in records and time; a replay
 * publishes one record again to its original topic.
 */
@Component
class DeadLetters {

    static final Pattern DLQ_TOPIC = Pattern.compile("^error\\.(.+)\\.notification-service$");
    private static final Pattern CAUSED_BY = Pattern.compile("(?m)^Caused by: ([\\w.$]+)");
    private static final Pattern LEGAL_TOPIC = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final Duration READ_BUDGET = Duration.ofSeconds(10);
    private static final int MAX_TEXT = 2000;

    private final String brokers;
    private volatile KafkaProducer<String, byte[]> producer;

    DeadLetters(@Value("${spring.cloud.stream.kafka.binder.brokers}") String brokers) {
        this.brokers = brokers;
    }

    /** A dead letter as operators see it. */
    record Entry(String topic, int partition, long offset, Instant timestamp, String key, String originalTopic,
                 String errorClass, String errorCause, String error, String value) {
    }

    record Listing(List<Entry> items, long total, boolean truncated) {
    }

    Listing list(int limit) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.listTopics(Duration.ofSeconds(5)).forEach((topic, infos) -> {
                if (DLQ_TOPIC.matcher(topic).matches()) {
                    for (PartitionInfo info : infos) {
                        partitions.add(new TopicPartition(topic, info.partition()));
                    }
                }
            });
            if (partitions.isEmpty()) {
                return new Listing(List.of(), 0, false);
            }
            partitions.sort(Comparator.comparing(TopicPartition::topic).thenComparing(TopicPartition::partition));
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long total = 0;
            List<TopicPartition> pending = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                long size = end.get(partition) - begin.get(partition);
                total += size;
                if (size > 0) {
                    pending.add(partition);
                }
            }
            List<Entry> items = new ArrayList<>();
            if (pending.isEmpty()) {
                return new Listing(items, 0, false);
            }
            consumer.assign(pending);
            consumer.seekToBeginning(pending);
            long deadline = System.nanoTime() + READ_BUDGET.toNanos();
            Map<TopicPartition, Long> position = new HashMap<>(begin);
            while (items.size() < limit && System.nanoTime() < deadline
                    && pending.stream().anyMatch(p -> position.get(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(300))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    position.put(partition, record.offset() + 1);
                    if (record.offset() < end.get(partition) && items.size() < limit) {
                        items.add(entry(record));
                    }
                }
            }
            return new Listing(items, total, items.size() < total);
        }
    }

    /**
     * Records waiting in each dead-letter topic of this service: end offsets minus beginning offsets, summed over
     * the partitions (offsets only; no record is read).
     */
    Map<String, Long> sizes() {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.listTopics(Duration.ofSeconds(5)).forEach((topic, infos) -> {
                if (DLQ_TOPIC.matcher(topic).matches()) {
                    for (PartitionInfo info : infos) {
                        partitions.add(new TopicPartition(topic, info.partition()));
                    }
                }
            });
            Map<String, Long> sizes = new HashMap<>();
            if (partitions.isEmpty()) {
                return sizes;
            }
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, Duration.ofSeconds(5));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(5));
            for (TopicPartition partition : partitions) {
                long size = Math.max(0, end.getOrDefault(partition, 0L) - begin.getOrDefault(partition, 0L));
                sizes.merge(partition.topic(), size, Long::sum);
            }
            return sizes;
        }
    }

    /** The record at that place, if it is still there. */
    Optional<ConsumerRecord<String, byte[]>> find(String topic, int partition, long offset) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            TopicPartition place = new TopicPartition(topic, partition);
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (infos == null || infos.stream().noneMatch(i -> i.partition() == partition)) {
                return Optional.empty();
            }
            long begin = consumer.beginningOffsets(List.of(place)).get(place);
            long end = consumer.endOffsets(List.of(place)).get(place);
            if (offset < begin || offset >= end) {
                return Optional.empty();
            }
            consumer.assign(List.of(place));
            consumer.seek(place, offset);
            long deadline = System.nanoTime() + READ_BUDGET.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(300))) {
                    if (record.offset() == offset) {
                        return Optional.of(record);
                    }
                    if (record.offset() > offset) {
                        return Optional.empty();
                    }
                }
            }
            return Optional.empty();
        }
    }

    /** Only this service's dead-letter topics can be read and replayed (and only legal Kafka topic names). */
    static boolean isDeadLetterTopic(String topic) {
        return topic != null && topic.length() <= 249 && LEGAL_TOPIC.matcher(topic).matches()
                && DLQ_TOPIC.matcher(topic).matches();
    }

    /**
     * Replays the dead letter at that place to its original topic; empty when no record is there. The caller has
     * checked the topic with {@link #isDeadLetterTopic}.
     */
    Optional<RecordMetadata> replayAt(String topic, int partition, long offset)
            throws ExecutionException, InterruptedException, TimeoutException {
        Optional<ConsumerRecord<String, byte[]>> record = find(topic, partition, offset);
        if (record.isEmpty()) {
            return Optional.empty();
        }
        RecordMetadata sent = replay(record.get());
        log.info("dead letter {}/{}/{} replayed to {}/{}/{}", topic, partition, offset, sent.topic(),
                sent.partition(), sent.offset());
        return Optional.of(sent);
    }

    /** Publishes the record's key and value to its original topic; waits for the broker's acknowledgement. */
    RecordMetadata replay(ConsumerRecord<String, byte[]> record)
            throws ExecutionException, InterruptedException, TimeoutException {
        String target = originalTopic(record);
        ProducerRecord<String, byte[]> copy = new ProducerRecord<>(target, record.key(), record.value());
        copy.headers().add("x-replayed-from", (record.topic() + "/" + record.partition() + "/" + record.offset())
                .getBytes(StandardCharsets.UTF_8));
        return producer().send(copy).get(15, TimeUnit.SECONDS);
    }

    static String originalTopic(ConsumerRecord<String, byte[]> record) {
        String header = header(record, "kafka_dlt-original-topic");
        if (header == null) {
            header = header(record, "x-original-topic");
        }
        if (header != null && !header.isBlank()) {
            return header;
        }
        Matcher matcher = DLQ_TOPIC.matcher(record.topic());
        return matcher.matches() ? matcher.group(1) : record.topic();
    }

    private static Entry entry(ConsumerRecord<String, byte[]> record) {
        String error = header(record, "kafka_dlt-exception-message");
        if (error == null) {
            error = header(record, "x-exception-message");
        }
        String errorClass = header(record, "kafka_dlt-exception-fqcn");
        if (errorClass == null) {
            errorClass = header(record, "x-exception-fqcn");
        }
        // the innermost cause says what went wrong (the outer exceptions are the listener's wrappers)
        String stackTrace = header(record, "kafka_dlt-exception-stacktrace");
        String errorCause = rootCause(stackTrace != null ? stackTrace : header(record, "x-exception-stacktrace"));
        if (errorCause == null) {
            errorCause = header(record, "kafka_dlt-exception-cause-fqcn");
        }
        return new Entry(record.topic(), record.partition(), record.offset(),
                record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : null, record.key(),
                originalTopic(record), cut(errorClass), cut(errorCause), cut(error),
                record.value() == null ? null : cut(new String(record.value(), StandardCharsets.UTF_8)));
    }

    /**
     * The class of the innermost "Caused by:" of a stack trace: the listener's exception is a wrapper
     * ({@code ListenerExecutionFailedException}, the binder's {@code MessagingException}); the cause says what went
     * wrong.
     */
    static String rootCause(String stackTrace) {
        if (stackTrace == null) {
            return null;
        }
        Matcher cause = CAUSED_BY.matcher(stackTrace);
        String last = null;
        while (cause.find()) {
            last = cause.group(1);
        }
        return last;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String cut(String value) {
        return value == null || value.length() <= MAX_TEXT ? value : value.substring(0, MAX_TEXT) + "…";
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "notification-service-dlq-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(props);
    }

    private KafkaProducer<String, byte[]> producer() {
        KafkaProducer<String, byte[]> current = producer;
        if (current == null) {
            synchronized (this) {
                current = producer;
                if (current == null) {
                    Map<String, Object> props = new HashMap<>();
                    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
                    props.put(ProducerConfig.ACKS_CONFIG, "all");
                    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
                    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
                    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
                    current = new KafkaProducer<>(props);
                    producer = current;
                }
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        KafkaProducer<String, byte[]> current = producer;
        if (current != null) {
            current.close(Duration.ofSeconds(2));
        }
    }
}

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
import org.springframework.kafka.support.KafkaHeaders;
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
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platform's dead-letter topics ({@code error.<topic>.<service>}, found by {@link DeadLetterTopics}), read with a
 * plain consumer from the beginning (no consumer group, nothing committed) and bounded in records and time; a replay
 * publishes one record again to the source topic its dead-letter topic's name gives, if the platform consumes it.
 */
@Component
class DeadLetters {

    private static final Pattern CAUSED_BY = Pattern.compile("(?m)^Caused by: ([\\w.$]+)");
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final Duration READ_BUDGET = Duration.ofSeconds(10);
    private static final int MAX_TEXT = 2000;

    private final String brokers;
    private final DeadLetterTopics topics;
    private volatile KafkaProducer<String, byte[]> producer;

    DeadLetters(@Value("${spring.cloud.stream.kafka.binder.brokers}") String brokers, DeadLetterTopics topics) {
        this.brokers = brokers;
        this.topics = topics;
    }

    /**
     * A dead letter as operators see it: {@code originalTopic} is the source topic of its dead-letter topic's name,
     * {@code replayable} whether a replay may send it there.
     */
    record Entry(String topic, int partition, long offset, Instant timestamp, String key, String service,
                 String originalTopic, boolean replayable, String errorClass, String errorCause, String error,
                 String value) {
    }

    record Listing(List<Entry> items, long total, boolean truncated) {
    }

    /** A dead-letter topic and the records waiting in it. */
    record TopicSize(DeadLetterTopic topic, long size) {
    }

    /** Up to {@code limit} dead letters of the topics {@code which} accepts, topic by topic from the beginning. */
    Listing list(int limit, Predicate<DeadLetterTopic> which) {
        List<TopicPartition> partitions = topics.all().stream().filter(t -> which.test(t.topic()))
                .flatMap(t -> t.partitions().stream()).toList();
        if (partitions.isEmpty()) {
            return new Listing(List.of(), 0, false);
        }
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
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
            // grouped as the topics are: by service, then source topic, then place
            items.sort(Comparator.comparing((Entry e) -> String.valueOf(e.service()))
                    .thenComparing(e -> String.valueOf(e.originalTopic())).thenComparing(Entry::topic)
                    .thenComparingInt(Entry::partition).thenComparingLong(Entry::offset));
            return new Listing(items, total, items.size() < total);
        }
    }

    /**
     * Records waiting in each dead-letter topic: end offsets minus beginning offsets, summed over the partitions
     * (offsets only; no record is read).
     */
    List<TopicSize> sizes() {
        List<DeadLetterTopics.Partitions> all = topics.all();
        List<TopicPartition> partitions = all.stream().flatMap(t -> t.partitions().stream()).toList();
        if (partitions.isEmpty()) {
            return List.of();
        }
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, Duration.ofSeconds(5));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(5));
            return all.stream().map(t -> new TopicSize(t.topic(), t.partitions().stream().mapToLong(
                    p -> Math.max(0, end.getOrDefault(p, 0L) - begin.getOrDefault(p, 0L))).sum())).toList();
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

    /**
     * Replays the dead letter at that place to its topic's replay target; empty when no record is there. The caller
     * has checked that the topic has one ({@link DeadLetterTopic#replayTarget}).
     */
    Optional<RecordMetadata> replayAt(DeadLetterTopic topic, int partition, long offset)
            throws ExecutionException, InterruptedException, TimeoutException {
        String target = topic.replayTarget().orElseThrow(
                () -> new IllegalArgumentException(topic.name() + " has no topic to replay to"));
        Optional<ConsumerRecord<String, byte[]>> record = find(topic.name(), partition, offset);
        if (record.isEmpty()) {
            return Optional.empty();
        }
        ProducerRecord<String, byte[]> copy = new ProducerRecord<>(target, record.get().key(), record.get().value());
        copy.headers().add("x-replayed-from", (topic.name() + "/" + partition + "/" + offset)
                .getBytes(StandardCharsets.UTF_8));
        RecordMetadata sent = producer().send(copy).get(15, TimeUnit.SECONDS);
        log.info("dead letter {}/{}/{} replayed to {}/{}/{}", topic.name(), partition, offset, sent.topic(),
                sent.partition(), sent.offset());
        return Optional.of(sent);
    }

    private static Entry entry(ConsumerRecord<String, byte[]> record) {
        // spring-kafka's DeadLetterPublishingRecoverer writes kafka_dlt-*, proposal-service and older binder
        // records x-*
        String error = header(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE, KafkaHeaders.DLT_KEY_EXCEPTION_MESSAGE,
                "x-exception-message");
        String errorClass = header(record, KafkaHeaders.DLT_EXCEPTION_FQCN, KafkaHeaders.DLT_KEY_EXCEPTION_FQCN,
                "x-exception-fqcn");
        // the innermost cause says what went wrong (the outer exceptions are the listener's wrappers)
        String errorCause = rootCause(header(record, KafkaHeaders.DLT_EXCEPTION_STACKTRACE,
                KafkaHeaders.DLT_KEY_EXCEPTION_STACKTRACE, "x-exception-stacktrace"));
        if (errorCause == null) {
            errorCause = header(record, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN);
        }
        DeadLetterTopic topic = DeadLetterTopic.parse(record.topic()).orElseThrow();
        String source = topic.sourceTopic() != null ? topic.sourceTopic()
                : header(record, KafkaHeaders.DLT_ORIGINAL_TOPIC, "x-original-topic");
        return new Entry(record.topic(), record.partition(), record.offset(),
                record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : null, record.key(),
                topic.service(), source, topic.replayTarget().isPresent(), cut(errorClass), cut(errorCause),
                cut(error), record.value() == null ? null : cut(new String(record.value(), StandardCharsets.UTF_8)));
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

    /** The first of these headers the record has, as UTF-8 text. */
    private static String header(ConsumerRecord<String, byte[]> record, String... names) {
        for (String name : names) {
            Header header = record.headers().lastHeader(name);
            if (header != null && header.value() != null) {
                return new String(header.value(), StandardCharsets.UTF_8);
            }
        }
        return null;
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

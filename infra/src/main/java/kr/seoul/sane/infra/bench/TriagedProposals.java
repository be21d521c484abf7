package kr.seoul.sane.infra.bench;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Notes every proposal that reached triage (no department mail follows): reads the keys (proposal ids) of
 * {@code proposal.triaged} from the end of the topic as it was when the watch began, without a consumer group (no
 * offset commits, no group coordination): one long-polling fetch at a time for the broker. The Kafka client
 * re-connects by itself when the broker goes away.
 */
final class TriagedProposals implements AutoCloseable {

    static final String TOPIC = "proposal.triaged";

    private final KafkaConsumer<String, byte[]> consumer;
    private final Consumer<String> triaged;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Thread thread;

    TriagedProposals(String bootstrap, Consumer<String> triaged) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "500");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "platform-bench");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(props);
        this.triaged = triaged;
    }

    /** Positions at the current end of every partition, then watches in the background. */
    void start() {
        List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = Thread.ofPlatform().daemon().name("triaged-watch").start(() -> {
            while (!closed.get()) {
                try {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                        if (record.key() != null) {
                            triaged.accept(record.key());
                        }
                    }
                } catch (org.apache.kafka.common.errors.WakeupException e) {
                    return;
                } catch (RuntimeException e) {
                    if (closed.get()) {
                        return;
                    }
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        });
    }

    @Override
    public void close() {
        closed.set(true);
        consumer.wakeup();
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        consumer.close(Duration.ofSeconds(2));
    }
}

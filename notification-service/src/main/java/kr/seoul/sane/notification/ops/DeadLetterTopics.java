package kr.seoul.sane.notification.ops;

import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every {@code error.*} topic on the broker with its partitions, found with the Kafka admin client and kept for
 * {@code sane.notification.dead-letter-topics-cache} (10 s), so the page, the API and the gauge ask the broker at
 * most once in that time.
 */
@Component
class DeadLetterTopics {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final String brokers;
    private final long cacheNanos;
    private volatile Admin admin;
    private volatile Found found;

    DeadLetterTopics(@Value("${spring.cloud.stream.kafka.binder.brokers}") String brokers,
                     @Value("${sane.notification.dead-letter-topics-cache:10s}") Duration cache) {
        this.brokers = brokers;
        this.cacheNanos = cache.toNanos();
    }

    /** A topic and its partitions. */
    record Partitions(DeadLetterTopic topic, List<TopicPartition> partitions) {
    }

    private record Found(List<Partitions> topics, long at) {
    }

    /** The dead-letter topics, ordered by service, source topic and name. */
    List<Partitions> all() {
        Found current = found;
        if (current == null || System.nanoTime() - current.at() > cacheNanos) {
            current = new Found(discover(), System.nanoTime());
            found = current;
        }
        return current.topics();
    }

    private List<Partitions> discover() {
        try {
            Set<String> names = admin().listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<String> deadLetterNames = names.stream().filter(n -> DeadLetterTopic.parse(n).isPresent()).toList();
            List<Partitions> topics = new ArrayList<>();
            if (deadLetterNames.isEmpty()) {
                return topics;
            }
            Map<String, TopicDescription> descriptions = admin().describeTopics(deadLetterNames).allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            descriptions.forEach((name, description) -> topics.add(new Partitions(
                    DeadLetterTopic.parse(name).orElseThrow(), description.partitions().stream()
                    .map(TopicPartitionInfo::partition).sorted().map(p -> new TopicPartition(name, p)).toList())));
            topics.sort(Comparator.comparing((Partitions p) -> String.valueOf(p.topic().service()))
                    .thenComparing(p -> String.valueOf(p.topic().sourceTopic()))
                    .thenComparing(p -> p.topic().name()));
            return topics;
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("dead-letter topics not listed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while listing dead-letter topics", e);
        }
    }

    private Admin admin() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                current = admin;
                if (current == null) {
                    current = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                            AdminClientConfig.CLIENT_ID_CONFIG, "notification-service-dead-letter-topics",
                            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis()));
                    admin = current;
                }
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        Admin current = admin;
        if (current != null) {
            current.close(Duration.ofSeconds(2));
        }
    }
}

package kr.seoul.sane.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.BatchAcknowledgingMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.support.Acknowledgment;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.UUID;

/**
 * Follows a topic kept forever whose events each carry a whole version of something (the department directory):
 * applying a version is idempotent, so every instance reads the topic from the beginning at every start in a
 * consumer group of its own and commits nothing ({@link #container}). Each record is read with the
 * {@link EnvelopeReader} and handed to the service's {@link Versions}; an unreadable one is logged, counted and
 * skipped, what was taken in staying as it is.
 */
public class ReplayedTopicFollower implements BatchAcknowledgingMessageListener<String, byte[]> {

    private static final Logger log = LoggerFactory.getLogger(ReplayedTopicFollower.class);

    /** What the service does with one version. */
    @FunctionalInterface
    public interface Versions {
        /**
         * @return whether the version changed something (a newer one)
         * @throws UnreadableEventException when the payload lacks what the service needs
         */
        boolean apply(Envelope<JsonNode> event);
    }

    private final String type;
    private final EnvelopeReader reader;
    private final Versions versions;
    private Counter applied;
    private Counter unreadable;

    public ReplayedTopicFollower(String type, EnvelopeReader reader, Versions versions) {
        this.type = type;
        this.reader = reader;
        this.versions = versions;
    }

    /**
     * Counts applied and unreadable records in {@code metric} (tag {@code outcome}).
     *
     * @param what what the versions are taken into, for the meters' descriptions
     */
    public ReplayedTopicFollower counted(MeterRegistry meters, String metric, String what) {
        applied = Counter.builder(metric).tag("outcome", "applied")
                .description(type + " versions taken into " + what).register(meters);
        unreadable = Counter.builder(metric).tag("outcome", "unreadable")
                .description(type + " records skipped as unreadable").register(meters);
        return this;
    }

    @Override
    public void onMessage(List<ConsumerRecord<String, byte[]>> records, Acknowledgment acknowledgment) {
        for (ConsumerRecord<String, byte[]> record : records) {
            follow(record);
        }
    }

    /** Takes one record in (or skips it when unreadable). */
    public void follow(ConsumerRecord<String, byte[]> record) {
        try {
            if (versions.apply(reader.read(record.value(), type)) && applied != null) {
                applied.increment();
            }
        } catch (UnreadableEventException e) {
            if (unreadable != null) {
                unreadable.increment();
            }
            log.warn("skipped an unreadable {} at {}-{}@{}: {}", type, record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }

    /**
     * A container of {@code follower} on {@code topic} in the consumer group {@code <clientId>-<random>} (replicas do
     * not share the partitions), from the consumer factory's earliest offset, committing nothing: a restarted or
     * new replica rebuilds what it follows from the topic.
     */
    public static ConcurrentMessageListenerContainer<String, byte[]> container(ConsumerFactory<String, byte[]> consumers,
                                                                               String clientId, String topic,
                                                                               ReplayedTopicFollower follower) {
        ContainerProperties properties = new ContainerProperties(topic);
        properties.setGroupId(clientId + "-" + UUID.randomUUID());
        properties.setClientId(clientId);
        // the follower never acknowledges: no offset is committed, every start reads from the beginning
        properties.setAckMode(ContainerProperties.AckMode.MANUAL);
        properties.setMessageListener(follower);
        return new ConcurrentMessageListenerContainer<>(consumers, properties);
    }
}

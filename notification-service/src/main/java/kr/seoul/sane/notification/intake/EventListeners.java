package kr.seoul.sane.notification.intake;

import kr.seoul.sane.events.DeadLettering;
import kr.seoul.sane.events.OffsetCommits;
import kr.seoul.sane.events.UnreadableEventException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

import java.util.List;

/**
 * The consumed topics, group {@code notification-service}, read by two batch listeners (one consumer thread each
 * by default): every poll hands {@link EventIntake} all records that are waiting, committed together after the
 * batch.
 * <ul>
 *   <li>{@link #TOPICS}: a failing record is tried 3 times (0.5 s, 1 s apart), an unreadable one
 *   ({@link UnreadableEventException}) not again; then it goes to {@code error.<topic>.notification-service}.</li>
 *   <li>{@code proposal.status-changed} on a consumer of its own: a change that arrived before the applicant's
 *   address ({@link ContactNotYetKnownException}) is tried 5 times (1, 2, 4, 8 s apart) before it is
 *   dead-lettered; only status changes wait meanwhile, never the proposal's other events.</li>
 * </ul>
 * The records of a batch before a failing one are committed; the failing one is retried or dead-lettered and the
 * records after it are read again (planning is idempotent: a redelivered event records no second mail).
 */
@Configuration(proxyBeanMethods = false)
class EventListeners {

    static final String GROUP = "notification-service";
    static final String STATUS_CHANGED = "proposal.status-changed";
    static final List<String> TOPICS = List.of("proposal.submitted", "proposal.routed", "catalog.suggested",
            "proposal.erasure-requested", "proposal.personal-data-erased");

    /** Every consumed topic (for the ops page of dead-letter topics). */
    static List<String> consumedTopics() {
        return java.util.stream.Stream.concat(TOPICS.stream(), java.util.stream.Stream.of(STATUS_CHANGED)).toList();
    }

    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> eventContainer(
            ConsumerFactory<String, byte[]> intakeConsumerFactory, EventIntake intake,
            KafkaTemplate<String, byte[]> deadLetterTemplate,
            @Value("${NOTIFICATION_CONSUMER_CONCURRENCY:1}") int concurrency) {
        return container(intakeConsumerFactory, intake, TOPICS.toArray(String[]::new), "notification-service-events",
                concurrency, errorHandler(deadLetterTemplate, 500, 2_000, 2));
    }

    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> statusChangeContainer(
            ConsumerFactory<String, byte[]> intakeConsumerFactory, EventIntake intake,
            KafkaTemplate<String, byte[]> deadLetterTemplate,
            @Value("${NOTIFICATION_CONSUMER_CONCURRENCY:1}") int concurrency) {
        return container(intakeConsumerFactory, intake, new String[] {STATUS_CHANGED},
                "notification-service-status", concurrency, errorHandler(deadLetterTemplate, 1_000, 8_000, 4));
    }

    private static ConcurrentMessageListenerContainer<String, byte[]> container(
            ConsumerFactory<String, byte[]> consumers, EventIntake intake, String[] topics, String clientId,
            int concurrency, DefaultErrorHandler errorHandler) {
        ContainerProperties properties = new ContainerProperties(topics);
        properties.setGroupId(GROUP);
        properties.setClientId(clientId);
        OffsetCommits.timed(properties);
        properties.setMessageListener((BatchMessageListener<String, byte[]>) intake::onBatch);
        ConcurrentMessageListenerContainer<String, byte[]> container =
                new ConcurrentMessageListenerContainer<>(consumers, properties);
        container.setConcurrency(concurrency);
        container.setCommonErrorHandler(errorHandler);
        return container;
    }

    private static DefaultErrorHandler errorHandler(KafkaTemplate<String, byte[]> deadLetters, long initialMillis,
                                                    long maxMillis, int retries) {
        DeadLetterPublishingRecoverer recoverer = DeadLettering.recoverer(deadLetters, GROUP);
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(retries);
        backOff.setInitialInterval(initialMillis);
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(maxMillis);
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(UnreadableEventException.class);
        return handler;
    }

    /** The dead-letter topic of a consumed topic: {@code error.<topic>.notification-service}. */
    static String deadLetterTopic(String topic) {
        return DeadLettering.topic(topic, GROUP);
    }
}

package kr.seoul.sane.proposal.tracking;

import kr.seoul.sane.events.DeadLettering;
import kr.seoul.sane.events.BatchConsumers;
import kr.seoul.sane.events.OffsetCommits;
import io.micrometer.core.instrument.MeterRegistry;
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
import org.springframework.util.backoff.ExponentialBackOff;

import java.time.Duration;

/**
 * The one consumer of this service: a spring-kafka batch listener on the five topics of
 * {@link ProposalEventHandlers#CONSUMED}, group {@value DeadLetters#GROUP}. Each poll hands up to 500 records to
 * {@link ProposalEventHandlers#consume} as they are (key as string, value as bytes); the offsets are committed after
 * the batch.
 *
 * <p>Failures: unreadable records are put on {@code error.<topic>.proposal-service} by the handler itself. Any other
 * failure (the store or the broker unavailable; {@link EffectBatch} has already retried its bulk write for a minute)
 * delivers the whole batch again after a growing pause (1 s doubling, at most 30 s) until the pauses add up to
 * {@code platform.events.retry-for} (default 1 minute: 5 more deliveries); only then do its records go to their
 * dead-letter topic. The consumer keeps polling (paused) meanwhile, so it stays in its group.
 */
@Configuration(proxyBeanMethods = false)
class ProposalEventListener {

    /** The batch listener's consumer ({@link BatchConsumers}). */
    @Bean
    ConsumerFactory<String, byte[]> proposalEventConsumerFactory(MeterRegistry meters,
            @Value("${spring.cloud.stream.kafka.binder.brokers:127.0.0.1:9092}") String brokers) {
        return BatchConsumers.factory(brokers, meters);
    }

    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> proposalEventContainer(
            ConsumerFactory<String, byte[]> proposalEventConsumerFactory, ProposalEventHandlers handlers,
            DefaultErrorHandler proposalEventErrorHandler) {
        ContainerProperties properties = new ContainerProperties(
                ProposalEventHandlers.CONSUMED.stream().sorted().toArray(String[]::new));
        properties.setGroupId(DeadLetters.GROUP);
        properties.setClientId("proposal-service-events");
        OffsetCommits.timed(properties);
        properties.setMessageListener((BatchMessageListener<String, byte[]>) handlers::consume);
        ConcurrentMessageListenerContainer<String, byte[]> container =
                new ConcurrentMessageListenerContainer<>(proposalEventConsumerFactory, properties);
        container.setConcurrency(1);
        container.setCommonErrorHandler(proposalEventErrorHandler);
        return container;
    }

    @Bean
    DefaultErrorHandler proposalEventErrorHandler(KafkaTemplate<String, byte[]> outboxKafkaTemplate,
            @Value("${platform.events.retry-for:PT1M}") Duration retryFor) {
        DeadLetterPublishingRecoverer deadLetters = DeadLettering.recoverer(outboxKafkaTemplate, DeadLetters.GROUP);
        ExponentialBackOff backOff = new ExponentialBackOff(1_000, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(retryFor.toMillis());
        return new DefaultErrorHandler(deadLetters, backOff);
    }
}

package kr.seoul.sane.catalog.transparency;

import kr.seoul.sane.events.DeadLettering;
import kr.seoul.sane.events.OffsetCommits;
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
 * The batch listener of the transparency read model: the three proposal topics in a group of its own,
 * {@code catalog-service-transparency}, so that its offsets (and a reset of them) are independent of the
 * suggestions' group. Each poll is one bulk write ({@link ResponseLedger}). An unreadable event goes at once to
 * {@code error.<topic>.catalog-service-transparency}; any other failure retries the batch with a growing pause
 * for {@code catalog.transparency.retry-for} before its records are dead-lettered.
 */
@Configuration(proxyBeanMethods = false)
class TransparencyEventListener {

    static final String GROUP = "catalog-service-transparency";

    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> transparencyEventContainer(
            ConsumerFactory<String, byte[]> catalogConsumerFactory, ResponseLedger ledger,
            KafkaTemplate<String, byte[]> catalogKafkaTemplate,
            @Value("${catalog.transparency.retry-for:PT5M}") Duration retryFor) {
        ContainerProperties properties = new ContainerProperties(ResponseLedger.TOPICS.toArray(String[]::new));
        properties.setGroupId(GROUP);
        properties.setClientId(GROUP);
        OffsetCommits.timed(properties);
        properties.setMessageListener((BatchMessageListener<String, byte[]>) ledger::onBatch);
        ConcurrentMessageListenerContainer<String, byte[]> container =
                new ConcurrentMessageListenerContainer<>(catalogConsumerFactory, properties);
        container.setCommonErrorHandler(errorHandler(catalogKafkaTemplate, retryFor));
        return container;
    }

    private static DefaultErrorHandler errorHandler(KafkaTemplate<String, byte[]> template, Duration retryFor) {
        DeadLetterPublishingRecoverer deadLetters = DeadLettering.recoverer(template, GROUP);
        ExponentialBackOff backOff = new ExponentialBackOff(1_000, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(retryFor.toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, backOff);
        handler.addNotRetryableExceptions(IllegalArgumentException.class, tools.jackson.core.JacksonException.class,
                java.time.format.DateTimeParseException.class);
        return handler;
    }
}

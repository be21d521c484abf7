package kr.seoul.sane.catalog.proposals;

import kr.seoul.sane.catalog.transparency.ResponseLedger;
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
import org.springframework.util.backoff.ExponentialBackOff;
import tools.jackson.core.JacksonException;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * One batch listener for the three proposal topics ({@code proposal.submitted}, {@code proposal.routed},
 * {@code proposal.status-changed}), group {@code catalog-service}, for both read models fed by them: every poll
 * hands the handler (digests, suggestions, case drafts) up to 500 records at once, and then the same events, read
 * once, to the transparency ledger ({@link ResponseLedger}); a batch costs a few MongoDB round trips and one wait
 * for Kafka acknowledgements.
 *
 * <p>Failures: an unreadable event (not JSON, no {@code eventId} / {@code proposalId}), or one the ledger cannot
 * apply (a missing or malformed field its figures need), is reported with its index; the records before it are
 * committed, it goes at once to {@code error.<topic>.catalog-service}, and the records after it are read again
 * (both read models skip the events they applied already). Any other failure (store or broker unavailable) retries
 * the whole batch with a growing pause for {@code catalog.proposal-events.retry-for}; only then do its records go
 * to the dead-letter topic.
 */
@Configuration(proxyBeanMethods = false)
class ProposalEventListener {

    static final String GROUP = "catalog-service";
    static final String[] TOPICS = {"proposal.submitted", "proposal.routed", "proposal.status-changed"};

    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> proposalEventContainer(
            ConsumerFactory<String, byte[]> catalogConsumerFactory, ProposalEventHandler handler,
            ResponseLedger transparency, DefaultErrorHandler proposalEventErrorHandler,
            @Value("${catalog.proposal-events.concurrency:1}") int concurrency) {
        ContainerProperties properties = new ContainerProperties(TOPICS);
        properties.setGroupId(GROUP);
        properties.setClientId("catalog-service-proposals");
        OffsetCommits.timed(properties);
        properties.setMessageListener((BatchMessageListener<String, byte[]>) records ->
                handler.onBatch(records, transparency::applyRead));
        ConcurrentMessageListenerContainer<String, byte[]> container =
                new ConcurrentMessageListenerContainer<>(catalogConsumerFactory, properties);
        container.setConcurrency(concurrency);
        container.setCommonErrorHandler(proposalEventErrorHandler);
        return container;
    }

    @Bean
    DefaultErrorHandler proposalEventErrorHandler(KafkaTemplate<String, byte[]> catalogKafkaTemplate,
            @Value("${catalog.proposal-events.retry-for:PT5M}") Duration retryFor) {
        DeadLetterPublishingRecoverer deadLetters = DeadLettering.recoverer(catalogKafkaTemplate, GROUP);
        ExponentialBackOff backOff = new ExponentialBackOff(1_000, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(retryFor.toMillis());
        DefaultErrorHandler errorHandler = new DefaultErrorHandler(deadLetters, backOff);
        errorHandler.addNotRetryableExceptions(UnreadableEventException.class, JacksonException.class,
                IllegalArgumentException.class, DateTimeParseException.class);
        return errorHandler;
    }

    /** The dead-letter topic of a proposal topic, named as the binder names them. */
    static String deadLetterTopic(String topic) {
        return DeadLettering.topic(topic, GROUP);
    }
}

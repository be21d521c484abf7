package kr.seoul.sane.routing.decision;

import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import java.time.Duration;

/**
 * The error handler of the {@code proposal.submitted} batch consumer (binding property
 * {@code common-error-handler-bean-name}). An unreadable event goes to the dead-letter topic
 * {@code error.proposal.submitted.routing-service} at once, the events after it are delivered again. Any other failure
 * (store or broker unavailable) retries the whole batch with exponential back-off (0.5 s doubling up to 10 s) for
 * {@code sane.routing.submitted.retry-for} (10 minutes); only then do its events go to the dead-letter topic, from
 * where they can be replayed. Retrying a batch is safe: the decision's unique id and its outbox make it idempotent.
 */
@Configuration(proxyBeanMethods = false)
class SubmittedErrorHandling {

    static final String DEAD_LETTER_TOPIC = "error.proposal.submitted.routing-service";

    @Bean
    DefaultErrorHandler submittedErrorHandler(KafkaTemplate<Object, Object> kafka,
                                              @Value("${sane.routing.submitted.retry-for:10m}") Duration retryFor) {
        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(kafka,
                (record, e) -> new TopicPartition(DEAD_LETTER_TOPIC, -1));
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(10_000);
        backOff.setMaxElapsedTime(retryFor.toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, backOff);
        handler.addNotRetryableExceptions(UnreadableEventException.class);
        return handler;
    }
}

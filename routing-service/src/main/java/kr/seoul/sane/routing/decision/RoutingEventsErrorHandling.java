package kr.seoul.sane.routing.decision;

import kr.seoul.sane.events.DeadLettering;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;
import tools.jackson.core.JacksonException;

import java.time.Duration;

/**
 * The error handler of the one batch consumer (binding property {@code common-error-handler-bean-name}). The records
 * before a failed one are committed; an unreadable record (not JSON, no ids) goes to the dead-letter topic
 * {@code error.<its topic>.routing-service} at once and the records after it are delivered again. Any other failure
 * (store or broker unavailable) retries from the failed record with exponential back-off (0.5 s doubling up to 10 s)
 * for {@code sane.routing.events.retry-for} (10 minutes); only then does the record go to the dead-letter topic, from
 * where it can be replayed. Retrying is safe: every handler is idempotent (the decision's unique id and its outbox,
 * {@code processed_events}).
 */
@Configuration(proxyBeanMethods = false)
class RoutingEventsErrorHandling {

    static final String GROUP = "routing-service";

    static String deadLetterTopic(String topic) {
        return DeadLettering.topic(topic, GROUP);
    }

    @Bean
    DefaultErrorHandler routingEventsErrorHandler(KafkaTemplate<Object, Object> kafka,
                                                  @Value("${sane.routing.events.retry-for:10m}") Duration retryFor) {
        DeadLetterPublishingRecoverer deadLetters = DeadLettering.recoverer(kafka, GROUP);
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(10_000);
        backOff.setMaxElapsedTime(retryFor.toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, backOff);
        // a record that cannot be read does not become readable by waiting
        handler.addNotRetryableExceptions(IllegalArgumentException.class, JacksonException.class);
        return handler;
    }
}

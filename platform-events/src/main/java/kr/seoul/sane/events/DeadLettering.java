package kr.seoul.sane.events;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * Where a record goes that its consumer gave up on: {@code error.<topic>.<group>}, the name the Spring Cloud Stream
 * binder gives its dead-letter topics, with the original record's headers and the exception's. Every record sent
 * there is also said in the log, once, with its place and the reason (never its value): the error handler of a
 * batch listener logs a failure only when more records of the poll follow the failed one, so without this a record
 * that came last in its poll would be dead-lettered silently.
 */
public final class DeadLettering {

    private static final Logger log = LoggerFactory.getLogger(DeadLettering.class);

    private DeadLettering() {
    }

    /** The dead-letter topic of {@code topic} for the consumer group {@code group}. */
    public static String topic(String topic, String group) {
        return "error." + topic + "." + group;
    }

    /** A recoverer that logs the record and publishes it to {@link #topic(String, String)} through {@code template}. */
    public static DeadLetterPublishingRecoverer recoverer(KafkaOperations<?, ?> template, String group) {
        return new Logged(template, group);
    }

    private static final class Logged extends DeadLetterPublishingRecoverer {

        private final String group;

        Logged(KafkaOperations<?, ?> template, String group) {
            super(template, (record, e) -> new TopicPartition(topic(record.topic(), group), -1));
            this.group = group;
        }

        @Override
        public void accept(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, Exception exception) {
            log.warn("{}-{}@{} (key {}) goes to {}: {}", record.topic(), record.partition(), record.offset(),
                    record.key(), topic(record.topic(), group), reason(exception));
            super.accept(record, consumer, exception);
        }

        /**
         * The innermost cause's type and message (the listener's own words, not the container's wrapping), cut at
         * {@value #REASON_LIMIT} characters: a parser's message may quote a piece of the record.
         */
        private static String reason(Throwable exception) {
            Throwable cause = exception;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            String reason = cause.getClass().getSimpleName() + ": " + cause.getMessage();
            return reason.length() <= REASON_LIMIT ? reason : reason.substring(0, REASON_LIMIT) + "…";
        }

        private static final int REASON_LIMIT = 200;
    }
}

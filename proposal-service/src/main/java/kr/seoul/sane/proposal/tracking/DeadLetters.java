package kr.seoul.sane.proposal.tracking;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Puts consumed records this service cannot read (not JSON, not an envelope, wrong type) on the dead-letter topic
 * {@code error.<topic>.proposal-service}, the binder's naming, with the original bytes and key, so they can be
 * inspected and replayed instead of being dropped. A batch is committed only after its dead letters are
 * acknowledged.
 */
@Component
class DeadLetters {

    static final String GROUP = "proposal-service";

    private final KafkaTemplate<String, byte[]> kafka;
    private final MeterRegistry meters;

    DeadLetters(KafkaTemplate<String, byte[]> outboxKafkaTemplate, MeterRegistry meters) {
        this.kafka = outboxKafkaTemplate;
        this.meters = meters;
    }

    static String topicFor(String topic) {
        return kr.seoul.sane.events.DeadLettering.topic(topic, GROUP);
    }

    /** The dead letters of one consumed batch. */
    Batch batch() {
        return new Batch();
    }

    final class Batch {
        private final List<CompletableFuture<?>> sends = new ArrayList<>();

        void add(String topic, String key, byte[] value, String reason) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topicFor(topic), key, value);
            record.headers().add("x-original-topic", topic.getBytes(StandardCharsets.UTF_8));
            record.headers().add("x-exception-message", reason.getBytes(StandardCharsets.UTF_8));
            sends.add(kafka.send(record));
            meters.counter("sane.events.dead.lettered", "topic", topic).increment();
        }

        /** Waits for every acknowledgement; throws (the batch is delivered again) when one is missing. */
        void await() {
            for (CompletableFuture<?> send : sends) {
                try {
                    send.get(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while dead-lettering", e);
                } catch (ExecutionException | TimeoutException e) {
                    throw new IllegalStateException("dead letter not acknowledged", e);
                }
            }
        }
    }
}

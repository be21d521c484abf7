package kr.seoul.sane.notification.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import jakarta.annotation.PreDestroy;
import kr.seoul.sane.events.EnvelopeReader;
import kr.seoul.sane.tracing.EventTracing;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The outbox's producer: a {@link KafkaTemplate} on the binder's broker and producer settings
 * ({@code spring.cloud.stream.kafka.binder.brokers} / {@code configuration} / {@code producer-properties}). A send does not block; the
 * relay sends a whole batch, then waits for the acknowledgements. The record carries the envelope's trace
 * ({@code traceparent} header through the template's observation, within the envelope's trace).
 */
@Component
class KafkaOutboxPublisher implements OutboxPublisher {

    private final KafkaTemplate<String, byte[]> template;
    private final EventTracing tracing;
    private final EnvelopeReader reader;

    KafkaOutboxPublisher(Environment environment, ObjectProvider<ObservationRegistry> observations,
                         ObjectProvider<MeterRegistry> meters, EventTracing tracing, EnvelopeReader reader) {
        this.tracing = tracing;
        this.reader = reader;
        // the binder's settings (its configuration bean lives in the binder's own context)
        Binder properties = Binder.get(environment);
        Map<String, Object> config = new HashMap<>();
        properties.bind("spring.cloud.stream.kafka.binder.configuration", Bindable.mapOf(String.class, String.class))
                .ifBound(config::putAll);
        properties.bind("spring.cloud.stream.kafka.binder.producer-properties",
                Bindable.mapOf(String.class, String.class)).ifBound(config::putAll);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", properties
                .bind("spring.cloud.stream.kafka.binder.brokers", Bindable.listOf(String.class))
                .orElse(List.of("localhost:9092"))));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "notification-service-outbox");
        // while the broker is away a send waits at most this long for metadata; the entry stays for the sweep
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        DefaultKafkaProducerFactory<String, byte[]> producers = new DefaultKafkaProducerFactory<>(config);
        producers.setBeanName("notification-service-outbox");
        // the producer's client metrics (kafka_producer_record_send_total, …) in /actuator/prometheus
        meters.ifAvailable(registry -> producers.addListener(new MicrometerProducerListener<>(registry)));
        this.template = new KafkaTemplate<>(producers);
        observations.ifAvailable(registry -> {
            template.setObservationRegistry(registry);
            template.setObservationEnabled(true);
        });
    }

    @Override
    public CompletableFuture<?> send(PendingEvent event) {
        byte[] envelope = event.envelope().getBytes(StandardCharsets.UTF_8);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(event.type(), event.proposalId(), envelope);
        // no contentType header: Spring Cloud Stream consumers read a raw one as byte[] and refuse the record
        return tracing.within(reader.traceparentOf(envelope), "outbox publish", () -> template.send(record));
    }

    @PreDestroy
    void close() {
        template.destroy();
    }
}

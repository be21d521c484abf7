package kr.seoul.sane.proposal.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.core.ProducerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * The one producer the outbox relay publishes with: asynchronous sends whose futures complete on the broker's
 * acknowledgement ({@code acks=all}, idempotent, so one proposal's events keep their order on its partition).
 * Records carry the W3C {@code traceparent} header of the span the relay publishes in (observation on).
 */
@Configuration(proxyBeanMethods = false)
class OutboxProducerConfig {

    /**
     * The producer's Kafka client metrics are bound to Micrometer ({@code kafka.producer.*}, e.g.
     * {@code kafka_producer_record_send_total} on {@code /actuator/prometheus}, tag {@code client.id}
     * {@code proposal-service-outbox}).
     */
    @Bean
    ProducerFactory<String, byte[]> outboxProducerFactory(
            MeterRegistry meters,
            @Value("${spring.cloud.stream.kafka.binder.brokers:127.0.0.1:9092}") String brokers,
            @Value("${platform.outbox.linger-ms:5}") int lingerMs,
            @Value("${platform.outbox.delivery-timeout-ms:30000}") int deliveryTimeoutMs) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "proposal-service-outbox");
        // a send to an unreachable broker fails within these bounds; the event stays pending and is retried
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(10_000, deliveryTimeoutMs / 2));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryTimeoutMs);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(10_000, deliveryTimeoutMs / 2));
        DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(props);
        factory.addListener(new MicrometerProducerListener<>(meters));
        return factory;
    }

    @Bean
    KafkaTemplate<String, byte[]> outboxKafkaTemplate(ProducerFactory<String, byte[]> outboxProducerFactory) {
        KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(outboxProducerFactory);
        template.setObservationEnabled(true);
        return template;
    }
}

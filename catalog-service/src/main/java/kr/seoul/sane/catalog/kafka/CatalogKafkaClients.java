package kr.seoul.sane.catalog.kafka;

import kr.seoul.sane.events.BatchConsumers;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.core.ProducerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * The service's own Kafka clients (no Spring Cloud Stream binding is used):
 * one producer shared by {@code catalog.suggested} and the dead-letter records, and the consumer factory of the
 * proposal and curation listeners, on the brokers of {@code spring.cloud.stream.kafka.binder.brokers}.
 */
@Configuration(proxyBeanMethods = false)
public class CatalogKafkaClients {

    private final String brokers;

    CatalogKafkaClients(@Value("${spring.cloud.stream.kafka.binder.brokers:127.0.0.1:9092}") String brokers) {
        this.brokers = brokers;
    }

    /**
     * acks=all and idempotent: a send counts only once every in-sync replica has the record. Sends are
     * asynchronous; callers await the futures of a whole batch at once. The template's observation puts the current
     * trace into each record's {@code traceparent} header.
     */
    @Bean
    KafkaTemplate<String, byte[]> catalogKafkaTemplate(MeterRegistry meters) {
        ProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(
                producerProperties(brokers, "catalog-service-events"), new StringSerializer(),
                new ByteArraySerializer());
        factory.addListener(new MicrometerProducerListener<>(meters));
        KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(factory);
        template.setObservationEnabled(true);
        return template;
    }

    /**
     * The settings of every producer of this service (the template above and the curation log's own producer):
     * acks=all, idempotent, a send given up after 30 s.
     */
    public static Map<String, Object> producerProperties(String brokers, String clientId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return props;
    }

    /** The batch listeners' consumers ({@link BatchConsumers}). */
    @Bean
    ConsumerFactory<String, byte[]> catalogConsumerFactory(MeterRegistry meters) {
        return BatchConsumers.factory(brokers, meters);
    }
}

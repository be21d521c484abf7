package kr.seoul.sane.notification.intake;

import io.micrometer.core.instrument.MeterRegistry;
import kr.seoul.sane.events.BatchConsumers;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerProducerListener;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The intake's Kafka clients on the brokers and client settings of {@code spring.cloud.stream.kafka.binder}
 * ({@code brokers}, {@code configuration}, {@code consumer-properties} / {@code producer-properties}): the consumer
 * factory of the event listeners and the producer of their dead letters, both with Micrometer client metrics.
 */
@Configuration(proxyBeanMethods = false)
class KafkaIntakeClients {

    private static final String BINDER = "spring.cloud.stream.kafka.binder.";

    @Bean
    ConsumerFactory<String, byte[]> intakeConsumerFactory(Environment environment, MeterRegistry meters) {
        return BatchConsumers.factory(brokers(environment), meters, settings(environment, "consumer-properties"));
    }

    /** Dead letters: acks=all and idempotent (the binder's producer settings). */
    @Bean
    KafkaTemplate<String, byte[]> deadLetterTemplate(Environment environment, MeterRegistry meters) {
        Map<String, Object> config = settings(environment, "producer-properties");
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers(environment));
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "notification-service-dead-letters");
        config.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(config,
                new StringSerializer(), new ByteArraySerializer());
        factory.addListener(new MicrometerProducerListener<>(meters));
        return new KafkaTemplate<>(factory);
    }

    /** The binder's client settings ({@code configuration}, then the client's own properties over them). */
    private static Map<String, Object> settings(Environment environment, String clientProperties) {
        Binder properties = Binder.get(environment);
        Map<String, Object> config = new HashMap<>();
        properties.bind(BINDER + "configuration", Bindable.mapOf(String.class, String.class)).ifBound(config::putAll);
        properties.bind(BINDER + clientProperties, Bindable.mapOf(String.class, String.class)).ifBound(config::putAll);
        return config;
    }

    private static String brokers(Environment environment) {
        return String.join(",", Binder.get(environment).bind(BINDER + "brokers", Bindable.listOf(String.class))
                .orElse(List.of("localhost:9092")));
    }
}

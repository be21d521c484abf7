package kr.seoul.sane.catalog.directory;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;

import java.util.UUID;

/**
 * Every instance reads {@code department.directory-changed} whole: in a consumer group of its own
 * ({@code catalog-service-directory-<random>}, so replicas do not share the partitions) from the earliest offset
 * (the consumer factory's), committing nothing, so a restarted or new replica rebuilds the directory from the topic,
 * which is kept forever.
 */
@Configuration(proxyBeanMethods = false)
public class DirectoryListener {

    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> directoryContainer(
            ConsumerFactory<String, byte[]> catalogConsumerFactory, DepartmentDirectory directory, MeterRegistry meters,
            @Value("${catalog.directory.topic:" + DirectoryFollower.TYPE + "}") String topic) {
        return container(catalogConsumerFactory, new DirectoryFollower(directory, meters), topic);
    }

    /** A container of {@code follower} on {@code topic} that reads it from the beginning and commits nothing. */
    public static ConcurrentMessageListenerContainer<String, byte[]> container(ConsumerFactory<String, byte[]> consumers,
                                                                               DirectoryFollower follower, String topic) {
        ContainerProperties properties = new ContainerProperties(topic);
        properties.setGroupId("catalog-service-directory-" + UUID.randomUUID());
        properties.setClientId("catalog-service-directory");
        // the follower never acknowledges: no offset is committed, every start reads from the beginning
        properties.setAckMode(ContainerProperties.AckMode.MANUAL);
        properties.setMessageListener(follower);
        return new ConcurrentMessageListenerContainer<>(consumers, properties);
    }
}

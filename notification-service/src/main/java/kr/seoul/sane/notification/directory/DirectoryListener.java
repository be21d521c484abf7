package kr.seoul.sane.notification.directory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;

import java.util.UUID;

/**
 * Every instance reads {@code department.directory-changed} whole: in a consumer group of its own
 * ({@code notification-service-directory-<random>}, so replicas do not share the partitions) from the earliest
 * offset, committing nothing, so a restarted or new replica rebuilds the directory from the topic (kept forever).
 */
@Configuration(proxyBeanMethods = false)
class DirectoryListener {

    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> directoryContainer(
            ConsumerFactory<String, byte[]> intakeConsumerFactory, DirectoryFollower follower,
            @Value("${sane.notification.directory.topic:" + DirectoryFollower.TYPE + "}") String topic) {
        ContainerProperties properties = new ContainerProperties(topic);
        properties.setGroupId("notification-service-directory-" + UUID.randomUUID());
        properties.setClientId("notification-service-directory");
        // the follower never acknowledges: no offset is committed, every start reads from the beginning
        properties.setAckMode(ContainerProperties.AckMode.MANUAL);
        properties.setMessageListener(follower);
        return new ConcurrentMessageListenerContainer<>(intakeConsumerFactory, properties);
    }
}

package kr.seoul.sane.proposal.department;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;

import java.util.UUID;

/**
 * Every instance reads {@code department.directory-changed} whole: in a consumer group of its own
 * ({@code proposal-service-directory-<random>}, so replicas do not share the partitions) from the earliest offset
 * (the consumer factory's), committing nothing, so a restarted or new replica rebuilds the directory from the topic,
 * which is kept forever.
 */
@Configuration(proxyBeanMethods = false)
class DirectoryListener {

    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> directoryContainer(
            ConsumerFactory<String, byte[]> proposalEventConsumerFactory, DepartmentDirectory directory,
            RetiredDepartmentTransfers transfers,
            @Value("${platform.directory.topic:" + DirectoryFollower.TYPE + "}") String topic) {
        return container(proposalEventConsumerFactory, new DirectoryFollower(directory, transfers::moveOpen), topic);
    }

    static ConcurrentMessageListenerContainer<String, byte[]> container(ConsumerFactory<String, byte[]> consumers,
                                                                        DirectoryFollower follower, String topic) {
        ContainerProperties properties = new ContainerProperties(topic);
        properties.setGroupId("proposal-service-directory-" + UUID.randomUUID());
        properties.setClientId("proposal-service-directory");
        // the follower never acknowledges: no offset is committed, every start reads from the beginning
        properties.setAckMode(ContainerProperties.AckMode.MANUAL);
        properties.setMessageListener(follower);
        return new ConcurrentMessageListenerContainer<>(consumers, properties);
    }
}

package kr.seoul.sane.proposal.department;

import kr.seoul.sane.events.EnvelopeReader;
import kr.seoul.sane.events.ReplayedTopicFollower;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

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
            RetiredDepartmentTransfers transfers, EnvelopeReader reader,
            @Value("${platform.directory.topic:" + DirectoryFollower.TYPE + "}") String topic) {
        return ReplayedTopicFollower.container(proposalEventConsumerFactory, "proposal-service-directory", topic,
                new ReplayedTopicFollower(DirectoryFollower.TYPE, reader,
                        new DirectoryFollower(directory, transfers::moveOpen)));
    }
}

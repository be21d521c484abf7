package kr.seoul.sane.notification.directory;

import io.micrometer.core.instrument.MeterRegistry;
import kr.seoul.sane.events.EnvelopeReader;
import kr.seoul.sane.events.ReplayedTopicFollower;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/**
 * Every instance reads {@code department.directory-changed} whole: in a consumer group of its own
 * ({@code notification-service-directory-<random>}, so replicas do not share the partitions) from the earliest
 * offset, committing nothing, so a restarted or new replica rebuilds the directory from the topic (kept forever).
 * Versions taken in and unreadable events skipped are counted in {@code sane.notification.directory.changes}.
 */
@Configuration(proxyBeanMethods = false)
class DirectoryListener {

    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> directoryContainer(
            ConsumerFactory<String, byte[]> intakeConsumerFactory, DirectoryFollower follower, EnvelopeReader reader,
            MeterRegistry meters,
            @Value("${sane.notification.directory.topic:" + DirectoryFollower.TYPE + "}") String topic) {
        return ReplayedTopicFollower.container(intakeConsumerFactory, "notification-service-directory", topic,
                new ReplayedTopicFollower(DirectoryFollower.TYPE, reader, follower)
                        .counted(meters, "sane.notification.directory.changes", "the department directory"));
    }
}

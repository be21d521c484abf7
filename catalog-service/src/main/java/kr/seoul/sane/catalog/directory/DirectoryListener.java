package kr.seoul.sane.catalog.directory;

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
 * ({@code catalog-service-directory-<random>}, so replicas do not share the partitions) from the earliest offset
 * (the consumer factory's), committing nothing, so a restarted or new replica rebuilds the directory from the topic,
 * which is kept forever. Versions taken in and unreadable records are counted in {@code sane.catalog.directory.changes}.
 */
@Configuration(proxyBeanMethods = false)
public class DirectoryListener {

    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> directoryContainer(
            ConsumerFactory<String, byte[]> catalogConsumerFactory, DepartmentDirectory directory,
            EnvelopeReader reader, MeterRegistry meters,
            @Value("${catalog.directory.topic:" + DirectoryFollower.TYPE + "}") String topic) {
        return container(catalogConsumerFactory, directory, reader, meters, topic);
    }

    /** A container that keeps {@code directory} on {@code topic}, read from the beginning, committing nothing. */
    public static ConcurrentMessageListenerContainer<String, byte[]> container(ConsumerFactory<String, byte[]> consumers,
                                                                               DepartmentDirectory directory,
                                                                               EnvelopeReader reader,
                                                                               MeterRegistry meters, String topic) {
        return ReplayedTopicFollower.container(consumers, "catalog-service-directory", topic,
                new ReplayedTopicFollower(DirectoryFollower.TYPE, reader, new DirectoryFollower(directory, reader))
                        .counted(meters, "sane.catalog.directory.changes", "the department directory"));
    }
}

package kr.seoul.sane.catalog.curation;

import kr.seoul.sane.events.DeadLettering;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The live reader of the three curation topics: one consumer thread in this instance's own group
 * {@code <catalog.instance-id>-curation}, so that every instance applies every curation event and keeps its own
 * search index right (the proposal topics are shared in the group catalog-service instead). A new group starts at
 * the beginning of the topics. An event that fails three times goes to {@code error.<topic>.<group>}.
 */
@Configuration(proxyBeanMethods = false)
class CurationEventListener {

    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> curationEventContainer(
            ConsumerFactory<String, byte[]> catalogConsumerFactory, CatalogCuration curation,
            KafkaTemplate<String, byte[]> catalogKafkaTemplate,
            @Value("${catalog.instance-id}") String instanceId) {
        String group = group(instanceId);
        ContainerProperties properties = new ContainerProperties(CatalogEventLog.TOPICS.toArray(String[]::new));
        properties.setGroupId(group);
        properties.setClientId(group);
        properties.setMessageListener((MessageListener<String, byte[]>) r -> curation.onEvent(r.value()));
        ConcurrentMessageListenerContainer<String, byte[]> container =
                new ConcurrentMessageListenerContainer<>(catalogConsumerFactory, properties);
        container.setCommonErrorHandler(new DefaultErrorHandler(DeadLettering.recoverer(catalogKafkaTemplate, group),
                new FixedBackOff(1_000, 2)));
        return container;
    }

    static String group(String instanceId) {
        return instanceId + "-curation";
    }
}

package kr.seoul.sane.catalog.curation;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import java.util.function.Consumer;

/** Binding catalogEvents-in-0: the three catalogue topics, group catalog-service (see application.yml). */
@Configuration(proxyBeanMethods = false)
class CatalogEventBindings {

    @Bean
    Consumer<Message<byte[]>> catalogEvents(CatalogCuration curation) {
        return message -> curation.onEvent(message.getPayload());
    }
}

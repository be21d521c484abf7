package kr.seoul.sane.catalog.proposals;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import java.util.function.Consumer;

/** Functional Spring Cloud Stream bindings: proposalSubmitted-in-0, proposalRouted-in-0 and
 * proposalStatusChanged-in-0 (see application.yml). */
@Configuration(proxyBeanMethods = false)
class ProposalEventBindings {

    @Bean
    Consumer<Message<byte[]>> proposalSubmitted(ProposalEventHandler handler) {
        return message -> handler.onSubmitted(message.getPayload());
    }

    @Bean
    Consumer<Message<byte[]>> proposalStatusChanged(ProposalEventHandler handler) {
        return message -> handler.onStatusChanged(message.getPayload());
    }

    @Bean
    Consumer<Message<byte[]>> proposalRouted(ProposalEventHandler handler) {
        return message -> handler.onRouted(message.getPayload());
    }
}

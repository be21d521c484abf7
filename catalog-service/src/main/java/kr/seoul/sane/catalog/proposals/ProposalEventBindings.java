package kr.seoul.sane.catalog.proposals;

import kr.seoul.sane.tracing.EventTracing;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import java.util.function.Consumer;

/** Functional Spring Cloud Stream bindings: proposalSubmitted-in-0, proposalRouted-in-0 and
 * proposalStatusChanged-in-0 (see application.yml), each event handled inside its trace. */
@Configuration(proxyBeanMethods = false)
class ProposalEventBindings {

    @Bean
    Consumer<Message<byte[]>> proposalSubmitted(ProposalEventHandler handler, EventTracing tracing) {
        return message -> tracing.consume(message.getPayload(), "proposal.submitted",
                () -> handler.onSubmitted(message.getPayload()));
    }

    @Bean
    Consumer<Message<byte[]>> proposalStatusChanged(ProposalEventHandler handler, EventTracing tracing) {
        return message -> tracing.consume(message.getPayload(), "proposal.status-changed",
                () -> handler.onStatusChanged(message.getPayload()));
    }

    @Bean
    Consumer<Message<byte[]>> proposalRouted(ProposalEventHandler handler, EventTracing tracing) {
        return message -> tracing.consume(message.getPayload(), "proposal.routed",
                () -> handler.onRouted(message.getPayload()));
    }
}

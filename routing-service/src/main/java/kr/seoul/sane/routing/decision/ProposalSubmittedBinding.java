package kr.seoul.sane.routing.decision;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import java.util.function.Consumer;

/**
 * Binds {@code proposal.submitted} (binding {@code routeProposal-in-0}) and {@code proposal.status-changed}
 * (binding {@code transferProposal-in-0}) to the router.
 */
@Configuration(proxyBeanMethods = false)
class ProposalSubmittedBinding {

    @Bean
    Consumer<Message<byte[]>> routeProposal(ProposalRouter router) {
        return message -> router.onSubmitted(message.getPayload());
    }

    @Bean
    Consumer<Message<byte[]>> transferProposal(ProposalRouter router) {
        return message -> router.onStatusChanged(message.getPayload());
    }
}

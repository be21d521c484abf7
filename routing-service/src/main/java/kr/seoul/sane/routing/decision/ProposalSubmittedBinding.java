package kr.seoul.sane.routing.decision;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import java.util.function.Consumer;

/** Binds the {@code proposal.submitted} topic (binding {@code routeProposal-in-0}) to the router. */
@Configuration(proxyBeanMethods = false)
class ProposalSubmittedBinding {

    @Bean
    Consumer<Message<byte[]>> routeProposal(ProposalRouter router) {
        return message -> router.onSubmitted(message.getPayload());
    }
}

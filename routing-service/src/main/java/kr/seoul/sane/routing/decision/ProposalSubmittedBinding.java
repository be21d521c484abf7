package kr.seoul.sane.routing.decision;

import kr.seoul.sane.tracing.EventTracing;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import java.util.function.Consumer;

/**
 * Binds {@code proposal.submitted} (binding {@code routeProposal-in-0}), {@code proposal.status-changed}
 * (binding {@code transferProposal-in-0}) and {@code proposal.personal-data-erased} (binding
 * {@code eraseProposalData-in-0}) to the router, each inside the trace of its event.
 */
@Configuration(proxyBeanMethods = false)
class ProposalSubmittedBinding {

    @Bean
    Consumer<Message<byte[]>> routeProposal(ProposalRouter router, EventTracing tracing) {
        return message -> tracing.consume(message.getPayload(), "route proposal",
                () -> router.onSubmitted(message.getPayload()));
    }

    @Bean
    Consumer<Message<byte[]>> transferProposal(ProposalRouter router, EventTracing tracing) {
        return message -> tracing.consume(message.getPayload(), "transfer proposal",
                () -> router.onStatusChanged(message.getPayload()));
    }

    @Bean
    Consumer<Message<byte[]>> eraseProposalData(ProposalRouter router, EventTracing tracing) {
        return message -> tracing.consume(message.getPayload(), "erase personal data",
                () -> router.onPersonalDataErased(message.getPayload()));
    }
}

package kr.seoul.sane.notification.intake;

import kr.seoul.sane.tracing.EventTracing;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.function.Consumer;

/**
 * The Kafka bindings: {@code <bean>-in-0} in application.yml, group notification-service, binder DLQ on. Each event
 * is handled inside its trace.
 */
@Configuration(proxyBeanMethods = false)
class ProposalEventConsumers {

    @Bean
    Consumer<byte[]> proposalSubmitted(MailPlanner planner, EventTracing tracing) {
        return value -> tracing.consume(value, "proposal.submitted", () -> planner.onSubmitted(value));
    }

    @Bean
    Consumer<byte[]> proposalRouted(MailPlanner planner, EventTracing tracing) {
        return value -> tracing.consume(value, "proposal.routed", () -> planner.onRouted(value));
    }

    @Bean
    Consumer<byte[]> catalogSuggested(SuggestionIntake intake, EventTracing tracing) {
        return value -> tracing.consume(value, "catalog.suggested", () -> intake.onSuggested(value));
    }

    @Bean
    Consumer<byte[]> proposalErasureRequested(MailPlanner planner, EventTracing tracing) {
        return value -> tracing.consume(value, "proposal.erasure-requested", () -> planner.onErasureRequested(value));
    }

    @Bean
    Consumer<byte[]> proposalPersonalDataErased(ErasureIntake intake, EventTracing tracing) {
        return value -> tracing.consume(value, "proposal.personal-data-erased", () -> intake.onErased(value));
    }

    @Bean
    Consumer<byte[]> proposalStatusChanged(MailPlanner planner, EventTracing tracing) {
        return value -> tracing.consume(value, "proposal.status-changed", () -> planner.onStatusChanged(value));
    }
}

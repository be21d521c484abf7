package kr.seoul.sane.notification.intake;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.function.Consumer;

/** The Kafka bindings: {@code <bean>-in-0} in application.yml, group notification-service, binder DLQ on. */
@Configuration(proxyBeanMethods = false)
class ProposalEventConsumers {

    @Bean
    Consumer<byte[]> proposalSubmitted(MailPlanner planner) {
        return planner::onSubmitted;
    }

    @Bean
    Consumer<byte[]> proposalRouted(MailPlanner planner) {
        return planner::onRouted;
    }

    @Bean
    Consumer<byte[]> catalogSuggested(SuggestionIntake intake) {
        return intake::onSuggested;
    }

    @Bean
    Consumer<byte[]> proposalStatusChanged(MailPlanner planner) {
        return planner::onStatusChanged;
    }
}

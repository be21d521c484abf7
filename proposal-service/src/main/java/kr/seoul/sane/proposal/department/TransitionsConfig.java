package kr.seoul.sane.proposal.department;

import kr.seoul.sane.proposal.lifecycle.ProposalTransitions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The lifecycle's transitions, checking target departments against this service's department directory. */
@Configuration(proxyBeanMethods = false)
class TransitionsConfig {

    @Bean
    ProposalTransitions proposalTransitions(DepartmentDirectory departments) {
        return new ProposalTransitions(departments::contains, departments::name);
    }
}

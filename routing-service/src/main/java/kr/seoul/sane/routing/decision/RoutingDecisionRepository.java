package kr.seoul.sane.routing.decision;

import org.springframework.data.mongodb.repository.MongoRepository;

import java.util.List;

public interface RoutingDecisionRepository extends MongoRepository<RoutingDecision, String> {

    List<RoutingDecision> findByOutcomeOrderByDecidedAtAsc(RoutingDecision.Outcome outcome);

    /** A count on the server: no documents travel. */
    long countByOutcome(RoutingDecision.Outcome outcome);
}

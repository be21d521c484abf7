package kr.seoul.sane.routing.decision;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Reads and stores changed decisions without undoing an erasure that landed in between. Creates the collection's
 * index {@code outcome_decided}: the triage queue (outcome TRIAGE, oldest first) and its gauge's count, every 15 s,
 * read the decisions waiting in triage, not every decision ever made.
 */
@Component
class DecisionStore {

    private final RoutingDecisionRepository decisions;
    private final MongoTemplate mongo;

    DecisionStore(RoutingDecisionRepository decisions, MongoTemplate mongo) {
        this.decisions = decisions;
        this.mongo = mongo;
        mongo.indexOps(RoutingDecision.class).createIndex(new Index().on("outcome", Sort.Direction.ASC)
                .on("decidedAt", Sort.Direction.ASC).named("outcome_decided"));
    }

    Optional<RoutingDecision> find(String proposalId) {
        return decisions.findById(proposalId);
    }

    /**
     * The stored decision of a proposal an operator may still act on; a withdrawn one is refused.
     *
     * @throws WithdrawnException when the applicant withdrew the proposal
     */
    Optional<RoutingDecision> open(String proposalId) {
        Optional<RoutingDecision> current = decisions.findById(proposalId);
        if (current.isPresent() && current.get().outcome() == RoutingDecision.Outcome.WITHDRAWN) {
            throw new WithdrawnException(proposalId);
        }
        return current;
    }

    /**
     * Stores a changed decision without undoing an erasure that landed after it was read: the whole document is
     * replaced only while the stored snapshot is not anonymised; otherwise the change is kept with the stored
     * (anonymised) snapshot. Returns what was stored, which is what the caller publishes.
     */
    RoutingDecision store(RoutingDecision changed) {
        if (PersonalDataEraser.anonymized(changed.proposal())) {
            return decisions.save(changed);
        }
        Query unchanged = Query.query(Criteria.where("_id").is(changed.proposalId())
                .andOperator(PersonalDataEraser.notAnonymized()));
        if (mongo.replace(unchanged, changed).getMatchedCount() == 1) {
            return changed;
        }
        return decisions.save(decisions.findById(changed.proposalId())
                .map(stored -> changed.withProposal(stored.proposal())).orElse(changed));
    }
}

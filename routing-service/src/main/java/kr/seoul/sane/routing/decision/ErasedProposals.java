package kr.seoul.sane.routing.decision;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The proposals whose applicant had their personal data erased, as tombstones holding the proposal id and the time
 * only ({@code erased_proposals}). Events of one proposal come on different topics, so
 * {@code proposal.personal-data-erased} may be handled before the proposal's {@code proposal.submitted} (e.g. after
 * a broker outage, when the erasure's topic has a short backlog and the submissions a long one). The erasure writes
 * its tombstone before it strips the stored decision; routing stores a decision before it reads the tombstones. One of
 * the two therefore always sees the other's write, and no decision keeps the applicant's contact.
 */
@Component
class ErasedProposals {

    /** A tombstone: nothing but the proposal id and when the erasure arrived. */
    @Document("erased_proposals")
    record ErasedProposal(@Id String id, Instant erasedAt) {
    }

    private final MongoTemplate mongo;

    ErasedProposals(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Records the erasure (idempotent: a redelivered event keeps the first time). */
    void record(String proposalId, Instant at) {
        mongo.upsert(Query.query(Criteria.where("_id").is(proposalId)), new Update().setOnInsert("erasedAt", at),
                ErasedProposal.class);
    }

    /** Those of {@code proposalIds} whose personal data were erased; one read. */
    Set<String> among(Collection<String> proposalIds) {
        Set<String> erased = new HashSet<>();
        if (proposalIds.isEmpty()) {
            return erased;
        }
        Query query = Query.query(Criteria.where("_id").in(proposalIds));
        query.fields().include("_id");
        mongo.find(query, ErasedProposal.class).forEach(e -> erased.add(e.id()));
        return erased;
    }
}

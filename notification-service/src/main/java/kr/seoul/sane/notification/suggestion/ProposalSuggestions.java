package kr.seoul.sane.notification.suggestion;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@code proposal_suggestions} collection: per proposal id the latest {@code catalog.suggested} (at most 3
 * cases with absolute links, at most 3 institutions). A replayed or older event changes nothing.
 */
@Component
public class ProposalSuggestions {

    private final MongoTemplate mongo;

    public ProposalSuggestions(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Keeps the suggestions unless the same or a newer event is already stored; one upsert. */
    public void remember(Suggestions suggestions) {
        Query olderOrNone = Query.query(Criteria.where("_id").is(suggestions.proposalId())
                .and("occurredAt").lt(suggestions.occurredAt()));
        Update update = new Update().set("eventId", suggestions.eventId())
                .set("occurredAt", suggestions.occurredAt())
                .set("cases", suggestions.cases()).set("institutions", suggestions.institutions());
        try {
            mongo.upsert(olderOrNone, update, Suggestions.class);
        } catch (DuplicateKeyException e) {
            // the same or a newer suggestion is already there
        }
    }

    public Optional<Suggestions> find(String proposalId) {
        return Optional.ofNullable(mongo.findById(proposalId, Suggestions.class));
    }

    @Document("proposal_suggestions")
    public record Suggestions(@Id String proposalId, String eventId, Instant occurredAt, List<SimilarCase> cases,
                              List<Institution> institutions) {

        public List<SimilarCase> casesOrEmpty() {
            return cases == null ? List.of() : cases;
        }

        public List<Institution> institutionsOrEmpty() {
            return institutions == null ? List.of() : institutions;
        }
    }

    /** A published 협력사례: its title and absolute link. */
    public record SimilarCase(String title, String url) {
    }

    /** A 협력기관: its name and homepage. */
    public record Institution(String name, String homepage) {
    }
}

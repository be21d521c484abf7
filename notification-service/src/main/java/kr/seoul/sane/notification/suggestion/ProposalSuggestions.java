package kr.seoul.sane.notification.suggestion;

import kr.seoul.sane.notification.support.ConditionalUpserts;
import kr.seoul.sane.notification.support.PollBuffer;
import org.springframework.data.util.Pair;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

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

    private final PollBuffer<Suggestions> gathered = new PollBuffer<>();
    /** Read ahead for the routings of this thread's batch: the stored suggestions, or empty when there are none. */
    private final PollBuffer<Optional<Suggestions>> readAhead = new PollBuffer<>();

    /**
     * Keeps the suggestions unless the same or a newer event is already stored: one conditional upsert, or within a
     * polled batch ({@link #openPoll}) the newest per proposal, written with the batch ({@link #flush()}).
     */
    public void remember(Suggestions suggestions) {
        if (!gathered.put(suggestions.proposalId(), suggestions, (earlier, later) ->
                later.occurredAt().isAfter(earlier.occurredAt()) ? later : earlier)) {
            ConditionalUpserts.upsertAll(mongo, Suggestions.class, List.of(upsert(suggestions)));
        }
    }

    /** The newest suggestions for the proposal: gathered in this batch, read ahead for it, or read now. */
    public Optional<Suggestions> find(String proposalId) {
        Suggestions pending = gathered.get(proposalId);
        Optional<Suggestions> known = readAhead.get(proposalId);
        if (pending != null) {
            return known != null && known.isPresent() && known.get().occurredAt().isAfter(pending.occurredAt())
                    ? known : Optional.of(pending);
        }
        if (known != null) {
            return known;
        }
        return Optional.ofNullable(mongo.findById(proposalId, Suggestions.class));
    }

    /**
     * Starts a polled batch on this thread: the suggestions of {@code routedProposalIds} (the proposals the batch
     * mails departments about) are read in one query, new ones are gathered until {@link #flush()}.
     */
    public void openPoll(Collection<String> routedProposalIds) {
        gathered.open();
        readAhead.open();
        if (!routedProposalIds.isEmpty()) {
            Map<String, Suggestions> stored = new HashMap<>();
            mongo.find(Query.query(Criteria.where("_id").in(routedProposalIds)), Suggestions.class)
                    .forEach(found -> stored.put(found.proposalId(), found));
            for (String id : routedProposalIds) {
                readAhead.put(id, Optional.ofNullable(stored.get(id)), (a, b) -> a);
            }
        }
    }

    public void closePoll() {
        gathered.close();
        readAhead.close();
    }

    /** Writes the suggestions gathered so far in one bulk write (kept for the next attempt if it fails). */
    public void flush() {
        gathered.writePending(pending -> ConditionalUpserts.upsertAll(mongo, Suggestions.class,
                pending.stream().map(ProposalSuggestions::upsert).toList()));
    }

    private static Pair<Query, Update> upsert(Suggestions suggestions) {
        Query olderOrNone = Query.query(Criteria.where("_id").is(suggestions.proposalId())
                .and("occurredAt").lt(suggestions.occurredAt()));
        Update update = new Update().set("eventId", suggestions.eventId())
                .set("occurredAt", suggestions.occurredAt())
                .set("cases", suggestions.cases()).set("institutions", suggestions.institutions());
        return Pair.of(olderOrNone, update);
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

package kr.seoul.sane.proposal.accounts;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The console accounts in MongoDB. A change is one conditional update on the version it was read at (optimistic,
 * single-document: the embedded store has no transactions) that writes the new state, its audit entry and its event
 * together, like the proposals' outbox.
 */
@Component
class OperatorAccountStore {

    private final MongoTemplate mongo;

    OperatorAccountStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Inserts a new account; throws {@code DuplicateKeyException} when the name is taken. */
    OperatorAccountDocument insert(OperatorAccountDocument account) {
        return mongo.insert(account);
    }

    Optional<OperatorAccountDocument> find(String username) {
        return Optional.ofNullable(mongo.findById(username, OperatorAccountDocument.class));
    }

    List<OperatorAccountDocument> all() {
        return mongo.find(new Query().with(Sort.by("_id")), OperatorAccountDocument.class);
    }

    /** The account after the change, or empty when someone else changed it since {@code version} was read. */
    Optional<OperatorAccountDocument> change(String username, long version, boolean enabled,
                                             Instant sessionsValidFrom, OperatorAccountDocument.AuditEntry entry,
                                             String event) {
        Query query = new Query(Criteria.where("_id").is(username).and("version").is(version));
        Update update = new Update().set("enabled", enabled).set("version", version + 1)
                .set("sessionsValidFrom", sessionsValidFrom).set("changedAt", entry.at()).set("changedBy", entry.by())
                .push("audit", entry).set("pendingEvent", event);
        return Optional.ofNullable(mongo.findAndModify(query, update, FindAndModifyOptions.options().returnNew(true),
                OperatorAccountDocument.class));
    }

    /** Accounts whose last event still waits for the broker's acknowledgement. */
    List<OperatorAccountDocument> pending(int limit) {
        return mongo.find(new Query(Criteria.where("pendingEvent").ne(null)).limit(limit),
                OperatorAccountDocument.class);
    }

    /** Clears the event of {@code version} once it is on the broker (a newer change keeps its own). */
    void published(String username, long version) {
        mongo.updateFirst(new Query(Criteria.where("_id").is(username).and("version").is(version)),
                new Update().set("pendingEvent", null), OperatorAccountDocument.class);
    }
}

package kr.seoul.sane.notification.delivery;

import kr.seoul.sane.notification.mail.RecipientRole;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.index.IndexOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import kr.seoul.sane.notification.support.DuplicateKeys;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;

/**
 * The {@code deliveries} collection: its indexes, the recording of new deliveries, the operators' queries and
 * changes, retention and erasure. Claims are {@link DeliveryClaims}, outcomes {@link DeliveryOutcomes}, the outbox
 * {@link OutboxEntries}, counts {@link BacklogCounts}; every state change is one conditional single-document update,
 * so no transactions are needed.
 */
@Component
public class DeliveryStore {

    static final String COLLECTION = "deliveries";

    private final MongoTemplate mongo;

    public DeliveryStore(MongoTemplate mongo) {
        this.mongo = mongo;
        IndexOperations indexes = mongo.indexOps(Delivery.class);
        indexes.createIndex(new Index().on("sourceEventId", Sort.Direction.ASC).on("template", Sort.Direction.ASC)
                .on("recipient", Sort.Direction.ASC).unique().named("one_mail_per_event_template_recipient"));
        indexes.createIndex(new Index().on("status", Sort.Direction.ASC).on("nextAttemptAt", Sort.Direction.ASC)
                .named("due"));
        indexes.createIndex(new Index().on("createdAt", Sort.Direction.ASC).named("created"));
        // the outbox sweep (OutboxEntries.pendingEvents): the few deliveries whose event is not acknowledged yet;
        // sparse, so only those are in it
        indexes.createIndex(new Index().on(OutboxEntries.PENDING_EVENT + ".since", Sort.Direction.ASC).sparse()
                .named("pending_since"));
    }

    public boolean exists(String id) {
        // a key lookup, not exists(): that counts through an aggregation, which the embedded store answers by
        // reading the whole collection
        Query byId = Query.query(Criteria.where("_id").is(id));
        byId.fields().include("_id");
        return mongo.findOne(byId, Document.class, COLLECTION) != null;
    }

    /** Stores a new delivery; false when this (event, template, recipient) is already recorded. */
    public boolean insert(Delivery delivery) {
        try {
            mongo.insert(delivery);
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /**
     * Stores new deliveries in one unordered bulk insert (one round trip); those whose (event, template,
     * recipient) is already recorded are skipped.
     * @return the ids actually inserted
     */
    public Set<String> insertAll(List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return Set.of();
        }
        if (deliveries.size() == 1) {
            return insert(deliveries.getFirst()) ? Set.of(deliveries.getFirst().id()) : Set.of();
        }
        Set<String> inserted = new LinkedHashSet<>();
        deliveries.forEach(d -> inserted.add(d.id()));
        try {
            mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, Delivery.class).insert(deliveries).execute();
        } catch (BulkOperationException | DuplicateKeyException e) {
            Optional<Set<Integer>> known = DuplicateKeys.refusedIndexes(e);
            if (known.isPresent()) {
                known.get().forEach(index -> inserted.remove(deliveries.get(index).id()));
            } else {
                // no detail: the unordered bulk inserted what it could; a delivery inserted here but reported
                // as known is picked up by the poll after pending-grace
                inserted.clear();
                for (Delivery delivery : deliveries) {
                    if (insert(delivery)) {
                        inserted.add(delivery.id());
                    }
                }
            }
        }
        return inserted;
    }

    public Optional<Delivery> find(String id) {
        return Optional.ofNullable(mongo.findById(id, Delivery.class));
    }

    /** An operator's resend of a failed delivery; false when it is not FAILED. */
    public boolean requeueFailed(String id, Instant now) {
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("status").is(DeliveryStatus.FAILED)),
                        new Update().set("status", DeliveryStatus.RETRY).set("nextAttemptAt", now)
                                .set("attempts", 0).set("permanentFailure", false),
                        Delivery.class)
                .getModifiedCount() == 1;
    }

    /** Removes the rendered mail of deliveries sent before {@code cutoff}; the record stays as exactly-once key. */
    public long stripSentBodies(Instant cutoff) {
        return mongo.updateMulti(Query.query(Criteria.where("status").is(DeliveryStatus.SENT)
                                .and("sentAt").lt(cutoff).and("textBody").ne(null)),
                        new Update().unset("textBody").unset("htmlBody"), Delivery.class)
                .getModifiedCount();
    }

    /**
     * The applicant had their personal data erased: their mails of the proposal not yet sent (PENDING, RETRY,
     * SENDING) become CANCELLED, and every applicant delivery of the proposal loses its address and rendered mail
     * (the record stays as exactly-once key; its recipient becomes {@code erased:<id>}, unique like the address).
     * A send already talking to the SMTP server when this happens may still complete; its outcome is not recorded
     * (every later state change requires SENDING), so nothing is retried.
     * @return how many mails were cancelled
     */
    public long cancelApplicant(String proposalId, Instant now) {
        Query query = Query.query(Criteria.where("proposalId").is(proposalId)
                .and("recipientRole").is(RecipientRole.APPLICANT));
        query.fields().include("_id", "status", "recipient");
        long cancelled = 0;
        // a delivery whose state changed between the read and its update is read again
        for (int pass = 0; pass < 5; pass++) {
            boolean missed = false;
            for (Document d : mongo.find(query, Document.class, COLLECTION)) {
                String id = d.getString("_id");
                if (String.valueOf(d.getString("recipient")).startsWith("erased:")) {
                    continue;
                }
                boolean unsent = BacklogCounts.BACKLOG.stream().anyMatch(w -> w.name().equals(d.getString("status")));
                Update update = new Update().set("recipient", "erased:" + id).set("cc", List.of())
                        .unset("textBody").unset("htmlBody");
                if (unsent) {
                    update.set("status", DeliveryStatus.CANCELLED).set("lastError", "신청인 요청으로 개인정보 삭제")
                            .unset("nextAttemptAt").unset("leaseUntil").set("cancelledAt", now);
                }
                Query still = Query.query(Criteria.where("_id").is(id).and("status").is(d.getString("status")));
                if (mongo.updateFirst(still, update, Delivery.class).getModifiedCount() != 1) {
                    missed = true;
                } else if (unsent) {
                    cancelled++;
                }
            }
            if (!missed) {
                break;
            }
        }
        return cancelled;
    }

    public List<Delivery> findByStatus(DeliveryStatus status, int page, int size) {
        Query query = Query.query(Criteria.where("status").is(status))
                .with(Sort.by(Sort.Direction.DESC, "createdAt")).skip((long) page * size).limit(size);
        return mongo.find(query, Delivery.class);
    }

    public long countByStatus(DeliveryStatus status) {
        return mongo.count(Query.query(Criteria.where("status").is(status)), Delivery.class);
    }

    public List<Delivery> findBySourceEvent(String sourceEventId) {
        return mongo.find(Query.query(Criteria.where("sourceEventId").is(sourceEventId)), Delivery.class);
    }
}

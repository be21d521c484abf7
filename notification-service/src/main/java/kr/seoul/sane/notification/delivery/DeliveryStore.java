package kr.seoul.sane.notification.delivery;

import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.index.IndexOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;

/**
 * The {@code deliveries} collection. Every state change is one conditional single-document update, so two
 * senders (threads or instances) never send the same delivery at once; no transactions are needed.
 */
@Component
public class DeliveryStore {

    static final String COLLECTION = "deliveries";
    /** The outbox entry of a delivery: its {@code notification.*} event until the broker acknowledged it. */
    static final String PENDING_EVENT = "pendingEvent";
    private static final int DUPLICATE_KEY = 11000;
    static final List<DeliveryStatus> WAITING = List.of(DeliveryStatus.PENDING, DeliveryStatus.RETRY);
    static final List<DeliveryStatus> BACKLOG =
            List.of(DeliveryStatus.PENDING, DeliveryStatus.RETRY, DeliveryStatus.SENDING);

    private final MongoTemplate mongo;

    public DeliveryStore(MongoTemplate mongo) {
        this.mongo = mongo;
        IndexOperations indexes = mongo.indexOps(Delivery.class);
        indexes.createIndex(new Index().on("sourceEventId", Sort.Direction.ASC).on("template", Sort.Direction.ASC)
                .on("recipient", Sort.Direction.ASC).unique().named("one_mail_per_event_template_recipient"));
        indexes.createIndex(new Index().on("status", Sort.Direction.ASC).on("nextAttemptAt", Sort.Direction.ASC)
                .named("due"));
        indexes.createIndex(new Index().on("createdAt", Sort.Direction.ASC).named("created"));
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
        } catch (BulkOperationException e) {
            for (BulkWriteError error : e.getErrors()) {
                if (error.getCode() != DUPLICATE_KEY) {
                    throw e;
                }
                inserted.remove(deliveries.get(error.getIndex()).id());
            }
        } catch (DuplicateKeyException e) {
            if (e.getCause() instanceof MongoBulkWriteException bulk) {
                for (BulkWriteError error : bulk.getWriteErrors()) {
                    if (error.getCode() != DUPLICATE_KEY) {
                        throw e;
                    }
                    inserted.remove(deliveries.get(error.getIndex()).id());
                }
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

    /** Claims a fresh delivery for sending right after it was recorded. */
    public Optional<Delivery> claimFresh(String id, Instant now, Duration lease) {
        return claim(Criteria.where("_id").is(id).and("status").is(DeliveryStatus.PENDING), now, lease);
    }

    /**
     * Renews the lease of a delivery still SENDING under a lease that has not run out; empty when it was cancelled
     * or its lease ran out (then the poll may have given it to another sender).
     */
    public Optional<Delivery> renewClaim(String id, Instant now, Duration lease) {
        return Optional.ofNullable(mongo.findAndModify(
                Query.query(Criteria.where("_id").is(id).and("status").is(DeliveryStatus.SENDING)
                        .and("leaseUntil").gt(now)),
                new Update().set("leaseUntil", now.plus(lease)), FindAndModifyOptions.options().returnNew(true),
                Delivery.class));
    }

    /** Claims a delivery that is due, or whose sender died while holding it (lease expired). */
    public Optional<Delivery> claimDue(String id, Instant now, Duration lease) {
        return claim(Criteria.where("_id").is(id).orOperator(dueCriteria(now)), now, lease);
    }

    /** Ids of due deliveries, the longest-waiting first. */
    public List<String> dueIds(Instant now, int limit) {
        return ids(dueCriteria(now), limit);
    }

    /**
     * Ids of the deliveries a sender may take while a backlog drains: the due ones and the PENDING ones still within
     * their grace (their trigger could not be queued), the longest-waiting first.
     */
    public List<String> backlogIds(Instant now, int limit) {
        return ids(backlogCriteria(now), limit);
    }

    /** Claims a delivery of the backlog ({@link #backlogIds}); empty when another sender took it first. */
    public Optional<Delivery> claimBacklog(String id, Instant now, Duration lease) {
        return claim(Criteria.where("_id").is(id).orOperator(backlogCriteria(now)), now, lease);
    }

    private List<String> ids(Criteria[] criteria, int limit) {
        Query query = Query.query(new Criteria().orOperator(criteria)).with(Sort.by("nextAttemptAt")).limit(limit);
        query.fields().include("_id");
        return mongo.find(query, Document.class, COLLECTION).stream().map(d -> d.getString("_id")).toList();
    }

    private static Criteria[] backlogCriteria(Instant now) {
        Criteria[] due = dueCriteria(now);
        Criteria[] criteria = java.util.Arrays.copyOf(due, due.length + 1);
        criteria[due.length] = Criteria.where("status").is(DeliveryStatus.PENDING);
        return criteria;
    }

    /** SENDING → SENT with its {@code notification.delivered} in the outbox, one update; false when no longer SENDING. */
    public boolean markSent(String id, Instant now, PendingEvent event) {
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("status").is(DeliveryStatus.SENDING)),
                withEvent(new Update().set("status", DeliveryStatus.SENT).set("sentAt", now).unset("leaseUntil")
                        .unset("nextAttemptAt").set("lastError", null), event),
                Delivery.class).getModifiedCount() == 1;
    }

    /** A mail SMTP accepted, to be recorded as SENT with its {@code notification.delivered}. */
    public record Sent(String deliveryId, Instant sentAt, PendingEvent event) {
    }

    /**
     * Records several accepted mails as SENT with their outbox entries in one bulk write (each only while it is
     * still SENDING).
     * @return the ids recorded (a delivery cancelled meanwhile is not)
     */
    public Set<String> markAllSent(List<Sent> sent) {
        if (sent.size() == 1) {
            Sent only = sent.getFirst();
            return markSent(only.deliveryId(), only.sentAt(), only.event()) ? Set.of(only.deliveryId()) : Set.of();
        }
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, Delivery.class);
        for (Sent s : sent) {
            bulk.updateOne(Query.query(Criteria.where("_id").is(s.deliveryId()).and("status").is(DeliveryStatus.SENDING)),
                    withEvent(new Update().set("status", DeliveryStatus.SENT).set("sentAt", s.sentAt())
                            .unset("leaseUntil").unset("nextAttemptAt").set("lastError", null), s.event()));
        }
        Set<String> ids = new LinkedHashSet<>();
        sent.forEach(s -> ids.add(s.deliveryId()));
        if (bulk.execute().getModifiedCount() == sent.size()) {
            return ids;
        }
        // some were no longer SENDING: those recorded carry their event
        Query recorded = Query.query(Criteria.where("_id").in(ids).and("status").is(DeliveryStatus.SENT)
                .and(PENDING_EVENT + ".eventId").in(sent.stream().map(s -> s.event().eventId()).toList()));
        recorded.fields().include("_id");
        Set<String> found = new LinkedHashSet<>();
        mongo.find(recorded, Document.class, COLLECTION).forEach(d -> found.add(d.getString("_id")));
        return found;
    }

    /**
     * Puts the delivery back in the queue; {@code countAttempt=false} when the mail was never tried.
     * @param event a {@code notification.failed} to publish with it, or null
     * @return false when the delivery was no longer SENDING
     */
    public boolean scheduleRetry(String id, Instant next, String error, boolean countAttempt, PendingEvent event) {
        Update update = new Update().set("status", DeliveryStatus.RETRY).set("nextAttemptAt", next)
                .unset("leaseUntil").set("lastError", error);
        if (!countAttempt) {
            update.inc("attempts", -1);
        }
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("status").is(DeliveryStatus.SENDING)),
                withEvent(update, event), Delivery.class).getModifiedCount() == 1;
    }

    /** SENDING → FAILED with its {@code notification.failed} in the outbox; false when no longer SENDING. */
    public boolean markFailed(String id, String error, boolean permanent, String fallbackDeliveryId,
                              PendingEvent event) {
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("status").is(DeliveryStatus.SENDING)),
                withEvent(new Update().set("status", DeliveryStatus.FAILED).set("lastError", error)
                        .set("permanentFailure", permanent).set("fallbackDeliveryId", fallbackDeliveryId)
                        .unset("leaseUntil").unset("nextAttemptAt"), event),
                Delivery.class).getModifiedCount() == 1;
    }

    private static Update withEvent(Update update, PendingEvent event) {
        if (event != null) {
            update.set(PENDING_EVENT, new Document("type", event.type()).append("eventId", event.eventId())
                    .append("proposalId", event.proposalId()).append("envelope", event.envelope())
                    .append("since", java.util.Date.from(event.since())));
        }
        return update;
    }

    /** Outbox entries recorded before {@code recordedBefore} (not acknowledged yet), by delivery id. */
    public Map<String, PendingEvent> pendingEvents(Instant recordedBefore, int limit) {
        Query query = Query.query(Criteria.where(PENDING_EVENT + ".since").lt(recordedBefore)).limit(limit);
        query.fields().include("_id", PENDING_EVENT);
        Map<String, PendingEvent> pending = new LinkedHashMap<>();
        for (Document d : mongo.find(query, Document.class, COLLECTION)) {
            Document e = d.get(PENDING_EVENT, Document.class);
            pending.put(d.getString("_id"), new PendingEvent(e.getString("type"), e.getString("eventId"),
                    e.getString("proposalId"), e.getString("envelope"), e.getDate("since").toInstant()));
        }
        return pending;
    }

    /**
     * Clears acknowledged outbox entries (delivery id → eventId) in one bulk write; an entry replaced by a newer
     * outcome in the meantime (another eventId) stays.
     */
    public void clearPendingEvents(Map<String, String> acknowledged) {
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION);
        acknowledged.forEach((id, eventId) -> bulk.updateOne(
                Query.query(Criteria.where("_id").is(id).and(PENDING_EVENT + ".eventId").is(eventId)),
                new Update().unset(PENDING_EVENT)));
        bulk.execute();
    }

    /** After an outage: every waiting retry becomes due now, so the backlog drains without waiting its delay. */
    public long makeRetriesDue(Instant now) {
        return mongo.updateMulti(Query.query(Criteria.where("status").is(DeliveryStatus.RETRY)
                                .and("nextAttemptAt").gt(now)),
                        new Update().set("nextAttemptAt", now), Delivery.class)
                .getModifiedCount();
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
                boolean unsent = BACKLOG.stream().anyMatch(w -> w.name().equals(d.getString("status")));
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

    /** How many deliveries are not yet sent, and when the oldest of them was recorded: one read. */
    public record Backlog(long size, Instant oldestCreatedAt) {
    }

    /** The backlog in one query (one pass over the collection on a store without secondary indexes). */
    public Backlog backlog() {
        Query query = Query.query(Criteria.where("status").in(BACKLOG));
        query.fields().include("createdAt");
        long size = 0;
        Instant oldest = null;
        for (Document d : mongo.find(query, Document.class, COLLECTION)) {
            size++;
            java.util.Date created = d.getDate("createdAt");
            if (created != null && (oldest == null || created.toInstant().isBefore(oldest))) {
                oldest = created.toInstant();
            }
        }
        return new Backlog(size, oldest);
    }

    public long countBacklog() {
        return mongo.count(Query.query(Criteria.where("status").in(BACKLOG)), Delivery.class);
    }

    public Optional<Instant> oldestBacklogCreatedAt() {
        Query query = Query.query(Criteria.where("status").in(BACKLOG)).with(Sort.by("createdAt")).limit(1);
        query.fields().include("createdAt");
        return Optional.ofNullable(mongo.findOne(query, Document.class, COLLECTION))
                .map(d -> d.getDate("createdAt")).map(java.util.Date::toInstant);
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

    private Optional<Delivery> claim(Criteria criteria, Instant now, Duration lease) {
        Update update = new Update().set("status", DeliveryStatus.SENDING).set("leaseUntil", now.plus(lease))
                .inc("attempts", 1);
        return Optional.ofNullable(mongo.findAndModify(Query.query(criteria), update,
                FindAndModifyOptions.options().returnNew(true), Delivery.class));
    }

    private static Criteria[] dueCriteria(Instant now) {
        return new Criteria[] {
                Criteria.where("status").in(WAITING).and("nextAttemptAt").lte(now),
                Criteria.where("status").is(DeliveryStatus.SENDING).and("leaseUntil").lte(now)
        };
    }
}

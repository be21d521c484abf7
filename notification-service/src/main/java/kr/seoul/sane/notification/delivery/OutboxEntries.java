package kr.seoul.sane.notification.delivery;

import org.bson.Document;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outbox in the delivery document (field {@code pendingEvent}): the {@code notification.*} event an outcome
 * calls for, written by the outcome's own update ({@link #withEvent}) and cleared once the broker acknowledged it.
 */
@Component
public class OutboxEntries {

    /** The outbox entry of a delivery: its {@code notification.*} event until the broker acknowledged it. */
    static final String PENDING_EVENT = "pendingEvent";

    private final MongoTemplate mongo;

    public OutboxEntries(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Adds the outbox entry to an outcome's update (nothing when {@code event} is null). */
    static Update withEvent(Update update, PendingEvent event) {
        if (event != null) {
            update.set(PENDING_EVENT, new Document("type", event.type()).append("eventId", event.eventId())
                    .append("proposalId", event.proposalId()).append("envelope", event.envelope())
                    .append("since", Date.from(event.since())));
        }
        return update;
    }

    /** Outbox entries recorded before {@code recordedBefore} (not acknowledged yet), by delivery id. */
    public Map<String, PendingEvent> pendingEvents(Instant recordedBefore, int limit) {
        Query query = Query.query(Criteria.where(PENDING_EVENT + ".since").lt(recordedBefore)).limit(limit);
        query.fields().include("_id", PENDING_EVENT);
        Map<String, PendingEvent> pending = new LinkedHashMap<>();
        for (Document d : mongo.find(query, Document.class, DeliveryStore.COLLECTION)) {
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
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, DeliveryStore.COLLECTION);
        acknowledged.forEach((id, eventId) -> bulk.updateOne(
                Query.query(Criteria.where("_id").is(id).and(PENDING_EVENT + ".eventId").is(eventId)),
                new Update().unset(PENDING_EVENT)));
        bulk.execute();
    }
}

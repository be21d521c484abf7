package kr.seoul.sane.notification.delivery;

import org.bson.Document;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static kr.seoul.sane.notification.delivery.OutboxEntries.PENDING_EVENT;
import static kr.seoul.sane.notification.delivery.OutboxEntries.withEvent;

/**
 * What became of a claimed delivery: SENT, RETRY or FAILED, each one conditional update (only while it is still
 * SENDING) that also writes the outcome's {@code notification.*} event into the outbox.
 */
@Component
public class DeliveryOutcomes {

    private final MongoTemplate mongo;

    public DeliveryOutcomes(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** A mail SMTP accepted, to be recorded as SENT with its {@code notification.delivered}. */
    public record Sent(String deliveryId, Instant sentAt, PendingEvent event) {
    }

    /** SENDING → SENT with its {@code notification.delivered} in the outbox, one update; false when no longer SENDING. */
    public boolean markSent(String id, Instant now, PendingEvent event) {
        return mongo.updateFirst(stillSending(id), sent(now, event), Delivery.class).getModifiedCount() == 1;
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
            bulk.updateOne(stillSending(s.deliveryId()), sent(s.sentAt(), s.event()));
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
        mongo.find(recorded, Document.class, DeliveryStore.COLLECTION).forEach(d -> found.add(d.getString("_id")));
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
        return mongo.updateFirst(stillSending(id), withEvent(update, event), Delivery.class).getModifiedCount() == 1;
    }

    /** SENDING → FAILED with its {@code notification.failed} in the outbox; false when no longer SENDING. */
    public boolean markFailed(String id, String error, boolean permanent, String fallbackDeliveryId,
                              PendingEvent event) {
        return mongo.updateFirst(stillSending(id),
                withEvent(new Update().set("status", DeliveryStatus.FAILED).set("lastError", error)
                        .set("permanentFailure", permanent).set("fallbackDeliveryId", fallbackDeliveryId)
                        .unset("leaseUntil").unset("nextAttemptAt"), event),
                Delivery.class).getModifiedCount() == 1;
    }

    private static Query stillSending(String id) {
        return Query.query(Criteria.where("_id").is(id).and("status").is(DeliveryStatus.SENDING));
    }

    private static Update sent(Instant sentAt, PendingEvent event) {
        return withEvent(new Update().set("status", DeliveryStatus.SENT).set("sentAt", sentAt).unset("leaseUntil")
                .unset("nextAttemptAt").set("lastError", null), event);
    }
}

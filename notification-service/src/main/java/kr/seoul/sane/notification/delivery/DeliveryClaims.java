package kr.seoul.sane.notification.delivery;

import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Which deliveries are waiting, and the claim that gives one to a sender: one conditional single-document update
 * (SENDING with a lease), so two senders (threads or instances) never send the same delivery at once.
 */
@Component
public class DeliveryClaims {

    static final List<DeliveryStatus> WAITING = List.of(DeliveryStatus.PENDING, DeliveryStatus.RETRY);
    /** Which claim of several (threads or instances) took a delivery: only the read of that claim returns it. */
    private static final String CLAIM_MARK = "claimMark";

    private final MongoTemplate mongo;

    public DeliveryClaims(MongoTemplate mongo) {
        this.mongo = mongo;
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

    /**
     * Claims those of {@code ids} that are still waiting (due, and with {@code pendingToo} also PENDING within their
     * grace) in two commands whatever their number: one conditional update makes them SENDING under a lease and this
     * call's claim mark, one read returns the ones this call got (another sender may have taken some first).
     */
    public List<Delivery> claimAll(List<String> ids, boolean pendingToo, Instant now, Duration lease) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String mark = UUID.randomUUID().toString();
        Query waiting = Query.query(Criteria.where("_id").in(ids))
                .addCriteria(new Criteria().orOperator(pendingToo ? backlogCriteria(now) : dueCriteria(now)));
        mongo.updateMulti(waiting, claimUpdate(now, lease).set(CLAIM_MARK, mark), Delivery.class);
        return mongo.find(Query.query(Criteria.where("_id").in(ids).and(CLAIM_MARK).is(mark)), Delivery.class);
    }

    /** After an outage: every waiting retry becomes due now, so the backlog drains without waiting its delay. */
    public long makeRetriesDue(Instant now) {
        return mongo.updateMulti(Query.query(Criteria.where("status").is(DeliveryStatus.RETRY)
                                .and("nextAttemptAt").gt(now)),
                        new Update().set("nextAttemptAt", now), Delivery.class)
                .getModifiedCount();
    }

    private List<String> ids(Criteria[] criteria, int limit) {
        Query query = Query.query(new Criteria().orOperator(criteria)).with(Sort.by("nextAttemptAt")).limit(limit);
        query.fields().include("_id");
        return mongo.find(query, Document.class, DeliveryStore.COLLECTION).stream().map(d -> d.getString("_id"))
                .toList();
    }

    private Optional<Delivery> claim(Criteria criteria, Instant now, Duration lease) {
        return Optional.ofNullable(mongo.findAndModify(Query.query(criteria), claimUpdate(now, lease),
                FindAndModifyOptions.options().returnNew(true), Delivery.class));
    }

    private static Update claimUpdate(Instant now, Duration lease) {
        return new Update().set("status", DeliveryStatus.SENDING).set("leaseUntil", now.plus(lease))
                .inc("attempts", 1);
    }

    private static Criteria[] backlogCriteria(Instant now) {
        Criteria[] due = dueCriteria(now);
        Criteria[] criteria = Arrays.copyOf(due, due.length + 1);
        criteria[due.length] = Criteria.where("status").is(DeliveryStatus.PENDING);
        return criteria;
    }

    private static Criteria[] dueCriteria(Instant now) {
        return new Criteria[] {
                Criteria.where("status").in(WAITING).and("nextAttemptAt").lte(now),
                Criteria.where("status").is(DeliveryStatus.SENDING).and("leaseUntil").lte(now)
        };
    }
}

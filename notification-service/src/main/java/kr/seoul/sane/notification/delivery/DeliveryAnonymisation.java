package kr.seoul.sane.notification.delivery;

import org.bson.Document;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The deliveries' part of the retention period: the applicant's address and every rendered mail of a proposal whose
 * retention ended, the rendered mail of any finished delivery recorded before the cutoff, and addresses marked
 * failing that have not failed since. The delivery records stay (they are the exactly-once keys); an anonymised
 * applicant delivery's recipient becomes {@code erased:<id>} as after an erasure on request.
 */
@Component
public class DeliveryAnonymisation {

    static final String ERASED = "erased:";
    private static final List<DeliveryStatus> FINISHED =
            List.of(DeliveryStatus.SENT, DeliveryStatus.FAILED, DeliveryStatus.CANCELLED);

    private final MongoTemplate mongo;

    public DeliveryAnonymisation(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Of these proposals, those with a delivery recorded at or after {@code cutoff} or not finished yet: their
     * retention has not ended (one read).
     */
    public Set<String> stillActive(Collection<String> proposalIds, Instant cutoff) {
        Query query = Query.query(Criteria.where("proposalId").in(proposalIds).orOperator(
                Criteria.where("createdAt").gte(cutoff), Criteria.where("status").in(DeliveryStore.BACKLOG)));
        query.fields().include("proposalId");
        Set<String> active = new HashSet<>();
        mongo.find(query, Document.class, DeliveryStore.COLLECTION).forEach(d -> active.add(d.getString("proposalId")));
        return active;
    }

    /**
     * The finished deliveries of these proposals lose their rendered mail, the applicant's ones also their address,
     * copies and last error (it may quote the address): one read and one bulk write per kind.
     * @return how many deliveries changed
     */
    public long anonymise(Collection<String> proposalIds, Instant now) {
        if (proposalIds.isEmpty()) {
            return 0;
        }
        Query applicant = Query.query(Criteria.where("proposalId").in(proposalIds)
                .and("recipientRole").is(RecipientRole.APPLICANT).and("status").in(FINISHED));
        applicant.fields().include("_id", "recipient");
        BulkOperations addresses = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, DeliveryStore.COLLECTION);
        int queued = 0;
        for (Document d : mongo.find(applicant, Document.class, DeliveryStore.COLLECTION)) {
            String id = d.getString("_id");
            if (String.valueOf(d.getString("recipient")).startsWith(ERASED)) {
                continue;
            }
            addresses.updateOne(Query.query(Criteria.where("_id").is(id).and("status").in(FINISHED)),
                    withoutBody().set("recipient", ERASED + id).set("cc", List.of()).unset("lastError")
                            .set("anonymizedAt", now));
            queued++;
        }
        long changed = queued == 0 ? 0 : addresses.execute().getModifiedCount();
        Query bodies = Query.query(Criteria.where("proposalId").in(proposalIds).and("status").in(FINISHED)
                .and("textBody").ne(null));
        return changed + mongo.updateMulti(bodies, withoutBody(), DeliveryStore.COLLECTION).getModifiedCount();
    }

    /**
     * Up to {@code limit} finished deliveries recorded before {@code cutoff} lose their rendered mail (whatever
     * their proposal; SENT ones lost it after 30 days already, this reaches FAILED and CANCELLED ones).
     * @return how many deliveries changed; fewer than {@code limit} means none is left
     */
    public long stripBodiesRecordedBefore(Instant cutoff, int limit) {
        Query page = Query.query(oldBodies(cutoff)).limit(limit);
        page.fields().include("_id");
        List<String> ids = mongo.find(page, Document.class, DeliveryStore.COLLECTION).stream()
                .map(d -> d.getString("_id")).toList();
        if (ids.isEmpty()) {
            return 0;
        }
        return mongo.updateMulti(Query.query(oldBodies(cutoff).and("_id").in(ids)), withoutBody(),
                DeliveryStore.COLLECTION).getModifiedCount();
    }

    /** Addresses marked failing whose last failure is older than {@code cutoff} are forgotten. */
    public long forgetFailingAddresses(Instant cutoff) {
        return mongo.remove(Query.query(Criteria.where("lastFailedAt").lt(cutoff)), FailingAddresses.COLLECTION)
                .getDeletedCount();
    }

    private static Criteria oldBodies(Instant cutoff) {
        return Criteria.where("createdAt").lt(cutoff).and("status").in(FINISHED).and("textBody").ne(null);
    }

    private static Update withoutBody() {
        return new Update().unset("textBody").unset("htmlBody");
    }
}

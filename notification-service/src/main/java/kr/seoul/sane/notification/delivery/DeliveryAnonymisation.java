package kr.seoul.sane.notification.delivery;

import kr.seoul.sane.notification.mail.RecipientRole;

import kr.seoul.sane.notification.support.IdRange;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
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
 * applicant delivery's recipient becomes {@code erased:retention} (after an erasure on request it is
 * {@code erased:<id>}), so the erasure leaves it alone too.
 */
@Component
public class DeliveryAnonymisation {

    /** What an applicant delivery names instead of the address once its retention ended. */
    static final String RECIPIENT = "erased:retention";
    private static final String ANONYMIZED_AT = "anonymizedAt";
    private static final List<DeliveryStatus> FINISHED =
            List.of(DeliveryStatus.SENT, DeliveryStatus.FAILED, DeliveryStatus.CANCELLED);

    private final MongoTemplate mongo;

    public DeliveryAnonymisation(MongoTemplate mongo) {
        this.mongo = mongo;
        // the proposal's deliveries are looked up by the retention job and the erasure; a real MongoDB answers that
        // from this index (the embedded store keeps no non-unique index and reads the collection)
        mongo.indexOps(Delivery.class).createIndex(new Index().on("proposalId", Sort.Direction.ASC).named("proposal"));
    }

    /**
     * Of these proposals, those with a delivery recorded at or after {@code cutoff} or not finished yet: their
     * retention has not ended (one read).
     */
    public Set<String> stillActive(Collection<String> proposalIds, Instant cutoff) {
        if (proposalIds.isEmpty()) {
            return Set.of();
        }
        Query query = Query.query(IdRange.within("proposalId", proposalIds).orOperator(
                Criteria.where("createdAt").gte(cutoff), Criteria.where("status").in(BacklogCounts.BACKLOG)));
        query.fields().include("proposalId");
        Set<String> active = new HashSet<>();
        mongo.find(query, Document.class, DeliveryStore.COLLECTION).forEach(d -> active.add(d.getString("proposalId")));
        return active;
    }

    /**
     * The finished applicant deliveries of these proposals lose the address, copies, last error (it may quote the
     * address) and rendered mail: one multi-document update. Their other rendered mails, all recorded before the
     * cutoff, go with {@link #stripBodiesRecordedBefore}.
     * @return how many deliveries changed
     */
    public long anonymiseApplicantMails(Collection<String> proposalIds, Instant now) {
        if (proposalIds.isEmpty()) {
            return 0;
        }
        // a due proposal's contact is no tombstone, so none of its applicant mails was erased on request; there is
        // one applicant delivery per (event, template) (its id says so), so one recipient value keeps the unique
        // index apart
        Query applicant = Query.query(IdRange.within("proposalId", proposalIds)
                .and("recipientRole").is(RecipientRole.APPLICANT).and("status").in(FINISHED)
                .and(ANONYMIZED_AT).is(null));
        return mongo.updateMulti(applicant, withoutBody().set("recipient", RECIPIENT).set("cc", List.of())
                .unset("lastError").set(ANONYMIZED_AT, now), DeliveryStore.COLLECTION).getModifiedCount();
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

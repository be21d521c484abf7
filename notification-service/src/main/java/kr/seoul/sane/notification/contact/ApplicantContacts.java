package kr.seoul.sane.notification.contact;

import kr.seoul.sane.notification.support.ConditionalUpserts;
import kr.seoul.sane.notification.support.PollBuffer;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.util.Pair;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Upserts keyed by proposal id, so replayed events are harmless. An erased contact stays a tombstone
 * ({@code erasedAt}, nothing else), and so does one whose retention period ended ({@code expiredAt}, see
 * {@link ContactRetention}): a late or replayed event of the proposal does not bring the address back.
 */
@Component
public class ApplicantContacts {

    private final MongoTemplate mongo;

    public ApplicantContacts(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Keeps the applicant's contact; one upsert that is also the erasure check.
     * @return false when the applicant had their personal data erased (nothing is remembered)
     */
    public boolean remember(String proposalId, String trackingCode, String email, String language, String title,
                         String organization, Instant now) {
        Update update = new Update()
                .set("trackingCode", trackingCode)
                .set("email", email)
                .set("language", language)
                .set("title", title)
                .set("organization", organization)
                .set("updatedAt", now);
        return upsertUnlessErased(proposalId, update);
    }

    /**
     * One upsert for a routed proposal: the applicant and the department now responsible; also the erasure check.
     * @return false when the applicant had their personal data erased (nothing is remembered)
     */
    public boolean rememberRouted(String proposalId, String trackingCode, String email, String language, String title,
                               String organization, String departmentCode, String departmentName, Instant now) {
        Update update = new Update()
                .set("trackingCode", trackingCode)
                .set("email", email)
                .set("language", language)
                .set("title", title)
                .set("organization", organization)
                .set("departmentCode", departmentCode)
                .set("departmentName", departmentName)
                .set("updatedAt", now);
        return upsertUnlessErased(proposalId, update);
    }

    /** The contact, unless the applicant had their personal data erased or its retention period ended. */
    public Optional<ApplicantContact> find(String proposalId) {
        return Optional.ofNullable(mongo.findById(proposalId, ApplicantContact.class))
                .filter(c -> !tombstone(c));
    }

    /** Whether only the tombstone is left: erased on the applicant's request or at the end of retention. */
    public boolean erased(String proposalId) {
        ApplicantContact contact = mongo.findById(proposalId, ApplicantContact.class);
        return contact != null && tombstone(contact);
    }

    private static boolean tombstone(ApplicantContact contact) {
        return contact.erasedAt() != null || contact.expiredAt() != null;
    }

    /** Deletes everything known about the applicant; the tombstone keeps the proposal from being remembered again. */
    public void erase(String proposalId, Instant now) {
        Update update = withoutPersonalData().set("erasedAt", now);
        Query unerased = Query.query(Criteria.where("_id").is(proposalId).and("erasedAt").is(null));
        try {
            mongo.upsert(unerased, update, ApplicantContact.class);
        } catch (DuplicateKeyException alreadyErased) {
            // the tombstone is there already (a redelivered event)
        }
    }

    /**
     * Removes everything but the id: what erasure and the end of retention leave of a contact ({@code departmentEmail}
     * only in contacts stored by earlier versions: the department's address is now always the directory's).
     */
    static Update withoutPersonalData() {
        return new Update()
                .unset("trackingCode").unset("email").unset("language").unset("title").unset("organization")
                .unset("departmentCode").unset("departmentName").unset("departmentEmail").unset("updatedAt");
    }

    /** A contact upsert waiting for the end of the batch. */
    private record Gathered(String proposalId, Update update) {
    }

    private final PollBuffer<Gathered> gathered = new PollBuffer<>();
    /** The proposals whose contact turned out erased in this thread's batch. */
    private final ThreadLocal<Set<String>> erasedInPoll = new ThreadLocal<>();

    /** Gathers this thread's contact upserts until {@link #closePoll()} ({@link #flush()} writes them). */
    public void openPoll() {
        gathered.open();
        erasedInPoll.set(new HashSet<>());
    }

    public void closePoll() {
        gathered.close();
        erasedInPoll.remove();
    }

    /**
     * Writes the contacts gathered so far in one bulk write, which is also their erasure check.
     * @return the proposals of this batch whose applicant had their personal data erased: nothing of them may be
     *         written (their mails and reminder clocks are dropped)
     */
    public Set<String> flush() {
        Set<String> erased = erasedInPoll.get();
        if (erased == null) {
            return Set.of();
        }
        gathered.writePending(pending -> ConditionalUpserts.upsertAll(mongo, ApplicantContact.class,
                        pending.stream().map(g -> Pair.of(unerased(g.proposalId()), g.update())).toList())
                .forEach(index -> erased.add(pending.get(index).proposalId())));
        return Set.copyOf(erased);
    }

    private boolean upsertUnlessErased(String proposalId, Update update) {
        if (gathered.put(proposalId, new Gathered(proposalId, update), ApplicantContacts::merged)) {
            return true; // checked when the batch is written (flush)
        }
        return ConditionalUpserts.upsertAll(mongo, ApplicantContact.class,
                List.of(Pair.of(unerased(proposalId), update))).isEmpty();
    }

    /** Only a tombstone (erased or expired) has this id and does not match: the upsert is then refused. */
    private static Query unerased(String proposalId) {
        return Query.query(Criteria.where("_id").is(proposalId).and("erasedAt").is(null).and("expiredAt").is(null));
    }

    /** Both events' fields, the later one's values where both set one. */
    @SuppressWarnings("unchecked")
    private static Gathered merged(Gathered earlier, Gathered later) {
        Document set = new Document((Map<String, Object>) earlier.update().getUpdateObject().get("$set"));
        set.putAll((Map<String, Object>) later.update().getUpdateObject().get("$set"));
        return new Gathered(earlier.proposalId(), Update.fromDocument(new Document("$set", set)));
    }
}

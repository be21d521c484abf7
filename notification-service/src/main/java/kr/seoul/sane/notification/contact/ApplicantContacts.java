package kr.seoul.sane.notification.contact;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;

/**
 * Upserts keyed by proposal id, so replayed events are harmless. An erased contact stays a tombstone
 * ({@code erasedAt}, nothing else): a late or replayed event of the proposal does not bring the address back.
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
                               String organization, String departmentCode, String departmentName,
                               String departmentEmail, Instant now) {
        Update update = new Update()
                .set("trackingCode", trackingCode)
                .set("email", email)
                .set("language", language)
                .set("title", title)
                .set("organization", organization)
                .set("departmentCode", departmentCode)
                .set("departmentName", departmentName)
                .set("departmentEmail", departmentEmail)
                .set("updatedAt", now);
        return upsertUnlessErased(proposalId, update);
    }

    /** The contact, unless the applicant had their personal data erased. */
    public Optional<ApplicantContact> find(String proposalId) {
        return Optional.ofNullable(mongo.findById(proposalId, ApplicantContact.class))
                .filter(c -> c.erasedAt() == null);
    }

    public boolean erased(String proposalId) {
        ApplicantContact contact = mongo.findById(proposalId, ApplicantContact.class);
        return contact != null && contact.erasedAt() != null;
    }

    /** Deletes everything known about the applicant; the tombstone keeps the proposal from being remembered again. */
    public void erase(String proposalId, Instant now) {
        Update update = new Update()
                .unset("trackingCode").unset("email").unset("language").unset("title").unset("organization")
                .unset("departmentCode").unset("departmentName").unset("departmentEmail").unset("updatedAt")
                .set("erasedAt", now);
        Query unerased = Query.query(Criteria.where("_id").is(proposalId).and("erasedAt").is(null));
        try {
            mongo.upsert(unerased, update, ApplicantContact.class);
        } catch (DuplicateKeyException alreadyErased) {
            // the tombstone is there already (a redelivered event)
        }
    }

    private boolean upsertUnlessErased(String proposalId, Update update) {
        try {
            mongo.upsert(Query.query(Criteria.where("_id").is(proposalId).and("erasedAt").is(null)), update,
                    ApplicantContact.class);
            return true;
        } catch (DuplicateKeyException erased) {
            // only the tombstone of an erased contact has this id and does not match: nothing is remembered
            return false;
        }
    }
}

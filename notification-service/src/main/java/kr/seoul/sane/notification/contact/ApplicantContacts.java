package kr.seoul.sane.notification.contact;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;

/** Upserts keyed by proposal id, so replayed events are harmless. */
@Component
public class ApplicantContacts {

    private final MongoTemplate mongo;

    public ApplicantContacts(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public void remember(String proposalId, String trackingCode, String email, String language, String title,
                         String organization, Instant now) {
        Update update = new Update()
                .set("trackingCode", trackingCode)
                .set("email", email)
                .set("language", language)
                .set("title", title)
                .set("organization", organization)
                .set("updatedAt", now);
        mongo.upsert(Query.query(Criteria.where("_id").is(proposalId)), update, ApplicantContact.class);
    }

    /** One upsert for a routed proposal: the applicant and the department now responsible. */
    public void rememberRouted(String proposalId, String trackingCode, String email, String language, String title,
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
        mongo.upsert(Query.query(Criteria.where("_id").is(proposalId)), update, ApplicantContact.class);
    }

    public Optional<ApplicantContact> find(String proposalId) {
        return Optional.ofNullable(mongo.findById(proposalId, ApplicantContact.class));
    }
}

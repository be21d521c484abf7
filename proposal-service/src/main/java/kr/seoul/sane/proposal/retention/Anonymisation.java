package kr.seoul.sane.proposal.retention;

import kr.seoul.sane.proposal.attachment.Attachment;
import kr.seoul.sane.proposal.model.Proposal;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * The one definition of what anonymising a proposal removes: the contact name (replaced by {@link #ANONYMOUS}),
 * e-mail, phone and the attached file. Organisation, title, content and timeline stay for the statistics. Used by
 * the {@link RetentionJob} and by the applicant's erasure on request.
 */
@Component
public class Anonymisation {

    public static final String ANONYMOUS = "(익명 처리됨)";

    private final MongoTemplate mongo;

    Anonymisation(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Deletes the proposal's file. Called before the update of the proposal: should that fail, the proposal still
     * names its file and the next attempt removes both.
     */
    public void removeFiles(Proposal p) {
        mongo.remove(Query.query(Criteria.where("proposalId").is(p.getId())), Attachment.class);
        if (p.getAttachment() != null) {
            mongo.remove(Query.query(Criteria.where("_id").is(p.getAttachment().id())), Attachment.class);
        }
    }

    /** Adds the removal of the personal fields to {@code update}; apply it guarded by {@code anonymizedAt: null}. */
    public static Update personalFields(Update update, Instant now) {
        return update
                .set("contactName", ANONYMOUS)
                .unset("email")
                .unset("emailKey")
                .unset("phone")
                .unset("attachment")
                .set("anonymizedAt", now);
    }
}

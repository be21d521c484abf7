package kr.seoul.sane.notification.contact;

import kr.seoul.sane.notification.support.IdRange;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The contacts whose retention period may have ended, and their anonymisation: what is left is a tombstone
 * ({@code _id}, {@code expiredAt}), so a replayed event of the proposal does not bring the address back.
 */
@Component
public class ContactRetention {

    private final MongoTemplate mongo;

    public ContactRetention(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Up to {@code limit} contacts (ids in ascending order, after {@code after}) still holding personal data whose
     * last {@code proposal.submitted} / {@code proposal.routed} was handled before {@code cutoff}.
     */
    public List<String> idleSince(Instant cutoff, String after, int limit) {
        Criteria criteria = live().and("updatedAt").lt(cutoff);
        if (after != null) {
            criteria = criteria.and("_id").gt(after);
        }
        Query page = Query.query(criteria).with(Sort.by("_id")).limit(limit);
        page.fields().include("_id");
        return mongo.find(page, ApplicantContact.class).stream().map(ApplicantContact::proposalId).toList();
    }

    /**
     * Anonymises these contacts in one write, unless one was updated at or after {@code cutoff} meanwhile (a new
     * event) or is a tombstone already.
     * @return how many contacts were anonymised
     */
    public long expire(Collection<String> proposalIds, Instant cutoff, Instant now) {
        if (proposalIds.isEmpty()) {
            return 0;
        }
        Query due = Query.query(IdRange.within("_id", proposalIds).and("erasedAt").is(null).and("expiredAt").is(null)
                .and("updatedAt").lt(cutoff));
        return mongo.updateMulti(due, ApplicantContacts.withoutPersonalData().set("expiredAt", now),
                ApplicantContact.class).getModifiedCount();
    }

    private static Criteria live() {
        return Criteria.where("erasedAt").is(null).and("expiredAt").is(null);
    }
}

package kr.seoul.sane.proposal.intake;

import kr.seoul.sane.proposal.model.Proposal;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Finds an earlier proposal from the same e-mail with nearly the same title and content within 24 hours.
 * The recent submissions of one e-mail live in one small document keyed by the e-mail ({@code recent_submissions}),
 * so the check is a primary-key read on every store, including the embedded one that ignores secondary indexes.
 */
@Component
class DuplicateDetector {

    static final Duration WINDOW = Duration.ofHours(24);
    static final double THRESHOLD = 0.9;
    static final String COLLECTION = "recent_submissions";

    private final MongoTemplate mongo;

    DuplicateDetector(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * What one read of the e-mail's recent submissions found.
     *
     * @param earlier the proposal this submission repeats, if any
     * @param stale   whether the document holds entries older than the window (to be forgotten)
     */
    record Check(Optional<Proposal> earlier, boolean stale) {
    }

    /** One primary-key read (and one more only when a near copy is found: the earlier proposal). */
    Check check(String emailKey, String title, String content, Instant now) {
        Document recent = mongo.findById(emailKey, Document.class, COLLECTION);
        if (recent == null) {
            return new Check(Optional.empty(), false);
        }
        String text = TextSimilarity.normalise(title + "\n" + content);
        Date since = Date.from(now.minus(WINDOW));
        boolean stale = false;
        for (Document entry : recent.getList("entries", Document.class, List.of())) {
            Date at = entry.getDate("submittedAt");
            if (at == null || at.before(since)) {
                stale = true;
                continue;
            }
            if (TextSimilarity.similarity(text, entry.getString("text")) >= THRESHOLD) {
                Proposal first = mongo.findById(entry.getString("proposalId"), Proposal.class);
                if (first != null) {
                    return new Check(Optional.of(first), stale);
                }
            }
        }
        return new Check(Optional.empty(), stale);
    }

    /**
     * Remembers an accepted proposal for the next 24 hours (one upsert); forgets older ones of the same e-mail
     * (a second write) only when the check saw some.
     */
    void remember(Proposal p, boolean stale) {
        Query byEmail = Query.query(Criteria.where("_id").is(p.getEmailKey()));
        Document entry = new Document("proposalId", p.getId())
                .append("submittedAt", Date.from(p.getSubmittedAt()))
                .append("text", TextSimilarity.normalise(p.getTitle() + "\n" + p.getContent()));
        mongo.upsert(byEmail, new Update().push("entries", entry), COLLECTION);
        if (stale) {
            mongo.updateFirst(byEmail, new Update().pull("entries",
                    new Document("submittedAt", new Document("$lt", Date.from(p.getSubmittedAt().minus(WINDOW))))),
                    COLLECTION);
        }
    }
}

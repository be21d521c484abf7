package kr.seoul.sane.proposal.intake;

import kr.seoul.sane.proposal.model.Proposal;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Finds an earlier proposal from the same e-mail with nearly the same title and content within 24 hours.
 * The recent submissions of one e-mail live in one small document keyed by the e-mail ({@code recent_submissions}),
 * so the check is a primary-key operation on every store, including the embedded one that ignores secondary
 * indexes; remembering the new submission and reading the earlier ones are one round trip.
 *
 * <p>What it keeps is personal (the document's key is the e-mail) and kept no longer than the check needs: an
 * e-mail's document goes once it holds no submission of the last 24 hours ({@link #sweep}, hourly), and an erasure
 * takes the proposal's entry with it ({@link #forgetErased}).
 */
@Component
public class DuplicateDetector {

    static final Duration WINDOW = Duration.ofHours(24);
    static final double THRESHOLD = 0.9;
    static final String COLLECTION = "recent_submissions";

    private final MongoTemplate mongo;
    private final Clock clock;

    DuplicateDetector(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    /**
     * What the e-mail's recent submissions held before this one was added.
     *
     * @param earlier the proposal this submission repeats, if any
     * @param stale   whether the document holds entries older than the window (to be forgotten)
     */
    record Check(Optional<Proposal> earlier, boolean stale) {
    }

    /**
     * Remembers {@code p} (its id drawn, not yet stored) for the next 24 hours and answers, from the entries that
     * were there before, whether it repeats an earlier proposal: one round trip (an upsert that returns the
     * document as it was), one more only when a near copy is found (the earlier proposal). An entry whose proposal
     * never got stored finds nothing later and is skipped.
     */
    Check rememberAndCheck(Proposal p, Instant now) {
        String text = TextSimilarity.normalise(p.getTitle() + "\n" + p.getContent());
        Document entry = new Document("proposalId", p.getId())
                .append("submittedAt", Date.from(p.getSubmittedAt()))
                .append("text", text);
        Document recent;
        try {
            recent = upsert(p.getEmailKey(), entry);
        } catch (DuplicateKeyException concurrentFirst) {
            // two first submissions of one e-mail at once: the other created the document, push to it
            recent = upsert(p.getEmailKey(), entry);
        }
        if (recent == null) {
            return new Check(Optional.empty(), false);
        }
        Date since = Date.from(now.minus(WINDOW));
        boolean stale = false;
        for (Document earlier : recent.getList("entries", Document.class, List.of())) {
            Date at = earlier.getDate("submittedAt");
            if (at == null || at.before(since)) {
                stale = true;
                continue;
            }
            if (TextSimilarity.similarity(text, earlier.getString("text")) >= THRESHOLD) {
                Proposal first = mongo.findById(earlier.getString("proposalId"), Proposal.class);
                if (first != null) {
                    return new Check(Optional.of(first), stale);
                }
            }
        }
        return new Check(Optional.empty(), stale);
    }

    /** Forgets {@code p} again: it was a duplicate, or it could not be stored. */
    void forget(Proposal p) {
        mongo.updateFirst(byEmail(p.getEmailKey()),
                new Update().pull("entries", new Document("proposalId", p.getId())), COLLECTION);
    }

    /** Forgets the e-mail's entries older than the window (only called when the check saw some). */
    void prune(String emailKey, Instant now) {
        mongo.updateFirst(byEmail(emailKey), new Update().pull("entries",
                new Document("submittedAt", new Document("$lt", Date.from(now.minus(WINDOW))))), COLLECTION);
    }

    /**
     * Drops the documents of e-mails without a submission in the last 24 hours (an address that did not submit
     * again keeps nothing here longer than that and an hour); idempotent.
     *
     * @return how many documents went
     */
    @Scheduled(cron = "${platform.retention.recent-submissions-cron:0 15 * * * *}", zone = "Asia/Seoul")
    public long sweep() {
        Date since = Date.from(clock.instant().minus(WINDOW));
        return mongo.remove(Query.query(new Criteria().norOperator(Criteria.where("entries.submittedAt").gte(since))),
                        COLLECTION)
                .getDeletedCount();
    }

    /** An erased proposal's entry goes, and the e-mail's document with it when it holds nothing else. */
    public void forgetErased(String emailKey, String proposalId) {
        if (emailKey == null) {
            return;
        }
        mongo.updateFirst(byEmail(emailKey), new Update().pull("entries", new Document("proposalId", proposalId)),
                COLLECTION);
        mongo.remove(Query.query(Criteria.where("_id").is(emailKey).and("entries").size(0)), COLLECTION);
    }

    private Document upsert(String emailKey, Document entry) {
        return mongo.findAndModify(byEmail(emailKey), new Update().push("entries", entry),
                FindAndModifyOptions.options().upsert(true).returnNew(false), Document.class, COLLECTION);
    }

    private static Query byEmail(String emailKey) {
        return Query.query(Criteria.where("_id").is(emailKey));
    }
}

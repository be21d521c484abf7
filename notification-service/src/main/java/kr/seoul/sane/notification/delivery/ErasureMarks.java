package kr.seoul.sane.notification.delivery;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * When an erasure last cancelled applicant mails, in one small document every instance shares. An erasure notes its
 * time here before it cancels anything ({@link #note}). A sender about to send an applicant mail that waited in its
 * queue asks {@link #mayHaveCancelled} instead of reading the delivery again: only when an erasure came after the
 * mail was recorded does the sender read it again (the claim's renewal, which finds a cancelled mail). So while no
 * erasure happens, a backlog of applicant mails costs one read of this document per second per instance instead of
 * one conditional update per mail.
 *
 * <p>The answer is at most {@link #MAX_AGE} old: an erasure in that last second may go unseen, as one does that
 * comes in while the mail is being sent. Instants compared across instances allow {@link #SKEW} between their clocks.
 * When the document cannot be read, the answer is yes, so the sender reads the delivery as it would without this.
 */
@Component
public class ErasureMarks {

    static final String COLLECTION = "delivery_marks";
    static final Duration MAX_AGE = Duration.ofSeconds(1);
    static final Duration SKEW = Duration.ofSeconds(10);
    private static final String ID = "applicant-erasures";
    private static final String LAST_AT = "lastAt";
    private static final Logger log = LoggerFactory.getLogger(ErasureMarks.class);

    private final MongoTemplate mongo;
    /** When the document was last read ({@link System#nanoTime}), and what it said; guarded by {@code this}. */
    private long readAt;
    private boolean fresh;
    private Instant lastErasure;

    public ErasureMarks(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** An erasure of {@code now} is about to cancel applicant mails (idempotent; a later one keeps the later time). */
    public void note(Instant now) {
        mongo.upsert(Query.query(Criteria.where("_id").is(ID)), new Update().max(LAST_AT, Date.from(now)),
                COLLECTION);
        synchronized (this) {
            fresh = false;
        }
    }

    /** Whether an erasure may have cancelled a mail recorded at {@code recordedAt} (null: not known, so yes). */
    public boolean mayHaveCancelled(Instant recordedAt) {
        if (recordedAt == null) {
            return true;
        }
        try {
            Instant last = lastErasure();
            return last != null && !last.isBefore(recordedAt.minus(SKEW));
        } catch (RuntimeException e) {
            log.debug("erasure mark not readable: {}", e.toString());
            return true;
        }
    }

    private synchronized Instant lastErasure() {
        long now = System.nanoTime();
        if (!fresh || now - readAt >= MAX_AGE.toNanos()) {
            Document mark = mongo.findById(ID, Document.class, COLLECTION);
            Date at = mark == null ? null : mark.getDate(LAST_AT);
            lastErasure = at == null ? null : at.toInstant();
            readAt = now;
            fresh = true;
        }
        return lastErasure;
    }
}

package kr.seoul.sane.catalog.proposals;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import kr.seoul.sane.catalog.transparency.ProposalTrack;
import kr.seoul.sane.catalog.transparency.ProposalTracks;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * The retention period of the proposal digests ({@code platform.retention.days}, default 1095, the same property and
 * period as proposal-service's): a digest whose proposal closed longer ago loses its free text and organisation
 * ({@code title}, {@code summary}, {@code organization}); its field, department, suggestions and dates stay for the
 * counts. When the proposal closed comes from the transparency read model (the time of its latest status change, if
 * that is 완료, 반려, 협력제안 아님 or 철회); a proposal that read model does not know counts from the last event the
 * digest saw (its submission or its suggestions, whichever is later). The transparency read model itself holds no
 * personal data and stays as it is, so the open data does not change.
 *
 * <p>Runs daily ({@code platform.retention.cron}, default 03:30 Seoul time) in pages of
 * {@code platform.retention.batch} (default 500) digests submitted before the cutoff, in id order: per page one read
 * of the digests, one of their tracks and one write. Idempotent: an anonymised digest ({@code anonymizedAt}) is not
 * selected again. No TTL index: the embedded store has none.
 */
@Component
public class DigestRetention {

    static final String DIGESTS = "proposals";
    private static final Logger log = LoggerFactory.getLogger(DigestRetention.class);

    private final MongoTemplate mongo;
    private final ProposalTracks tracks;
    private final Duration retention;
    private final int batch;
    private final Clock clock;
    private final Counter anonymised;

    DigestRetention(MongoTemplate mongo, ProposalTracks tracks, @Value("${platform.retention.days:1095}") long days,
                    @Value("${platform.retention.batch:500}") int batch, MeterRegistry meters, Clock clock) {
        if (days < 1 || batch < 1) {
            throw new IllegalArgumentException("platform.retention.days and platform.retention.batch must be positive");
        }
        this.mongo = mongo;
        this.tracks = tracks;
        this.retention = Duration.ofDays(days);
        this.batch = batch;
        this.clock = clock;
        this.anonymised = Counter.builder("sane.catalog.anonymized")
                .description("Proposal digests whose free text and organisation the retention job removed")
                .register(meters);
    }

    @Scheduled(cron = "${platform.retention.cron:0 30 3 * * *}", zone = "Asia/Seoul")
    void scheduled() {
        try {
            run(clock.instant());
        } catch (RuntimeException e) {
            // the message could quote a stored value: only the kind of failure is logged; tomorrow's run retries
            log.warn("digest retention failed: {}", e.getClass().getName());
        }
    }

    /**
     * One pass as of {@code now}.
     *
     * @return the number of digests anonymised
     */
    public long run(Instant now) {
        Instant cutoff = now.minus(retention);
        long done = 0;
        Object after = null;
        while (true) {
            // closing comes after submission: only digests submitted before the cutoff can be due
            Criteria criteria = Criteria.where("anonymizedAt").is(null).and("submittedAt").lt(cutoff);
            if (after != null) {
                criteria = criteria.and("_id").gt(after);
            }
            Query page = Query.query(criteria).with(Sort.by("_id")).limit(batch);
            page.fields().include("_id", "submittedAt", "suggestedAt");
            List<Document> digests = mongo.find(page, Document.class, DIGESTS);
            if (digests.isEmpty()) {
                break;
            }
            after = digests.getLast().get("_id");
            done += anonymiseDue(digests, cutoff, now);
            if (digests.size() < batch) {
                break;
            }
        }
        anonymised.increment(done);
        if (done > 0) {
            log.info("retention: {} proposal digest(s) of proposals closed before {} anonymised", done, cutoff);
        }
        return done;
    }

    private long anonymiseDue(List<Document> digests, Instant cutoff, Instant now) {
        // the page is in id order, so its first and last ids bound every id of it
        List<Object> ids = digests.stream().map(d -> d.get("_id")).toList();
        Map<String, ProposalTrack> known = tracks.byId(ids);
        List<Object> due = new ArrayList<>();
        for (Document digest : digests) {
            Object id = digest.get("_id");
            ProposalTrack track = known.get(id instanceof ObjectId objectId ? objectId.toHexString() : String.valueOf(id));
            Instant lastKnown = track != null ? track.closedAt().orElse(null) : lastEvent(digest);
            if (lastKnown != null && lastKnown.isBefore(cutoff)) {
                due.add(id);
            }
        }
        if (due.isEmpty()) {
            return 0;
        }
        Criteria page = Criteria.where("_id").gte(ids.getFirst()).lte(ids.getLast()).in(due);
        return mongo.updateMulti(Query.query(page.and("anonymizedAt").is(null)),
                new Update().unset("title").unset("summary").unset("organization").set("anonymizedAt", now),
                DIGESTS).getModifiedCount();
    }

    /** The later of the digest's submission and its suggestions: the last event it saw. */
    private static Instant lastEvent(Document digest) {
        Date submitted = digest.getDate("submittedAt");
        Date suggested = digest.getDate("suggestedAt");
        Date later = suggested != null && (submitted == null || suggested.after(submitted)) ? suggested : submitted;
        return later == null ? null : later.toInstant();
    }
}

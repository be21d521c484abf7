package kr.seoul.sane.routing.privacy;

import kr.seoul.sane.routing.decision.PersonalDataEraser;
import kr.seoul.sane.routing.decision.RoutingDecision;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The retention period ({@code platform.retention.days}, default 1095, the same property and period as
 * proposal-service's): a decision whose proposal was submitted longer ago loses the personal fields of its snapshot
 * ({@link PersonalDataEraser}). Runs daily ({@code platform.retention.cron}, default 03:30 Seoul time) in batches of
 * {@code platform.retention.batch} (default 500) decisions, paging by id; idempotent (an anonymised snapshot is not
 * selected again). No TTL index: the embedded store has none, and the decision itself stays.
 */
@Component
public class RetentionJob {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final MongoTemplate mongo;
    private final PersonalDataEraser eraser;
    private final Duration retention;
    private final int batch;
    private final Clock clock;

    RetentionJob(MongoTemplate mongo, PersonalDataEraser eraser,
                 @Value("${platform.retention.days:1095}") long days,
                 @Value("${platform.retention.batch:500}") int batch, Clock clock) {
        this.clock = clock;
        if (days < 1 || batch < 1) {
            throw new IllegalArgumentException("platform.retention.days and platform.retention.batch must be positive");
        }
        this.mongo = mongo;
        this.eraser = eraser;
        this.retention = Duration.ofDays(days);
        this.batch = batch;
    }

    @Scheduled(cron = "${platform.retention.cron:0 30 3 * * *}", zone = "Asia/Seoul")
    void scheduled() {
        try {
            run(clock.instant());
        } catch (RuntimeException e) {
            log.warn("retention pass failed (the next run retries): {}", e.getClass().getName());
        }
    }

    /**
     * One pass as of {@code now}.
     *
     * @return the number of decisions anonymised
     */
    public long run(Instant now) {
        // the snapshot keeps submittedAt as ISO-8601 UTC text (Instant.toString()), so text order is time order;
        // a cutoff in whole seconds errs by less than a second, towards anonymising
        String cutoff = now.minus(retention).truncatedTo(ChronoUnit.SECONDS).toString();
        long done = 0;
        String after = null;
        while (true) {
            Criteria criteria = PersonalDataEraser.notAnonymized()
                    .and(PersonalDataEraser.SNAPSHOT + ".submittedAt").lt(cutoff);
            if (after != null) {
                criteria = criteria.and("_id").gt(after);
            }
            Query page = Query.query(criteria).with(Sort.by("_id")).limit(batch);
            page.fields().include("_id");
            List<String> ids = mongo.find(page, Document.class, mongo.getCollectionName(RoutingDecision.class))
                    .stream().map(d -> String.valueOf(d.get("_id"))).toList();
            if (ids.isEmpty()) {
                break;
            }
            after = ids.getLast();
            done += eraser.erase(ids, PersonalDataEraser.Trigger.RETENTION, now);
            if (ids.size() < batch) {
                break;
            }
        }
        if (done > 0) {
            log.info("retention: personal fields removed from {} routing decision(s) submitted before {}", done, cutoff);
        }
        return done;
    }
}
